"""`python -m pipeline` and the `scenes` command.

The signal handlers go in before anything else loads, so Ctrl-C while click and the rest are
still being imported is a clean "interrupted" too, not a traceback.
"""

from __future__ import annotations

import os
import sys

from pipeline import _import_msgspec, interrupts
from pipeline.errors import Interrupted, exit_code_of

interrupts.install()


def main() -> None:
    try:
        _import_msgspec()  # after the handlers: a Ctrl-C while it loads is "interrupted" too
        from pipeline.cli import main as run
    except (KeyboardInterrupt, Interrupted) as exc:
        interrupts.finished()
        sys.stderr.write("interrupted\n")
        sys.stderr.flush()
        # As `cli.leave`: no interpreter shutdown, which could still end the process by the
        # signal (CPython does so for an interrupt it took as unhandled), not with this code.
        os._exit(exit_code_of(exc))
    run()


if __name__ == "__main__":
    main()
