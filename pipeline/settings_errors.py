"""Where a problem in scenes.toml is: TOML syntax errors, and the checks' findings, as
located diagnostics (path:line:col) in the project's own words."""

from __future__ import annotations

import re
import tomllib
from typing import Any

from pipeline.errors import Diagnostic, SettingsError


def parse_toml(text: str, shown: str) -> dict[str, Any]:
    """The TOML document, or SettingsError located where tomllib could not go on."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError("", [_toml_diagnostic(shown, exc)]) from None
    except RecursionError:  # arrays or tables nested thousands deep
        line = _line_where(text, re.compile(r"[\[{]{50,}"))
        problem = Diagnostic(shown, line, 1, "TOML nested too deeply")
    except ValueError:  # an integer of thousands of digits (Python refuses to read it)
        line = _line_where(text, re.compile(r"[0-9_]{4000,}"))
        problem = Diagnostic(shown, line, 1, "a number too long to read")
    raise SettingsError("", [problem])


def _line_where(text: str, pattern: re.Pattern[str]) -> int:
    """The line where `pattern` first matches (1 when it does not)."""
    match = pattern.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else 1


def _toml_diagnostic(path: str, exc: tomllib.TOMLDecodeError) -> Diagnostic:
    match = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
    message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc)) or "invalid TOML"
    line, col = (int(match.group(1)), int(match.group(2))) if match else (1, 1)
    return Diagnostic(path, line, col, f"TOML syntax error: {message}")


def located(path: str, text: str, error: Any, model: type) -> Diagnostic:
    """One of pydantic's findings about the settings `model`, at its line in the file."""
    from pipeline.problems import translate

    problem = translate(error, model, noun="setting")
    where = problem.key_of or problem.loc
    line = line_of(text, tuple(str(p) for p in where))
    field = ".".join(str(p) for p in where)
    return Diagnostic(path, line, 1 if line else 0, problem.message, field=field, hint=problem.hint)


def refused(path: str, text: str, refusal: Any) -> Diagnostic:
    """msgspec's refusal of a setting (`records.Refused`), at its line in the file."""
    where = tuple(str(p) for p in refusal.loc)
    line = line_of(text, where) if where else 0
    return Diagnostic(path, line, 1 if line else 0, refusal.message, field=".".join(where))


def line_of(text: str, loc: tuple[str, ...]) -> int:
    """Best-effort line of a dotted key: the `[section]` header, then `key =` inside it."""
    section, key = ".".join(loc[:-1]), loc[-1]
    current = ""
    for number, raw in enumerate(text.split("\n"), 1):  # TOML breaks lines at \n alone
        line = raw.strip()
        header = re.fullmatch(r"\[\[?([^\[\]]+)\]\]?", line)
        if header:
            current = header.group(1).strip()
            if current == ".".join(loc):  # the key is a table: its header is the place
                return number
            continue
        if current == section and re.match(rf"{re.escape(key)}\s*=", line):
            return number
    return 0
