"""A list of scalars (a scene's tags) edited in its own style, item by item.

The old and new lists are matched (difflib), so untouched items keep their text and only the
items that changed are written: in a flow list `[a, b]` as entries with their commas, in a block
list as `- item` lines with the list's own indentation and the file's line break. A block list
that loses every item becomes `[]` on its key's line (a block list cannot be empty).
"""

from __future__ import annotations

import difflib
import re
from typing import TYPE_CHECKING, Any

from pipeline.review.merge import get

if TYPE_CHECKING:
    from pipeline.review.yamllayout import Layout, Span
    from pipeline.source import Location

_DASH = re.compile(r"[ ]*-[ ]+\Z")
_COLON = re.compile(r"[ ]*:")


def _operations(old: list[Any], new: list[Any]) -> list[tuple[str, int, int, list[Any]]]:
    """Edits that turn `old` into `new`, by old positions: ('replace', i, i, [value]),
    ('delete', i, j, []), ('insert', i, i, values) before old item i."""
    out: list[tuple[str, int, int, list[Any]]] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        paired = min(i2 - i1, j2 - j1)
        out += [("replace", i1 + k, i1 + k, [new[j1 + k]]) for k in range(paired)]
        if i2 - i1 > paired:
            out.append(("delete", i1 + paired, i2, []))
        if j2 - j1 > paired:
            out.append(("insert", i1 + paired, i1 + paired, new[j1 + paired : j2]))
    return out


def flow(layout: Layout, loc: Location, new: list[Any], quoted: bool) -> list[Span]:
    items = layout.children.get(loc, [])
    old = get(layout.data, loc) or []
    start, end = layout.start(loc), layout.end(loc)
    if not new or not items:
        style = layout.style(items[0]) if items else ""
        written = [layout.render((*loc, i), v, quoted, style) for i, v in enumerate(new)]
        return [(start, end, "[" + ", ".join(written) + "]")]
    spans: list[Span] = []
    for kind, i, j, values in _operations(old, new):
        near = items[min(i, len(items) - 1)]
        written = [layout.render(near, v, quoted, layout.style(near)) for v in values]
        if kind == "replace":
            spans.append((layout.start(items[i]), layout.end(items[i]), written[0]))
        elif kind == "delete" and j < len(items):
            spans.append((layout.start(items[i]), layout.start(items[j]), ""))
        elif kind == "delete":
            spans.append((layout.end(items[i - 1]), layout.end(items[j - 1]), ""))
        elif i > 0:
            at = layout.end(items[i - 1])
            spans.append((at, at, "".join(", " + w for w in written)))
        else:
            at = layout.start(items[0])
            spans.append((at, at, "".join(w + ", " for w in written)))
    return spans


def block(layout: Layout, loc: Location, new: list[Any], quoted: bool) -> list[Span]:
    from pipeline.review.yamllayout import EditError

    items = layout.children.get(loc, [])
    old = get(layout.data, loc) or []
    prefixes = [layout.text[layout.line_start(layout.start(i)) : layout.start(i)] for i in items]
    if not items or not all(_DASH.match(p) for p in prefixes):
        raise EditError("the list is not written one '- item' per line")
    if not new:
        return [_emptied(layout, loc, items)]
    spans: list[Span] = []
    for kind, i, j, values in _operations(old, new):
        near = items[min(i, len(items) - 1)]
        written = [layout.render(near, v, quoted, layout.style(near)) for v in values]
        if kind == "replace":
            spans.append((layout.start(items[i]), layout.end(items[i]), written[0]))
        elif kind == "delete":
            first = layout.line_start(layout.start(items[i]))
            spans.append((first, layout.next_line(layout.end(items[j - 1])), ""))
        elif i > 0:
            at = layout.line_end(layout.end(items[i - 1]))
            prefix = prefixes[i - 1]
            spans.append((at, at, "".join(layout.newline + prefix + w for w in written)))
        else:
            at = layout.line_start(layout.start(items[0]))
            spans.append((at, at, "".join(prefixes[0] + w + layout.newline for w in written)))
    return spans


def _emptied(layout: Layout, loc: Location, items: list[Location]) -> Span:
    """`key: []` in place of a block list's lines: from the key's colon to the last item."""
    from pipeline.review.yamllayout import EditError

    key = str(loc[-1])
    at = layout.key_start(loc)
    colon = _COLON.match(layout.text, at + len(key))
    if not layout.text.startswith(key, at) or colon is None:
        raise EditError("cannot find the list's key")
    return (colon.end(), layout.line_end(layout.end(items[-1])), " []")
