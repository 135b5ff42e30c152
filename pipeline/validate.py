"""Turn a parsed document into a Dataset, or into every problem it has, located.

Validation is staged for speed. On valid data, the records' fast path builds the dataset in
plain Python, and the parse kept no positions. Only when something is wrong does pydantic
validate the whole document (collecting every problem), and the file is parsed again with a
position for every value to locate them.
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Iterator
from typing import Any, NamedTuple

from pipeline import records
from pipeline.errors import Diagnostic, ValidationError
from pipeline.model import Dataset
from pipeline.source import Document, Location, format_location
from pipeline.values import describe


class Problem(NamedTuple):
    loc: Location
    message: str
    hint: str = ""
    key_of: Location | None = None
    """Point at this field's key instead of `loc`'s value (for unknown fields)."""


def validate(document: Document) -> Dataset:
    """The dataset `document` holds, or ValidationError with every problem, located."""
    problems = list(dataset_rules(document.data))
    result, errors = _validated(document.data)
    # The reader reports every character XML cannot carry, escaped ones included, where it
    # stands in the file; the model's own report of the same value would say it twice.
    problems.extend(_translate(e, Dataset) for e in errors if e["type"] != "text_character")
    if not problems and not document.problems:
        assert result is not None
        return result
    marks = document.located().marks if problems else None
    diagnostics = list(document.problems)
    for loc, message, hint, key_of in problems:
        line, col = marks.of(key_of or loc, key=key_of is not None) if marks else (1, 1)
        diagnostics.append(
            Diagnostic(document.path, line, col, message, field=format_location(loc), hint=hint)
        )
    n = len(diagnostics)
    raise ValidationError(f"{n} problem{'s' if n != 1 else ''} found", diagnostics)


def _validated(data: Any) -> tuple[Dataset | None, list[Any]]:
    """The dataset from the fast path when it is sure; else pydantic's result or its errors."""
    if isinstance(data, dict):
        try:
            return records.build(Dataset, data), []
        except records.Defer:
            pass
    import pydantic

    try:
        return records.validate_fully(Dataset, data), []
    except pydantic.ValidationError as exc:
        return None, _without_spurious_length_errors(exc.errors(include_url=False))


def dataset_rules(data: Any) -> Iterator[Problem]:
    """Rules across records, checked on the raw data so they report even when fields fail."""
    scenes = data.get("scenes") if isinstance(data, dict) else None
    if not isinstance(scenes, list):
        return
    first_seen: dict[str, int] = {}
    for index, scene in enumerate(scenes):
        if not isinstance(scene, dict):
            continue
        scene_id = scene.get("id")
        if isinstance(scene_id, str):
            if scene_id in first_seen:
                message = (
                    f"duplicate id {scene_id!r}, already used by scenes[{first_seen[scene_id]}]"
                )
                yield Problem(("scenes", index, "id"), message)
            else:
                first_seen[scene_id] = index
        tags = scene.get("tags")
        if isinstance(tags, list):
            seen: set[str] = set()
            for t_index, tag in enumerate(tags):
                if not isinstance(tag, str):
                    continue  # the schema reports it; a mapping here cannot even be compared
                if tag in seen:
                    yield Problem(("scenes", index, "tags", t_index), f"duplicate tag {tag!r}")
                seen.add(tag)


def _without_spurious_length_errors(errors: list[Any]) -> list[Any]:
    """pydantic counts only the items that validated: a list whose items all failed is also
    reported as too short. That second report is noise; keep the items' own errors."""
    failed_inside = {tuple(e["loc"][:i]) for e in errors for i in range(len(e["loc"]))}
    return [
        e for e in errors if not (e["type"] == "too_short" and tuple(e["loc"]) in failed_inside)
    ]


def _translate(error: Any, model: type[Any]) -> Problem:
    loc: Location = tuple(error["loc"])
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return Problem(loc[:-1], f"missing required field {loc[-1]!r}")
    if kind in ("extra_forbidden", "unexpected_keyword_argument"):
        known = fields_at(model, loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.6)
        hint = f"did you mean {close[0]!r}?" if close else _known_hint(known)
        return Problem(loc[:-1], f"unknown field {loc[-1]!r}", hint, key_of=loc)
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        options = [o.strip(" '") for o in expected.replace(" or ", ",").split(",")]
        close = difflib.get_close_matches(str(value), options, n=1, cutoff=0.6)
        hint = f"did you mean {close[0]!r}?" if close else ""
        return Problem(loc, f"expected one of {expected}, got {describe(value)}", hint)
    hint = ""
    if kind == "int_type" and isinstance(value, str) and value.strip().lstrip("-").isdigit():
        hint = "remove the quotes"
    return Problem(loc, _message(kind, value, ctx, error["msg"]), hint)


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
    "datetime_type": "expected a date-time like 2024-05-01T09:00:00+00:00, got {got}",
    "datetime_parsing": "expected a date-time like 2024-05-01T09:00:00+00:00, got {got}",
    "datetime_from_date_parsing": "{got} is not a valid date-time ({error})",
    "timezone_aware": "needs a timezone offset, e.g. {example}",
    "greater_than_equal": "must be at least {ge}, got {got}",
    "less_than_equal": "must be at most {le}, got {got}",
    "too_short": "needs at least {min_length} {items}",
    "string_too_long": "is too long: at most {max_length} characters",
    "too_long": "is too long: at most {max_length} {units}",
}


def _message(kind: str, value: Any, ctx: dict[str, Any], fallback: str) -> str:
    template = _MESSAGES.get(kind)
    if template is None:
        return fallback.removeprefix("Value error, ")
    text = str(value)
    example = f"{text}+00:00" if "T" in text or " " in text else f"{text}T00:00:00+00:00"
    items = "item" if ctx.get("min_length") == 1 else "items"
    units = "characters" if isinstance(value, str) else "items"
    fields = {"got": describe(value), "text": text, "example": example, "items": items, **ctx}
    fields["units"] = units
    try:
        return template.format(**fields)
    except (KeyError, IndexError):
        return fallback


def _known_hint(known: list[str]) -> str:
    return "known fields: " + ", ".join(known) if known else ""


def fields_at(model: type[Any], loc: Location) -> list[str]:
    """The field names of the record found at `loc` inside `model`, or [] if none."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if part not in records.fields_of(current):
            return []
        current = _inner_record(records.field_type(current, part))
    return records.fields_of(current)


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


def validate_data(data: Any, path: str) -> Dataset:
    """Validate data that does not come from a YAML file (so has no positions): every problem
    is named by its field."""
    result, errors = _validated(data)
    if result is not None:
        return result
    problems = [_translate(error, Dataset) for error in errors]
    diagnostics = [
        Diagnostic(path, 0, 0, message, field=format_location(loc), hint=hint)
        for loc, message, hint, _ in problems
    ]
    raise ValidationError(f"{len(diagnostics)} problem(s) in {path}", diagnostics)
