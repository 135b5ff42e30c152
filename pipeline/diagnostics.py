"""Diagnostics that read like a compiler's, and the one exception family users ever see."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem, located at a 1-based line and column of a file."""

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

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.col, self.field)


class PipelineError(Exception):
    """Base of every error a user can cause. The CLI turns it into a message and `exit_code`."""

    exit_code = 1

    def __init__(self, message: str, diagnostics: Iterable[Diagnostic] = ()) -> None:
        super().__init__(message)
        self.diagnostics: tuple[Diagnostic, ...] = tuple(
            sorted(diagnostics, key=Diagnostic.sort_key)
        )

    def render(self) -> str:
        lines = [d.render() for d in self.diagnostics]
        return "\n".join([*lines, str(self)] if str(self) else lines)


class ValidationError(PipelineError):
    """The dataset (or the settings) broke the schema; every problem is in `diagnostics`."""


class SettingsError(PipelineError):
    """The settings file cannot be read or is invalid."""


class WriterError(PipelineError):
    """A writer cannot be found, loaded, or failed to render."""


class OutputError(PipelineError):
    """An output could not be written; previous outputs are left as they were."""
