"""The `scenes` command: a thin layer over the Python API.

`base` holds the group and the one place errors become messages and exit codes; each command
family has its module (`export`: validate, export, formats, schema, template; `newsletter`;
`review`). Importing one registers its commands (export's here, the others when named, see
`base.ScenesGroup`); none imports this package back.
"""

from __future__ import annotations

import os
import sys

import click

from pipeline import interrupts
from pipeline.cli import export  # noqa: F401  (registers its commands; the others on use)
from pipeline.cli.base import cli, interrupted, silence_stdout
from pipeline.errors import EXIT_CLOSED_PIPE, Interrupted


def main() -> None:
    """The `scenes` command. Signals become clean exits (130, 143) wherever they arrive, even
    while click parses the command line."""
    # pydantic scans every installed package for its plugins at the first model: 15 ms of
    # start-up that the command line never needs. (Only the CLI decides this, not the library.)
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    interrupts.install()
    try:
        try:
            code = cli.main(prog_name="scenes", standalone_mode=False)
        except click.ClickException as exc:
            exc.show()
            code = exc.exit_code
        except click.exceptions.Abort as exc:  # click's name for Ctrl-C during its own parsing
            code = interrupted(exc.__context__ or KeyboardInterrupt())
        except (KeyboardInterrupt, Interrupted) as exc:
            code = interrupted(exc)
        except BrokenPipeError:
            silence_stdout()
            code = EXIT_CLOSED_PIPE
        interrupts.finished()  # from here on a signal changes nothing: the work is done
    except (KeyboardInterrupt, Interrupted) as exc:  # the first signal came while reporting
        code = interrupted(exc)
    interrupts.finished()
    sys.exit(code if isinstance(code, int) else 0)


__all__ = ["cli", "main"]
