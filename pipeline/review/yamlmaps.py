"""Keys added to and removed from one mapping (a film's original title, a person's note),
all at once, so that removals next to each other and additions beside them never overlap.

Removed keys go in runs: in a block mapping as whole lines (or, for the first key of a `- `
item, up to the next key that stays); in a flow mapping with the separator before or after
them. A new key goes before the first key that stays and comes after it in `key_order` (the
records' field order), else after the last key that stays; when no key stays, the mapping's
entries are written anew in their place.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pipeline.review.yamllayout import Layout, Span
    from pipeline.source import Location


def edit_keys(
    layout: Layout, parent: Location, changes: dict[str, Any], key_order: Sequence[str]
) -> list[Span]:
    """Spans that remove the keys of `parent` whose change is DELETE and add the others."""
    from pipeline.review.yamllayout import DELETE, EditError

    style = layout.style(parent)
    siblings = layout.children.get(parent, [])
    if style not in ("flow", "block") or not siblings:
        raise EditError(f"no mapping at {parent} to change keys in")
    removed = [s for s in siblings if changes.get(str(s[-1])) is DELETE]
    kept = [s for s in siblings if s not in removed]
    added = {k: v for k, v in changes.items() if v is not DELETE and (*parent, k) not in siblings}
    rank = {name: i for i, name in enumerate(key_order)}
    entries = [
        (key, f"{key}: {layout.render((*parent, key), value, False, style='')}")
        for key, value in sorted(added.items(), key=lambda kv: rank.get(kv[0], len(rank)))
    ]
    if not kept:
        return [_rewrite(layout, siblings, [entry for _, entry in entries], style)]
    spans = [_remove(layout, siblings, run, kept, style) for run in _runs(siblings, removed)]
    for key, entry in entries:
        spans.append(_insert(layout, kept, key, entry, rank, style))
    return spans


def _runs(siblings: list[Location], removed: list[Location]) -> list[list[Location]]:
    """Removed keys grouped by adjacency in the file."""
    runs: list[list[Location]] = []
    for at, loc in enumerate(siblings):
        if loc not in removed:
            continue
        if runs and siblings.index(runs[-1][-1]) == at - 1:
            runs[-1].append(loc)
        else:
            runs.append([loc])
    return runs


def _remove(
    layout: Layout, siblings: list[Location], run: list[Location], kept: list[Location], style: str
) -> Span:
    first, last = run[0], run[-1]
    after = next((s for s in siblings[siblings.index(last) + 1 :] if s in kept), None)
    before = siblings[siblings.index(first) - 1] if siblings.index(first) > 0 else None
    key = layout.key_start(first)
    if style == "flow":
        if after is not None:
            return (key, layout.key_start(after), "")
        assert before is not None  # something is kept, and it is not after the run
        return (layout.end(before), layout.end(last), "")
    if not layout.text[layout.line_start(key) : key].strip(" "):
        return (layout.line_start(key), layout.next_line(layout.end(last)), "")
    assert after is not None  # the first key of a `- ` item, and keys after it are kept
    return (key, layout.key_start(after), "")


def _insert(
    layout: Layout, kept: list[Location], key: str, entry: str, rank: dict[str, int], style: str
) -> Span:
    later = [s for s in kept if rank.get(str(s[-1]), len(rank)) > rank.get(key, len(rank))]
    if style == "flow":
        if later:
            at = layout.key_start(later[0])
            return (at, at, f"{entry}, ")
        at = layout.end(kept[-1])
        return (at, at, f", {entry}")
    indent = " " * (layout.marks.keys[kept[0]][1] - 1)
    if later:
        at = layout.key_start(later[0])
        return (at, at, f"{entry}{layout.newline}{indent}")
    at = layout.line_end(layout.end(kept[-1]))
    return (at, at, f"{layout.newline}{indent}{entry}")


def _rewrite(layout: Layout, siblings: list[Location], entries: list[str], style: str) -> Span:
    """Every key replaced: the new entries where the old ones were."""
    from pipeline.review.yamllayout import EditError

    if not entries:
        raise EditError("cannot remove every key of a mapping")
    start, end = layout.key_start(siblings[0]), layout.end(siblings[-1])
    if style == "flow":
        return (start, end, ", ".join(entries))
    indent = " " * (layout.marks.keys[siblings[0]][1] - 1)
    return (start, end, (layout.newline + indent).join(entries))
