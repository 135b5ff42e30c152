"""Write a review's applicable changes into the dataset file: checked, validated, atomically.

The edits are made on the very bytes the review compared against (read once), then the result
is parsed again and must hold exactly the old data with exactly the printed values changed (a
value its style could not carry is written again double-quoted; anything else differing stops
everything); it must validate; and the file must still hold the bytes read, or nothing is
written. The write goes through a symbolic link to its target, keeping mode and owner.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

from pipeline.errors import ReviewError, Unresolved
from pipeline.serialize import json_values

if TYPE_CHECKING:
    from pipeline.model import Dataset
    from pipeline.review.merge import Change
    from pipeline.review.result import Review
    from pipeline.settings import Settings
    from pipeline.source import Document, Location


class Source(msgspec.Struct, frozen=True):
    """The dataset file as review read it: its bytes are what gets edited."""

    path: Path
    document: Document
    dataset: Dataset

    @property
    def bom(self) -> bytes:
        """The byte-order mark the file starts with, if any (kept by the edit)."""
        from pipeline.source import BOM

        return BOM if self.document.bom else b""

    @property
    def raw(self) -> bytes:
        """The file's bytes as read."""
        return self.bom + self.document.raw


class Applied(msgspec.Struct, frozen=True):
    written: list[Change]
    """The changes now in the file."""
    skipped: list[Change]
    """The changes left out: conflicts (without force) and those that cannot apply."""


def read_source(path: str | Path, settings: Settings | None = None) -> Source:
    """Read and validate the dataset once; review compares against it and apply edits it."""
    from pipeline import api
    from pipeline.validate import validate

    document = api.read_document(path, settings)
    return Source(Path(path), document, validate(document))


def settle(result: Review, source: Source, *, force: bool = False) -> Review:
    """The review with every change the dataset would refuse marked "cannot", with the
    dataset's reason: the preview and `--apply` then report, write and exit alike.

    What would be written (the changes that apply, and with `force` the conflicts) is made on
    the file's text and validated, exactly as `apply` does. A problem found at a change's place
    (a negative number, an unknown unit) makes that change one that cannot apply and the others
    are tried again without it; a problem no single change explains (or an edit that cannot be
    made in place) is raised as `apply` would raise it, nothing written."""
    from pipeline.errors import ValidationError

    changes = list(result.changes)
    for _attempt in range(len(changes) + 1):
        chosen = [c for c in changes if c.status == "apply" or (force and c.status == "conflict")]
        if not chosen:
            break
        try:
            edited_bytes(source, chosen)
        except ValidationError as exc:
            refused = _refused_by(chosen, exc)
            if not refused:
                raise
            changes = [
                msgspec.structs.replace(c, status="cannot", reason=refused[id(c)])
                if id(c) in refused
                else c
                for c in changes
            ]
        else:
            break
    return msgspec.structs.replace(result, changes=changes)


def _refused_by(chosen: list[Change], exc: Exception) -> dict[int, str]:
    """Each change a diagnostic points at (by id), with the dataset's reason; {} when some
    diagnostic points at no change (then no change alone is to blame)."""
    from pipeline.validate import format_location

    places = {format_location(c.loc): c for c in chosen}
    refused: dict[int, list[str]] = {}
    for problem in getattr(exc, "diagnostics", ()):
        change = places.get(problem.field) or next(
            (c for where, c in places.items() if problem.field.startswith(f"{where}.")), None
        )
        if change is None:
            return {}
        message = problem.message + (f" ({problem.hint})" if problem.hint else "")
        refused.setdefault(id(change), []).append(message)
    return {
        key: "the dataset refuses it: " + "; ".join(reasons) for key, reasons in refused.items()
    }


def apply(result: Review, source: Source, *, force: bool = False) -> Applied:
    """Write the changes that apply (and, with `force`, the conflicts, taking the document's
    side). Nothing is written while a conflict remains without `force`, when a value cannot
    be placed, or when the result would not validate."""
    from pipeline import output

    if result.conflicts and not force:
        raise Unresolved(
            f"{len(result.conflicts)} conflict{'s' if len(result.conflicts) != 1 else ''}: "
            "nothing written "
            "(use --force to take the document's side)"
        )
    chosen = [
        c for c in result.changes if c.status == "apply" or (force and c.status == "conflict")
    ]
    skipped = [c for c in result.changes if c.status in ("cannot", "conflict") and c not in chosen]
    if not chosen:
        return Applied([], skipped)
    data = edited_bytes(source, chosen)
    output.rewrite_file(source.path, data, expected=source.raw)
    return Applied(chosen, skipped)


def edited_bytes(source: Source, changes: list[Change]) -> bytes:
    """The dataset file with `changes` made, checked to read back as exactly those values."""
    from pipeline.review.yamledit import DELETE

    edits = {c.loc: DELETE if c.after is None else c.after for c in changes}
    text = source.document.raw.decode("utf-8")
    new_text = _verified_text(source, text, edits)
    data = source.bom + new_text.encode("utf-8")
    _validated(source, data, changes)
    return data


def _verified_text(source: Source, text: str, edits: dict[Location, Any]) -> str:
    """The edited text, parsed back to the old data with exactly `edits` made. When a value
    reads back otherwise, it is written double-quoted the second time (every edit, when the
    text no longer parses or another value changed); a third outcome is a bug this refuses
    to write."""
    from pipeline import source as yaml_source
    from pipeline.errors import ValidationError
    from pipeline.review import yamledit

    document = source.document.located()
    assert document.marks is not None  # located() sets them
    expected = _expected_data(document.data, edits)
    quoted: frozenset[Location] = frozenset()
    for _attempt in range(2):
        try:
            new_text = yamledit.apply(
                text, document.marks, document.data, edits, quoted=quoted, key_order=_key_order()
            )
        except yamledit.EditError as exc:
            raise ReviewError(
                f"{source.path}: cannot make the edits in place ({exc}); nothing written"
            ) from None
        try:
            data = yaml_source.parse(new_text.encode("utf-8"), str(source.path)).data
        except ValidationError:
            data = None
        wrong = _differences(expected, data, ())
        if not wrong:
            return new_text
        implicated = frozenset(e for e in edits if any(loc[: len(e)] == e for loc in wrong))
        unplaced = data is None or any(not any(loc[: len(e)] == e for e in edits) for loc in wrong)
        quoted = frozenset(edits) if unplaced else implicated  # the surest style, then check again
    raise ReviewError(
        f"{source.path}: the edits would not read back exactly as shown; nothing written "
        "(please report this with the document)"
    )


def _expected_data(data: Any, edits: dict[Location, Any]) -> Any:
    from pipeline.review.yamledit import DELETE

    expected = _copy(data)
    for loc, value in edits.items():
        parent = expected
        for part in loc[:-1]:
            parent = parent[part]
        if value is DELETE:
            parent.pop(loc[-1], None)
        else:
            parent[loc[-1]] = _copy(value)
    return expected


def _copy(value: Any) -> Any:
    """A copy of parsed data: new mappings and lists, the same (immutable) scalars."""
    if isinstance(value, dict):
        return {key: _copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy(item) for item in value]
    return value


def _differences(a: Any, b: Any, loc: Location) -> list[Location]:
    """Where two parsed values differ, types included (1 is not 1.0, text is not a look-alike)."""
    if type(a) is not type(b):
        return [loc]
    if isinstance(a, dict):
        if a.keys() != b.keys():
            return [loc]
        return [d for key in a for d in _differences(a[key], b[key], (*loc, key))]
    if isinstance(a, list):
        if len(a) != len(b):
            return [loc]
        return [
            d
            for i, (x, y) in enumerate(zip(a, b, strict=True))
            for d in _differences(x, y, (*loc, i))
        ]
    return [] if a == b else [loc]


def _validated(source: Source, data: bytes, changes: list[Change]) -> None:
    """The new file must validate (else ValidationError, located) and hold the printed values."""
    from pipeline import source as yaml_source
    from pipeline.errors import ValidationError
    from pipeline.review.merge import get
    from pipeline.validate import validate

    try:
        dataset = validate(yaml_source.parse(data, str(source.path)))
    except ValidationError as exc:
        n = len(exc.diagnostics)
        summary = f"{n} problem{'s' if n != 1 else ''} in the edited dataset; nothing written"
        raise ValidationError(summary, exc.diagnostics) from None
    now = json_values(dataset)
    wrong = [c for c in changes if _differences(c.after, get(now, c.loc), ())]
    if wrong:
        names = ", ".join(f"{c.owner} {c.field}" for c in wrong)
        raise ReviewError(f"{source.path}: {names} would not load back as shown; nothing written")


@functools.cache
def _key_order() -> tuple[str, ...]:
    """Where a new key goes among its siblings: the records' own field order."""
    from pipeline import records
    from pipeline.model import Film, Person

    return (*records.fields_of(Film), *records.fields_of(Person))
