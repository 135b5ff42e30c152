"""Where things are in a YAML file being edited in place (`yamledit`): positions from the
reader's marks, line arithmetic, styles, and a value rendered in a location's own style.
Shared by the scalar, list and mapping edits, and importing none of them."""

from __future__ import annotations

import bisect
import re
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

    # -- writing -----------------------------------------------------------------------------
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
