"""pydantic's errors in the project's own words: one line each, with a hint where one helps.

Messages never depend on a pydantic version's wording: each error type pydantic reports is
phrased here, and an unknown type falls back to pydantic's message.
"""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any, NamedTuple

from pipeline import records
from pipeline.source import Location
from pipeline.values import describe


class Problem(NamedTuple):
    loc: Location
    message: str
    hint: str = ""
    key_of: Location | None = None
    """Point at this field's key instead of `loc`'s value (for unknown fields)."""

    def translated(self) -> Problem:
        return self


def translate(error: Any, model: type[Any], noun: str = "field") -> Problem:
    """One pydantic error as a Problem; `noun` names what an unknown key is ("setting")."""
    loc: Location = tuple(error["loc"])
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return Problem(loc[:-1], f"missing required field {loc[-1]!r}")
    if kind in ("extra_forbidden", "unexpected_keyword_argument"):
        known = fields_at(model, loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.6)
        hint = f"did you mean {close[0]!r}?" if close else _known_hint(known, noun)
        return Problem(loc[:-1], f"unknown {noun} {loc[-1]!r}", hint, key_of=loc)
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        options = [o.strip(" '") for o in expected.replace(" or ", ",").split(",")]
        close = difflib.get_close_matches(str(value), options, n=1, cutoff=0.6)
        hint = f"did you mean {close[0]!r}?" if close else ""
        return Problem(loc, f"expected one of {expected}, got {describe(value)}", hint)
    return Problem(loc, _message(kind, value, ctx, error["msg"]), _number_hint(kind, value))


def _number_hint(kind: str, value: Any) -> str:
    """Why text stands where a number should: quotes around it, or (unquoted) a leading zero,
    which YAML 1.1 tools read as octal, so the reader keeps it as text."""
    from pipeline.values import Ambiguous

    if kind != "int_type" or not isinstance(value, str):
        return ""
    digits = value.strip().lstrip("+-").replace("_", "")
    if isinstance(value, Ambiguous):
        if digits.isdigit():
            return f"a leading zero makes it text: write {int(value.replace('_', ''))}"
        return f"YAML 1.1 tools would read it as {value.reading}"
    return "remove the quotes" if digits.isdigit() else ""


_MESSAGES = {
    "int_type": "expected an integer, got {got}",
    "int_parsing": "expected an integer, got {got}",
    "int_from_float": "expected a whole number, got {got}",
    "model_type": "expected a mapping, got {got}",
    "dataclass_type": "expected a mapping, got {got}",
    "dataclass_args_type": "expected a mapping, got {got}",
    "model_attributes_type": "expected a mapping, got {got}",
    "dict_type": "expected a mapping, got {got}",
    "tuple_type": "expected a list, got {got}",
    "list_type": "expected a list, got {got}",
    "datetime_from_date_parsing": "{got} is not a valid date-time ({error})",
    "greater_than_equal": "must be at least {ge}, got {got}",
    "less_than_equal": "must be at most {le}, got {got}",
    "too_short": "needs at least {min_length} {items}",
    "string_too_long": "is too long: at most {max_length} characters",
    "too_long": "is too long: at most {max_length} {units}",
    "greater_than": "must be greater than {gt}, got {got}",
    "string_type": "expected text, got {got}",
    "bool_type": "expected true or false, got {got}",
    "bool_parsing": "expected true or false, got {got}",
    "float_type": "expected a number, got {got}",
    "float_parsing": "expected a number, got {got}",
}


def _message(kind: str, value: Any, ctx: dict[str, Any], fallback: str) -> str:
    template = _MESSAGES.get(kind)
    if template is None:
        return fallback.removeprefix("Value error, ")
    items = "item" if ctx.get("min_length") == 1 else "items"
    units = "characters" if isinstance(value, str) else "items"
    fields = {"got": describe(value), "items": items, **ctx}
    fields["units"] = units
    try:
        return template.format(**fields)
    except (KeyError, IndexError):
        return fallback


def _known_hint(known: list[str], noun: str) -> str:
    return f"known {noun}s: " + ", ".join(known) if known else ""


def fields_at(model: type[Any], loc: Location) -> list[str]:
    """The field names of the record found at `loc` inside `model`, or [] if none."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if part not in records.fields_of(current):
            return []
        current = _inner_record(records.field_type(current, part))
    hidden = getattr(current, "__hidden_fields__", ())
    return [name for name in records.fields_of(current) if name not in hidden]


def _inner_record(annotation: Any) -> Any:
    """Unwrap Optional, tuple[...] and Annotated until a record (or a plain type) remains."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (tuple, list, typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a not in (type(None), Ellipsis)]
            if not args:
                return annotation
            annotation = args[0]
        else:
            return annotation
