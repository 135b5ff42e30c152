"""Diagnostics that read like a compiler's, and every error a user can cause, with its exit code.

This is the one place exit codes are decided. The CLI catches `PipelineError` once and exits
with the error's `exit_code`; nothing else in the package chooses a code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

EXIT_ERROR = 1
"""A problem with the data, the settings, a template or an output; the message says which."""
EXIT_USAGE = 2
"""A command line that means nothing sensible (click's own code for usage errors)."""
EXIT_DECIDE = 3
"""A person has to decide: an issue may or may not have been delivered."""
EXIT_UNRESOLVED = 4
"""`scenes review`: something the editor did is not (or would not be) in the dataset: a
conflict, a change that cannot be applied, text outside the anchors, a pending tracked change.
The output lists each; with --apply, what was written is written and validated."""
EXIT_REFUSED = 69
"""The mail server refused for good (5xx): retrying will not help; fix the cause (EX_UNAVAILABLE)."""
EXIT_TRY_LATER = 75
"""Nothing happened that cannot happen again: busy, or the mail server is unreachable (EX_TEMPFAIL)."""
EXIT_INTERRUPTED = 130
"""Ctrl-C (SIGINT), as a shell reports it."""
EXIT_CLOSED_PIPE = 141
"""The reader of standard output went away (`| head`): 128 + SIGPIPE, as a shell reports a
process SIGPIPE ended. Nothing is printed."""
EXIT_TERMINATED = 143
"""SIGTERM (128 + 15): stopped cleanly, as for Ctrl-C."""
EXIT_HUNG_UP = 129
"""SIGHUP (128 + 1): the terminal was closed; stopped cleanly, as for SIGTERM."""


MAX_SHOWN = 100
"""Problems reported in full; beyond this, a count of the rest (as compilers do)."""


class Diagnostic(NamedTuple):
    """One problem, located at a 1-based line and column of a file. (A named tuple: this
    module loads before anything else, even before the signal handlers are installed, so it
    imports nothing but the standard library's lightest modules.)"""

    path: str
    line: int
    col: int
    message: str
    field: str = ""
    hint: str = ""

    def render(self) -> str:
        where = f"{self.path}:{self.line}:{self.col}" if self.line else self.path
        what = f"{self.field}: {self.message}" if self.field else self.message
        line = f"{where}: {what}" + (f" ({self.hint})" if self.hint else "")
        return line.replace("\r", "\\r").replace("\n", "\\n")  # one problem, one line

    def sort_key(self) -> tuple[str, int, int, tuple[str | int, ...]]:
        """By place, then by field with its indexes as numbers: scenes[2] before scenes[10]
        (problems in data from Python have no line to sort by)."""
        parts = re.split(r"(\d+)", self.field)
        return (
            self.path,
            self.line,
            self.col,
            tuple(int(p) if i % 2 else p for i, p in enumerate(parts)),
        )


class PipelineError(Exception):
    """Base of every error a user can cause. The CLI turns it into a message and `exit_code`."""

    exit_code = EXIT_ERROR

    def __init__(self, message: str, diagnostics: Iterable[Diagnostic] = ()) -> None:
        super().__init__(message)
        self.diagnostics: tuple[Diagnostic, ...] = tuple(
            sorted(diagnostics, key=Diagnostic.sort_key)
        )

    def render(self) -> str:
        lines = [d.render() for d in self.diagnostics]
        return "\n".join([*lines, str(self)] if str(self) else lines)


class ValidationError(PipelineError):
    """The dataset broke the schema; every problem is in `diagnostics`."""


class MissingDataset(ValidationError):
    """No dataset where the `source` setting says (by default source/scenes.yaml, from the
    folder a command runs in): the command line then says how to point at one."""


class SettingsError(PipelineError):
    """The settings file cannot be read or is invalid."""


class WriterError(PipelineError):
    """A writer cannot be found, loaded, or failed to render."""


class OutputError(PipelineError):
    """An output could not be written; previous outputs are left as they were."""


class ReviewError(PipelineError):
    """An edited document cannot be reviewed or applied: not ours, damaged, or forged."""


class Unresolved(PipelineError):
    """The review finished, but some of the editor's work needs a person (listed above it)."""

    exit_code = EXIT_UNRESOLVED


class LedgerError(PipelineError):
    """The newsletter ledger is unusable or was asked to do something its rules forbid."""


class UsageError(PipelineError):
    """Options that contradict each other or mean nothing sensible together."""

    exit_code = EXIT_USAGE


class NeedsDecision(PipelineError):
    """A person has to decide what happened (an issue may or may not have been delivered)."""

    exit_code = EXIT_DECIDE


class TryLater(PipelineError):
    """Temporary: nothing was done that cannot be done again; run again later."""

    exit_code = EXIT_TRY_LATER


class Busy(TryLater):
    """Another run holds the lock."""


class NotSent(TryLater):
    """The mail server could not be reached or refused for now (4xx): certainly not sent."""


class Refused(PipelineError):
    """The mail server refused for good (5xx): certainly not sent, and retrying will not help."""

    exit_code = EXIT_REFUSED


class ClosedPipe(PipelineError):
    """The reader of standard output went away before it had everything (e.g. `| head`)."""

    exit_code = EXIT_CLOSED_PIPE


class Interrupted(BaseException):
    """SIGTERM, raised like KeyboardInterrupt so that every write is undone on the way out."""

    exit_code = EXIT_TERMINATED


class HungUp(Interrupted):
    """SIGHUP: the terminal went away. Stopped cleanly, as for SIGTERM (128 + 1)."""

    exit_code = EXIT_HUNG_UP


def exit_code_of(interrupt: BaseException) -> int:
    """The code a shell reports for the signal that ended the command: 130, 143 or 129."""
    if isinstance(interrupt, KeyboardInterrupt):
        return EXIT_INTERRUPTED
    return getattr(interrupt, "exit_code", EXIT_TERMINATED)
