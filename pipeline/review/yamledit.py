"""Change scalar values of a YAML file in place, keeping everything else byte for byte:
comments, key order, quoting and layout of every untouched line.

Positions come from the reader's marks (`Document.located()`); each edit replaces exactly the
span of one value with the new value written in the same style where it can be.
"""

from __future__ import annotations

import json
import textwrap
from typing import Any

from pipeline.source import Location, Marks, resolve_plain
from pipeline.values import Ambiguous

_PLAIN_FORBIDDEN_START = set("-?:,[]{}#&*!|>'\"%@` \t")


def apply(text: str, marks: Marks, edits: dict[Location, Any]) -> str:
    """`text` with the value at each location replaced. Every location must be in `marks`."""
    starts = [0]
    for line in text.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))

    def index(position: tuple[int, int]) -> int:
        line, column = position
        return starts[line - 1] + column - 1 if line - 1 < len(starts) else len(text)

    spans = []
    for loc, value in edits.items():
        start, end = index(marks.values[loc]), index(marks.ends[loc])
        style = marks.styles.get(loc, "")
        spans.append((start, end, _render(value, style, text, start)))
    for start, end, replacement in sorted(spans, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def _render(value: Any, style: str, text: str, start: int) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_scalar(v, flow=True) for v in value) + "]"
    if isinstance(value, bool) or not isinstance(value, str):
        return json.dumps(value)
    if style in (">", "|"):
        return _block(value, style, text, start)
    if style == "'":
        return (
            "'" + value.replace("'", "''") + "'"
            if "\n" not in value
            else json.dumps(value, ensure_ascii=False)
        )
    if style == '"':
        return json.dumps(value, ensure_ascii=False)
    return _scalar(value, flow=False)


def _scalar(value: str, *, flow: bool) -> str:
    """Plain when it reads back as the same text everywhere, else double-quoted."""
    resolved = resolve_plain(value)
    plain = (
        isinstance(resolved, str)
        and not isinstance(resolved, Ambiguous)
        and value == value.strip()
        and value[0] not in _PLAIN_FORBIDDEN_START
        and ": " not in value
        and " #" not in value
        and "\n" not in value
        and not value.endswith(":")
        and not (flow and any(c in value for c in ",[]{}"))
    )
    return value if plain else json.dumps(value, ensure_ascii=False)


def _block(value: str, style: str, text: str, start: int) -> str:
    """A block scalar in the original's indentation: '>-' folds long lines, '|' keeps them."""
    header_end = text.index("\n", start) + 1
    next_line = text[header_end:]
    indent = len(next_line) - len(next_line.lstrip(" "))
    pad = " " * max(indent, 2)
    if style == ">":
        paragraphs = value.split("\n")
        lines = []
        for number, paragraph in enumerate(paragraphs):
            if number:
                lines.append("")
            lines += textwrap.wrap(
                paragraph, width=92 - len(pad), break_long_words=False, break_on_hyphens=False
            ) or [""]
        body = "\n".join(pad + line if line else "" for line in lines)
        return ">-\n" + body + "\n"
    return "|-\n" + "\n".join(pad + line if line else "" for line in value.split("\n")) + "\n"
