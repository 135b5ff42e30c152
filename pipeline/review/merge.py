"""Three versions of each anchored field meet here: the *base* (what the document was exported
from; the document carries it), the *edited* text in the document, and the *current* dataset.
A field the editor changed applies cleanly when the dataset still has the base value; when
both sides changed it differently, it is a conflict.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pipeline.serialize import plain
from pipeline.source import Location
from pipeline.struct import struct
from pipeline.writers.docx_layout import Anchored


@struct
class Change:
    owner: str
    """The scene id, or "collection"."""
    field: str
    """What changed, e.g. "blurb", "claim0_value", "films[0].year"."""
    before: Any
    after: Any
    current: Any
    status: str
    """"apply", "conflict", "already" (the dataset has it) or "cannot" (not readable back)."""
    loc: Location
    """Where it goes in the current dataset."""
    reason: str = ""


def compare(field: Anchored, text: str, now: dict[str, Any]) -> Iterator[Change]:
    """The changes the editor's `text` makes to one anchored field of the base data, placed in
    the current data `now` (plain values) by scene id."""
    if text == field.text:
        return  # untouched (and some renderings cannot be read back unambiguously)
    owner = field.where[0]
    before = _shown(field)
    try:
        edited = field.spec.parse(text, before)
    except ValueError as exc:
        yield Change(owner, field.key, before, text, None, "cannot", field.loc, str(exc))
        return
    for sub, was, after in differences(before, edited):
        shown = field.key + "".join(f".{s}" for s in sub)
        yield _place(owner, shown, was, after, relocate(field.loc + sub, field.owner, now), now)


def _shown(field: Anchored) -> Any:
    """The field's base value as plain data, limited to what the document shows of it."""
    value = plain(field.value)
    keep = field.spec.keep
    if keep and isinstance(value, dict):
        return {k: value[k] for k in keep if value.get(k) is not None}
    return value


def _place(
    owner: str, shown: str, before: Any, after: Any, target: Location | None, now: dict
) -> Change:
    if target is None:  # never written anywhere, whatever the flags: there is no right place
        reason = "the scene is no longer in the dataset"
        return Change(owner, shown, before, after, None, "cannot", (), reason)
    current = get(now, target)
    if current == after:
        return Change(owner, shown, before, after, current, "already", target)
    if current != before:
        reason = "changed in the dataset too"
        return Change(owner, shown, before, after, current, "conflict", target, reason)
    return Change(owner, shown, before, after, current, "apply", target)


def differences(before: Any, after: Any) -> Iterator[tuple[tuple[str, ...], Any, Any]]:
    """What changed: per key for a record (a film, a person), else the whole value."""
    if isinstance(before, dict) and isinstance(after, dict):
        for key in sorted(set(before) | set(after)):
            if before.get(key) != after.get(key):
                yield (key,), before.get(key), after.get(key)
    elif before != after:
        yield (), before, after


def relocate(loc: Location, owner: str, now: dict[str, Any]) -> Location | None:
    """The same field in the current dataset, found by scene id (scenes may have moved)."""
    if loc[0] != "scenes":
        return loc
    ids = [s["id"] for s in now["scenes"]]
    if owner not in ids:
        return None
    return ("scenes", ids.index(owner), *loc[2:])


def get(data: Any, loc: Location) -> Any:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data
