"""Three versions of each anchored field meet here: the *base* (what the document was exported
from; the document carries it), the *edited* text in the document, and the *current* dataset.
A field the editor changed applies cleanly when the dataset still has the base value; when
both sides changed it differently, it is a conflict.

A field is found in the current data by identity, never by position alone: its scene by id,
and an item of a list (an intro paragraph, a film, a person, a claim) as the item that is
still the one exported. When that cannot be told (the scene is gone, the list was reordered
and edited), the change is "cannot" and no flag writes it anywhere.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import msgspec

from pipeline.serialize import json_values
from pipeline.source import Location
from pipeline.writers.docx_layout import Anchored


class Change(msgspec.Struct, frozen=True):
    owner: str
    """The scene id, or "collection"."""
    field: str
    """What changed, e.g. "blurb", "claim0_value", "film0.year"."""
    before: Any
    after: Any
    """The value to write; None removes the key (an optional part of a film or person)."""
    current: Any
    status: str
    """"apply", "conflict", "already" (the dataset has it) or "cannot" (never written)."""
    loc: Location
    """Where it goes in the current dataset; () when it has no place."""
    reason: str = ""


class Versions:
    """The base and current data as plain values, and where each scene is now."""

    __slots__ = ("base", "now", "scene_index")

    def __init__(self, base: dict[str, Any], now: dict[str, Any]) -> None:
        self.base = base
        self.now = now
        self.scene_index = {scene["id"]: i for i, scene in enumerate(self.now["scenes"])}


def compare(field: Anchored, text: str, versions: Versions) -> Iterator[Change]:
    """The changes the editor's `text` makes to one anchored field of the base data, placed in
    the current data by identity."""
    if text == field.text:
        return  # untouched (and some renderings cannot be read back unambiguously)
    owner = field.where[0]
    before = _shown(field)
    try:
        edited = field.spec.parse(text, before)
    except ValueError as exc:
        yield Change(owner, field.key, before, text, None, "cannot", (), str(exc))
        return
    found = list(differences(before, edited))
    if not found:
        return
    keys = {sub[0] for sub, _, _ in found if sub}
    target, reason = locate(field, keys, edited, versions)
    for sub, was, after in found:
        shown = field.key + "".join(f".{s}" for s in sub)
        if target is None:
            yield Change(owner, shown, was, after, None, "cannot", (), reason)
        else:
            yield _place(owner, shown, was, after, (*target, *sub), versions.now)


def cannot(field: Anchored, text: str | None, reason: str) -> Change:
    """A field review will not touch, whatever the document holds for it (`text`, None when
    nothing): `reason` says why."""
    return Change(field.where[0], field.key, _shown(field), text, None, "cannot", (), reason)


def _shown(field: Anchored) -> Any:
    """The field's base value as plain data, limited to what the document shows of it."""
    value = json_values(field.value)
    keep = field.spec.keep
    if keep:  # a film or a person: a mapping
        return {k: value[k] for k in keep if value.get(k) is not None}
    return value


def _place(owner: str, shown: str, before: Any, after: Any, target: Location, now: dict) -> Change:
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


def locate(
    field: Anchored, keys: set[str], edited: Any, versions: Versions
) -> tuple[Location | None, str]:
    """The field's place in the current data, or None and the reason it has none."""
    loc = field.loc
    if loc[0] == "scenes":
        index = versions.scene_index.get(field.owner)
        if index is None:
            return None, "the scene is no longer in the dataset"
        loc = ("scenes", index, *loc[2:])
    at = _list_index(loc)
    if at is None:
        return loc, ""
    items_loc, row, rest = loc[:at], loc[at], loc[at + 1 :]
    base_items = get(versions.base, field.loc[:at])
    now_items = get(versions.now, items_loc)
    found = _same_item(base_items, now_items, row, keys | set(rest), edited)
    if found is None:
        return None, (
            f"the {items_loc[-1]} of {field.where[0]} changed in the dataset since the export; "
            "which one was edited cannot be told"
        )
    return (*items_loc, found, *rest), ""


def _list_index(loc: Location) -> int | None:
    """Where in `loc` an item of a list is chosen: ('scenes', 2, 'claims', 1, 'value') -> 3,
    ('collection', 'intro', 1) -> 2. A scene's own index (at 1) is not one: scenes are found
    by id."""
    for at in range(2, len(loc)):
        if isinstance(loc[at], int):
            return at
    return None


def _same_item(base: list[Any], now: Any, row: int, keys: set[str], edited: Any) -> int | None:
    """The index in `now` of the item exported as `base[row]`: the one that still equals it
    outside the edited keys (or, for text, equals it or the edit), preferring the same
    position; else the same position when nothing else in the list moved or changed."""
    if not isinstance(now, list):
        return None  # the list is gone from the dataset (`base` is where the field came from)
    exported = base[row]

    def same(item: Any) -> bool:
        if isinstance(exported, dict):  # a film, a person, a claim: so is each item now
            return all(
                item.get(k) == exported.get(k) for k in item.keys() | exported if k not in keys
            )
        return item in (exported, edited)

    candidates = [i for i, item in enumerate(now) if same(item)]
    if row in candidates:
        return row
    if len(candidates) == 1:
        return candidates[0]
    if candidates:
        return None  # several equal items: which one is meant cannot be told
    if len(now) != len(base):
        return None
    return row if all(now[i] == base[i] for i in range(len(base)) if i != row) else None


def get(data: Any, loc: Location) -> Any:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data
