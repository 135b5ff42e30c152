"""The `scenes` command: a thin layer over the Python API.

`base` holds the group and the one place errors become messages and exit codes; each command
family has its module (`export`: validate, check, export; `catalog`: formats, schema,
template; `newsletter`; `review`; `serve`). Importing one registers its commands (export's and
catalog's here, the others when named, see
`base.ScenesGroup`); none imports this package back.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from typing import NoReturn

import click

from pipeline import interrupts
from pipeline.cli import catalog, export  # noqa: F401  (register their commands; others on use)
from pipeline.cli.base import cli, interrupted, silence_stdout
from pipeline.errors import EXIT_CLOSED_PIPE, EXIT_ERROR, Interrupted


def main() -> None:
    """The `scenes` command. Signals become clean exits (130, 143) wherever they arrive, even
    while click parses the command line."""
    # pydantic scans every installed package for its plugins at the first model: 15 ms of
    # start-up that the command line never needs. (Only the CLI decides this, not the library.)
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    interrupts.install()
    if sys.stdout is None:  # started with standard output closed (`>&-`)
        sys.stdout = _Closed()
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
        except OSError as exc:  # our files fail as OutputError: this is a message not printed
            where = exc.filename or "standard output"
            sys.stderr.write(f"{where}: not written ({exc.strerror or exc})\n")
            code = EXIT_ERROR
        interrupts.finished()  # from here on a signal changes nothing: the work is done
    except (KeyboardInterrupt, Interrupted) as exc:  # the first signal came while reporting
        code = interrupted(exc)
    interrupts.finished()
    leave(code if isinstance(code, int) else 0)


def leave(code: int) -> NoReturn:
    """Exit without taking the interpreter apart: every file written is closed and every child
    reaped by now, and freeing a 100,000-scene dataset object by object takes a second (9 ms
    of a 13-scene export's 80). Standard output and error are flushed first; a reader that
    went away is exit 141 as anywhere else, a failed flush (a full disk) an error."""
    if isinstance(sys.stdout, _Closed) and sys.stdout.tried and code == 0:
        sys.stderr.write("standard output: closed, so the output cannot be written\n")
        code = EXIT_ERROR
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except BrokenPipeError:
            silence_stdout()
            code = code or EXIT_CLOSED_PIPE
        except (OSError, ValueError) as exc:  # ValueError: the stream was closed
            reason = getattr(exc, "strerror", None) or "closed"
            with contextlib.suppress(OSError, ValueError):
                os.write(2, f"standard output: not written ({reason})\n".encode())
            code = code or EXIT_ERROR
    os._exit(code)


class _Closed(io.TextIOBase):
    """Standard output when the command was started without one: what a command prints is
    lost, so a command that prints anything fails (exit 1), as `export -o -` does."""

    discards = True

    def __init__(self) -> None:
        super().__init__()
        self.tried = False

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return "utf-8"

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self.tried = self.tried or bool(text)
        return len(text)


__all__ = ["cli", "main"]
