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
    layout = Layout(text, marks, data)
    spans: list[Span] = []
    for loc, value in edits.items():
        spans += layout.edit(loc, value, loc in quoted, key_order)
    spans.sort(key=lambda span: (span[0], span[1]))
    for (_, end, _), (start, _, _) in itertools.pairwise(spans):
        if start < end:
            raise EditError("two edits overlap")
    for start, end, replacement in reversed(spans):
        text = text[:start] + replacement + text[end:]
    return text


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
    def edit(self, loc: Location, value: Any, quoted: bool, key_order: Sequence[str]) -> list[Span]:
        if value is DELETE:
            return [self.delete_key(loc)]
        if loc not in self.marks.values:
            return [self.add_key(loc, value, key_order)]
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

    def delete_key(self, loc: Location) -> Span:
        siblings = self.children[loc[:-1]]
        at = siblings.index(loc)
        following = siblings[at + 1] if at + 1 < len(siblings) else None
        key = self.key_start(loc)
        if self.style(loc[:-1]) == "flow":
            if following is not None:
                return (key, self.key_start(following), "")
            if at == 0:
                raise EditError("cannot remove the only key of a mapping")
            return (self.end(siblings[at - 1]), self.end(loc), "")
        if not self.text[self.line_start(key) : key].strip(" "):
            return (self.line_start(key), self.next_line(self.end(loc)), "")
        if following is None:  # `- key: value` alone: removing it would leave no mapping
            raise EditError("cannot remove the only key of a list item")
        return (key, self.key_start(following), "")

    def add_key(self, loc: Location, value: Any, key_order: Sequence[str]) -> Span:
        parent, key = loc[:-1], str(loc[-1])
        siblings = self.children.get(parent, [])
        if not siblings or self.style(parent) not in ("flow", "block"):
            raise EditError(f"no mapping to add {key!r} to")
        rank = {name: i for i, name in enumerate(key_order)}
        later = [s for s in siblings if rank.get(str(s[-1]), len(rank)) > rank.get(key, len(rank))]
        entry = f"{key}: {self.render(loc, value, False, style='')}"
        if self.style(parent) == "flow":
            if later:
                return (self.key_start(later[0]), self.key_start(later[0]), f"{entry}, ")
            end = self.end(siblings[-1])
            return (end, end, f", {entry}")
        column = self.marks.keys[siblings[0]][1] - 1
        if later:
            at = self.key_start(later[0])
            return (at, at, f"{entry}{self.newline}{' ' * column}")
        at = self.line_end(self.end(siblings[-1]))
        return (at, at, f"{self.newline}{' ' * column}{entry}")
