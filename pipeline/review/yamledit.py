"""Change values of a YAML file in place, keeping everything else byte for byte: comments, key
order, quoting, line endings and layout of every untouched line.

Positions come from the reader's marks (`Document.located()`). A scalar's span is replaced by
the new value in its own style (`yamlstyle`); a list is edited item by item in its own style
(a block list gains and loses `- ` lines, a flow list stays `[a, b]`); an optional key of a
mapping is added or removed as a line (block) or an entry (flow). New lines use the file's own
line break. The caller parses the result again to check it (see `apply`).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

from pipeline.review import yamllists, yamlmaps
from pipeline.review.yamllayout import DELETE, EditError, Layout, Span
from pipeline.source import Location, Marks

__all__ = ["DELETE", "EditError", "apply"]


def apply(
    text: str,
    marks: Marks,
    data: Any,
    edits: dict[Location, Any],
    *,
    quoted: frozenset[Location] = frozenset(),
    key_order: Sequence[str] = (),
) -> str:
    """`text` with each edit made. `quoted`: locations to write double-quoted whatever their
    style; `key_order`: where a new key goes among its siblings."""
    layout = Layout(text, marks, data)
    spans: list[Span] = []
    keys: dict[Location, dict[str, Any]] = {}  # a mapping's keys added or removed, together
    for loc, value in edits.items():
        if value is DELETE or loc not in marks.values:
            keys.setdefault(loc[:-1], {})[str(loc[-1])] = value
        else:
            spans += _edit(layout, loc, value, loc in quoted)
    for parent, changes in keys.items():
        spans += yamlmaps.edit_keys(layout, parent, changes, key_order)
    spans.sort(key=lambda span: (span[0], span[1]))
    for (_, end, _), (start, _, _) in itertools.pairwise(spans):
        if start < end:
            raise EditError("two edits overlap")
    pieces, at = [], 0  # one pass: many edits in a large file stay linear
    for start, end, replacement in spans:
        pieces += [text[at:start], replacement]
        at = end
    return "".join([*pieces, text[at:]])


def _edit(layout: Layout, loc: Location, value: Any, quoted: bool) -> list[Span]:
    """One value replaced in its own style; a list item by item, in the list's style."""
    if isinstance(value, list):
        edit = yamllists.flow if layout.style(loc) == "flow" else yamllists.block
        return edit(layout, loc, value, quoted)
    return [(layout.start(loc), layout.end(loc), layout.render(loc, value, quoted))]
