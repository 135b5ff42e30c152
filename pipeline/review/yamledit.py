"""Change values of a YAML file in place, keeping everything else byte for byte: comments, key
order, quoting, line endings and layout of every untouched line.

Positions come from the reader's marks (`Document.located()`). A scalar's span is replaced by
the new value in its own style (`yamlstyle`); a list is edited item by item in its own style
(a block list gains and loses `- ` lines, a flow list stays `[a, b]`); an optional key of a
mapping is added or removed as a line (block) or an entry (flow). New lines use the file's own
line break. The caller parses the result again to check it (see `apply`).
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence
from typing import Any

from pipeline.review import yamlstyle
from pipeline.source import Location, Marks

DELETE = object()
"""An edit that removes the key (an optional field emptied by the editor)."""

_LINE_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")  # what libyaml counts as one
_DASH = re.compile(r"[ ]*-[ ]+\Z")
_COMMENT = re.compile(r"[ ]+#.*")
Span = tuple[int, int, str]


class EditError(Exception):
    """An edit this module cannot make in this file's layout; nothing is written."""


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
    from pipeline.review import yamlmaps

    layout = Layout(text, marks, data)
    spans: list[Span] = []
    keys: dict[Location, dict[str, Any]] = {}  # a mapping's keys added or removed, together
    for loc, value in edits.items():
        if value is DELETE or loc not in marks.values:
            keys.setdefault(loc[:-1], {})[str(loc[-1])] = value
        else:
            spans += layout.edit(loc, value, loc in quoted)
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


class Layout:
    """Offsets of a YAML text and its values, for edits."""

    def __init__(self, text: str, marks: Marks, data: Any) -> None:
        self.text, self.marks, self.data = text, marks, data
        self.starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]
        first = _LINE_BREAK.search(text)
        self.newline = first.group() if first else "\n"
        self.children: dict[Location, list[Location]] = {}
        for loc in sorted(marks.values, key=marks.values.__getitem__):
            if loc:
                self.children.setdefault(loc[:-1], []).append(loc)

    # -- positions ---------------------------------------------------------------------------
    def offset(self, position: tuple[int, int]) -> int:
        line, column = position
        return self.starts[line - 1] + column - 1 if line <= len(self.starts) else len(self.text)

    def line_start(self, at: int) -> int:
        return self.starts[bisect.bisect_right(self.starts, at) - 1]

    def line_end(self, at: int) -> int:
        """Where the line holding `at` ends, before its line break."""
        found = _LINE_BREAK.search(self.text, at)
        return found.start() if found else len(self.text)

    def next_line(self, at: int) -> int:
        found = _LINE_BREAK.search(self.text, at)
        return found.end() if found else len(self.text)

    def start(self, loc: Location) -> int:
        return self.offset(self.marks.values[loc])

    def key_start(self, loc: Location) -> int:
        return self.offset(self.marks.keys[loc])

    def style(self, loc: Location) -> str:
        return self.marks.styles.get(loc, "")

    def in_flow(self, loc: Location) -> bool:
        return any(self.style(loc[:i]) == "flow" for i in range(len(loc)))

    def end(self, loc: Location) -> int:
        """Where a value's own text ends: a block scalar or block collection ends at its last
        non-blank line, not at the blank and comment lines the parser counts into it."""
        style = self.style(loc)
        if style == "block":
            return self.end(self.children[loc][-1]) if self.children.get(loc) else self.start(loc)
        end = self.offset(self.marks.ends[loc])
        if style not in ("|", ">"):
            return end
        start = self.start(loc)
        last, at = self.line_end(start), self.next_line(start)
        while at < end:
            line_end = self.line_end(at)
            if self.text[at:line_end].strip(" "):
                last = line_end
            at = self.next_line(at) if line_end < len(self.text) else end
        return last

    # -- edits -------------------------------------------------------------------------------
    def edit(self, loc: Location, value: Any, quoted: bool) -> list[Span]:
        if isinstance(value, list):
            return self.edit_list(loc, value, quoted)
        return [(self.start(loc), self.end(loc), self.render(loc, value, quoted))]

    def render(self, loc: Location, value: Any, quoted: bool, style: str | None = None) -> str:
        style = self.style(loc) if style is None else style
        if quoted and isinstance(value, str):
            rendered = yamlstyle.double_quoted(value)
        else:
            pad = self.block_pad(loc) if style in ("|", ">") else ""
            flow = self.in_flow(loc)
            rendered = yamlstyle.scalar(value, style, flow=flow, pad=pad, newline=self.newline)
        if style in ("|", ">"):
            rendered = self._keep_header_comment(loc, rendered)
        return rendered

    def block_pad(self, loc: Location) -> str:
        """The indentation of a block scalar's content: its least indented non-blank line."""
        start, end = self.start(loc), self.end(loc)
        lines = self.text[self.next_line(start) : end].splitlines()
        indents = [len(line) - len(line.lstrip(" ")) for line in lines if line.strip(" ")]
        return " " * min(indents, default=2)

    def _keep_header_comment(self, loc: Location, rendered: str) -> str:
        """A comment after a block scalar's indicator (`>-  # why`) stays on the header line."""
        start = self.start(loc)
        comment = _COMMENT.search(self.text, start, self.line_end(start))
        if comment is None:
            return rendered
        comment = comment.group()
        if rendered[:1] in ("|", ">"):
            at = rendered.index(self.newline)
            return rendered[:at] + comment + rendered[at:]
        return rendered + comment

    def edit_list(self, loc: Location, new: list[Any], quoted: bool) -> list[Span]:
        from pipeline.review import yamllists

        edit = yamllists.flow if self.style(loc) == "flow" else yamllists.block
        return edit(self, loc, new, quoted)
