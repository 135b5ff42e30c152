"""The `scenes` command: a thin layer over the Python API.

`base` holds the group and the one place errors become messages and exit codes; each command
family has its module (`dataset`: validate, check; `export`; `catalog`: formats, schema,
template; `newsletter`; `review`; `serve`). Importing one registers its commands (the first
three here, the others when named, see `base.ScenesGroup`); none imports this package back.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import warnings
from typing import NoReturn

import click

from pipeline import interrupts
from pipeline.cli import catalog, dataset, export  # noqa: F401  (register their commands)
from pipeline.cli.base import cli, interrupted, silence_stdout
from pipeline.errors import EXIT_CLOSED_PIPE, EXIT_ERROR, EXIT_USAGE, Interrupted


def main() -> None:
    """The `scenes` command. Signals become clean exits (130, 143) wherever they arrive, even
    while click parses the command line."""
    # pydantic scans every installed package for its plugins at the first model: 15 ms of
    # start-up that the command line never needs. (Only the CLI decides this, not the library.)
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    if sys.flags.optimize >= 2:  # -OO strips docstrings: the help and the schema's descriptions
        sys.stderr.write(
            "scenes: not run under python -OO (PYTHONOPTIMIZE=2), which strips the help and the "
            "schema's descriptions; run it without, or with -O\n"
        )
        leave(EXIT_USAGE)
    interrupts.install()
    if sys.stdout is None:  # started with standard output closed (`>&-`)
        sys.stdout = _Closed()
    _speak_any_terminal()
    if not sys.warnoptions:  # a library's warning is for its developers, never our users
        warnings.simplefilter("ignore")
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
            sys.stderr.write(_os_error(exc) + "\n")
            code = EXIT_ERROR
        interrupts.finished()  # from here on a signal changes nothing: the work is done
    except (KeyboardInterrupt, Interrupted) as exc:  # the first signal came while reporting
        code = interrupted(exc)
    interrupts.finished()
    leave(code if isinstance(code, int) else 0)


def _os_error(exc: OSError) -> str:
    """An operating system error no command turned into a message, said for what it is: a file
    when it names one, standard output only when writing it failed, else the error itself."""
    reason = exc.strerror or str(exc) or type(exc).__name__
    if exc.filename:
        return f"{exc.filename}: {reason}"
    if _writing_stdout(exc):
        return f"standard output: not written ({reason})"
    return f"scenes: {reason}"


def _writing_stdout(exc: BaseException) -> bool:
    """Whether the error came from printing: the last of our frames, or click's echo, was
    writing to standard output."""
    tb = exc.__traceback__
    last = None
    while tb is not None:
        last = tb.tb_frame.f_code
        tb = tb.tb_next
    return last is not None and (
        last.co_name in ("echo", "secho", "write_stdout", "flush", "write")
        or last.co_filename.endswith(("click/utils.py", "click/termui.py"))
    )


def _speak_any_terminal() -> None:
    """A terminal (or PYTHONIOENCODING) that cannot show a character gets it escaped
    (`\u2019`), never a crash: the text is still all there."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="backslashreplace")


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
