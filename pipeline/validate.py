"""Turn a parsed document into a Dataset, or into every problem it has, located.

Validation is staged for speed. msgspec builds the records from valid data (the parse kept no
positions). Only when something is wrong does pydantic validate the whole document (collecting
every problem), and the file is parsed again with a position for every value to locate them.

A YAML 1.1 look-alike (an unquoted `no`, `1:20`, `2001-01-01`) is text to msgspec; the reader
notes the keys it stood under. Under a time's key it is a time written the YAML way
(`published: 2026-11-24 09:00:00-05:00`), which msgspec reads like any other; anywhere else
pydantic says to put it in quotes.
"""

from __future__ import annotations

import contextlib
import functools
import heapq
from collections.abc import Iterator
from typing import Any, NamedTuple

from pipeline import records
from pipeline.errors import MAX_SHOWN, Diagnostic, ValidationError
from pipeline.model import Dataset, Scene
from pipeline.problems import Problem, translate
from pipeline.source import Document, Location, format_location
from pipeline.timestamps import fraction_problem


class _Untranslated(NamedTuple):
    """A pydantic error not yet put in words: only the problems shown are (hints such as
    "did you mean" cost a fuzzy match each)."""

    loc: Location
    error: Any

    def translated(self) -> Problem:
        return translate({**self.error, "loc": self.loc}, Dataset)


def validate(document: Document) -> Dataset:
    """The dataset `document` holds, or ValidationError with its problems, located: every
    problem up to MAX_SHOWN, then a count of the rest, as compilers do."""
    data = document.data
    if (
        not _any(dataset_rules(data))
        and not document.problems
        and document.ambiguous <= _time_fields()
    ):
        with contextlib.suppress(records.Refused):
            return records.convert(Dataset, data)
    shown: list[Problem] = []
    total = 0
    for problem in _in_order(data):
        if format_location(problem.loc) in document.refused:
            continue  # the reader reported this value already: one problem, one line
        total += 1
        if len(shown) < MAX_SHOWN:
            shown.append(problem.translated())
    if total == 0 and not document.problems:  # msgspec refused what pydantic passed
        try:
            return records.convert(Dataset, data)
        except records.Refused as exc:
            total, shown = 1, [_unexplained(exc)]
    diagnostics = [*document.problems, *_located(document, shown)]
    diagnostics.sort(key=Diagnostic.sort_key)
    total += len(document.problems)
    raise ValidationError(_summary(total, min(total, MAX_SHOWN)), diagnostics[:MAX_SHOWN])


def _any(problems: Iterator[Problem]) -> bool:
    return next(problems, None) is not None


def _summary(total: int, shown: int, where: str = "found") -> str:
    found = f"{total:,} problem{'s' if total != 1 else ''} {where}"
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


@functools.cache
def _time_fields() -> frozenset[Any]:
    return records.time_fields(Dataset)


def _unexplained(refusal: records.Refused) -> Problem:
    """msgspec refused what pydantic passed (the property test says this never happens):
    msgspec's own words, where it says."""
    return Problem(refusal.loc, refusal.message)


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
    """Rules across records, checked on the raw data so they report even when fields fail;
    in the data's order, a scene's problems together (as `_schema_problems` gives them)."""
    collection = data.get("collection") if isinstance(data, dict) else None
    if isinstance(collection, dict):
        yield from _time_problems(collection, ("collection",))
    scenes = data.get("scenes") if isinstance(data, dict) else None
    if not isinstance(scenes, list):
        return
    ids: dict[str, int] = {}  # each id and the first scene that has it
    for index, scene in enumerate(scenes):
        scene_id = scene.get("id") if isinstance(scene, dict) else None
        if isinstance(scene_id, str):
            ids.setdefault(scene_id, index)
    listed: dict[str, int] = {}  # each former id and the first scene that lists it
    for index, scene in enumerate(scenes):
        if not isinstance(scene, dict):
            continue
        scene_id = scene.get("id")
        if isinstance(scene_id, str) and ids[scene_id] != index:
            message = f"duplicate id {scene_id!r}, already used by scenes[{ids[scene_id]}]"
            yield Problem(("scenes", index, "id"), message)
        yield from _time_problems(scene, ("scenes", index))
        yield from _tag_problems(scene.get("tags"), index)
        yield from _former_id_problems(scene, index, ids, listed)


def _tag_problems(tags: Any, index: int) -> Iterator[Problem]:
    if not isinstance(tags, list):
        return
    seen: set[str] = set()
    for t_index, tag in enumerate(tags):
        if not isinstance(tag, str):
            continue  # the schema reports it; a mapping here cannot even be compared
        if tag in seen:
            yield Problem(("scenes", index, "tags", t_index), f"duplicate tag {tag!r}")
        seen.add(tag)


def _former_id_problems(
    scene: dict[str, Any], index: int, ids: dict[str, int], listed: dict[str, int]
) -> Iterator[Problem]:
    """A former id is one scene's only: not another scene's id, nor listed twice (its guid
    would then name two items)."""
    former = scene.get("former_ids")
    if not isinstance(former, list):
        return
    for f_index, old in enumerate(former):
        if not isinstance(old, str) or old == scene.get("id"):
            continue  # the schema, or the scene's own check, reports it
        loc = ("scenes", index, "former_ids", f_index)
        if old in ids:
            yield Problem(loc, f"{old!r} is the id of scenes[{ids[old]}]")
        elif old in listed and listed[old] != index:  # twice in one scene: its own check
            yield Problem(loc, f"former id {old!r} is already listed by scenes[{listed[old]}]")
        else:
            listed[old] = index


def _scene_of(problem: Problem | _Untranslated) -> int:
    """The index of the scene a problem is in; -1 for the collection and the top level."""
    loc = problem.loc
    return loc[1] if len(loc) > 1 and loc[0] == "scenes" and isinstance(loc[1], int) else -1


def _in_order(data: Any) -> Iterator[Problem | _Untranslated]:
    """Every problem, the rules' and the schema's, scene by scene: the first shown are those
    of the first scenes."""
    return heapq.merge(dataset_rules(data), _schema_problems(data), key=_scene_of)


def _time_problems(record: dict[str, Any], loc: Location) -> Iterator[Problem]:
    """Times written with more digits of a second than a record can keep (msgspec would round
    them): refused as written, where they stand."""
    for name in _time_fields():
        problem = fraction_problem(record.get(name))
        if problem:
            yield Problem((*loc, name), problem)


def _without_spurious_length_errors(errors: list[Any]) -> list[Any]:
    """pydantic counts only the items that validated: a list whose items all failed is also
    reported as too short. That second report is noise; keep the items' own errors."""
    failed_inside = {tuple(e["loc"][:i]) for e in errors for i in range(len(e["loc"]))}
    return [
        e for e in errors if not (e["type"] == "too_short" and tuple(e["loc"]) in failed_inside)
    ]


def validate_data(data: Any, path: str) -> Dataset:
    """Validate data that does not come from a YAML file (so has no positions): each problem
    is named by its field."""
    if not _any(dataset_rules(data)):
        with contextlib.suppress(records.Refused):
            return records.convert(Dataset, data)
    shown: list[Problem] = []
    total = 0
    for problem in _in_order(data):
        total += 1
        if len(shown) < MAX_SHOWN:
            shown.append(problem.translated())
    if not total:
        try:
            return records.convert(Dataset, data)
        except records.Refused as exc:
            total, shown = 1, [_unexplained(exc)]
    diagnostics = [
        Diagnostic(path, 0, 0, message, field=format_location(loc), hint=hint)
        for loc, message, hint, _ in shown
    ]
    raise ValidationError(_summary(total, len(shown), f"in {path}"), diagnostics)
