"""Turn a parsed document into a Dataset, or into every problem it has, located.

Validation is staged for speed. On valid data, the records' fast path builds the dataset in
plain Python, and the parse kept no positions. Only when something is wrong does pydantic
validate the whole document (collecting every problem), and the file is parsed again with a
position for every value to locate them.
"""

from __future__ import annotations

import difflib
import itertools
import types
import typing
from collections.abc import Iterator
from typing import Any, NamedTuple

from pipeline import records
from pipeline.errors import MAX_SHOWN, Diagnostic, ValidationError
from pipeline.model import Dataset, Scene
from pipeline.source import Document, Location, format_location
from pipeline.values import describe


class Problem(NamedTuple):
    loc: Location
    message: str
    hint: str = ""
    key_of: Location | None = None
    """Point at this field's key instead of `loc`'s value (for unknown fields)."""

    def translated(self) -> Problem:
        return self


class _Untranslated(NamedTuple):
    """A pydantic error not yet put in words: only the problems shown are (hints such as
    "did you mean" cost a fuzzy match each)."""

    loc: Location
    error: Any

    def translated(self) -> Problem:
        return _translate({**self.error, "loc": self.loc}, Dataset)


def validate(document: Document) -> Dataset:
    """The dataset `document` holds, or ValidationError with its problems, located: every
    problem up to MAX_SHOWN, then a count of the rest, as compilers do."""
    data = document.data
    rules = list(itertools.islice(dataset_rules(data), MAX_SHOWN + 1))
    result = _fast(data)
    if result is not None and not rules and not document.problems:
        return result
    shown: list[Problem] = []
    total = 0
    for problem in itertools.chain(rules, _schema_problems(data)):
        if document.refused and format_location(problem.loc) in document.refused:
            continue  # the reader reported this value already: one problem, one line
        total += 1
        if len(shown) < MAX_SHOWN:
            shown.append(problem.translated())
    if total == 0 and not document.problems:
        return result or records.validate_fully(Dataset, data)
    diagnostics = [*document.problems, *_located(document, shown)]
    diagnostics.sort(key=Diagnostic.sort_key)
    total += len(document.problems)
    raise ValidationError(_summary(total, min(total, MAX_SHOWN)), diagnostics[:MAX_SHOWN])


def _summary(total: int, shown: int) -> str:
    found = f"{total:,} problem{'s' if total != 1 else ''} found"
    return found if shown == total else f"{found} (the first {shown} shown)"


def _located(document: Document, problems: list[Problem]) -> Iterator[Diagnostic]:
    if not problems:
        return
    wanted = {p.key_of or p.loc for p in problems}
    marks = document.located(wanted).marks
    assert marks is not None
    for loc, message, hint, key_of in problems:
        line, col = marks.of(key_of or loc, key=key_of is not None)
        yield Diagnostic(document.path, line, col, message, field=format_location(loc), hint=hint)


def _fast(data: Any) -> Dataset | None:
    """The dataset from the records' fast path, or None when it is not sure."""
    if not isinstance(data, dict):
        return None
    try:
        return records.build(Dataset, data)
    except records.Defer:
        return None


def _schema_problems(data: Any) -> Iterator[_Untranslated]:
    """pydantic's verdict, in the data's order. Scenes are checked one by one, so 100,000
    copies of a mistake never sit in memory at once."""
    scenes = data.get("scenes") if isinstance(data, dict) else None
    if not (isinstance(scenes, list) and scenes):
        yield from (_Untranslated(tuple(e["loc"]), e) for e in _errors(Dataset, data))
        return
    for error in _errors(Dataset, {**data, "scenes": []}):
        if tuple(error["loc"]) != ("scenes",):  # the placeholder's length, not the data's
            yield _Untranslated(tuple(error["loc"]), error)
    for index, scene in enumerate(scenes):
        for error in _errors(Scene, scene):
            yield _Untranslated(("scenes", index, *error["loc"]), error)


def _errors(cls: type[Any], data: Any) -> list[Any]:
    import pydantic

    try:
        records.validate_fully(cls, data)
    except pydantic.ValidationError as exc:
        return _without_spurious_length_errors(exc.errors(include_url=False))
    return []


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
    """Validate data that does not come from a YAML file (so has no positions): each problem
    is named by its field."""
    result = _fast(data)
    if result is not None:
        return result
    problems = [p.translated() for p in itertools.islice(_schema_problems(data), MAX_SHOWN)]
    if not problems:
        return records.validate_fully(Dataset, data)
    diagnostics = [
        Diagnostic(path, 0, 0, message, field=format_location(loc), hint=hint)
        for loc, message, hint, _ in problems
    ]
    raise ValidationError(f"{len(diagnostics)} problem(s) in {path}", diagnostics)
