"""`python -m pipeline` and the `scenes` command.

The signal handlers go in before anything else loads, so Ctrl-C while click and the rest are
still being imported is a clean "interrupted" too, not a traceback.
"""

from __future__ import annotations

import sys

from pipeline import interrupts
from pipeline.errors import EXIT_INTERRUPTED, EXIT_TERMINATED, Interrupted

interrupts.install()


def main() -> None:
    try:
        from pipeline.cli import main as run
    except (KeyboardInterrupt, Interrupted) as exc:
        sys.stderr.write("interrupted\n")
        sys.exit(EXIT_INTERRUPTED if isinstance(exc, KeyboardInterrupt) else EXIT_TERMINATED)
    run()


if __name__ == "__main__":
    main()
