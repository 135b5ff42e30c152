"""Tables as the command line prints them: a header row, columns two spaces apart, at most 80
columns wide (a wider terminal's width when printing to one). The last column wraps beneath
itself when a row would be wider: at spaces, else after a `.`, `-`, `/` or `+` (a long media
type or scene id)."""

from __future__ import annotations

import re
import shutil
import sys
from collections.abc import Iterable, Sequence

WIDTH = 80
"""What a terminal shows without scrolling sideways, and what a mail of cron's output keeps."""
GAP = "  "
_PIECES = re.compile(r"[^.\-/+]+[.\-/+]*|[.\-/+]+")
"""A word's pieces, each ending after its punctuation."""


def table(
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    width: int | None = None,
) -> list[str]:
    """The lines of a table: the header, then each row; trailing spaces never."""
    width = width or terminal_width()
    rows = [tuple(header), *(tuple(row) for row in rows)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header) - 1)]
    indent = sum(widths) + len(GAP) * len(widths)
    room = max(width - indent, 20)
    lines = []
    for row in rows:
        lead = "".join(cell.ljust(w) + GAP for cell, w in zip(row, widths, strict=False))
        first, *rest = wrap(row[-1], room)
        lines.append((lead + first).rstrip())
        lines += [" " * indent + piece for piece in rest]
    return lines


def fitted(line: str, width: int | None = None) -> list[str]:
    """A line of a report wrapped to the width, each continuation two spaces further in."""
    width = width or terminal_width()
    indent = " " * (len(line) - len(line.lstrip(" ")))
    if len(line) <= width:
        return [line]
    first, *rest = wrap(line.strip(), width - len(indent) - 2)
    return [indent + first, *(f"{indent}  {piece}" for piece in rest)]


def terminal_width() -> int:
    """80, or a wider terminal's width when standard output is one (never COLUMNS alone)."""
    if not sys.stdout.isatty():
        return WIDTH
    return max(WIDTH, shutil.get_terminal_size((WIDTH, 24)).columns)


def wrap(text: str, room: int) -> list[str]:
    """`text` in lines of at most `room` characters where it can be broken (see above)."""
    lines, line = [], ""
    for word in filter(None, text.split(" ")):  # a no-break space holds its words together
        pieces = _PIECES.findall(word) if len(word) > room else [word]
        for number, piece in enumerate(pieces):
            joined = f"{line} {piece}" if line and number == 0 else line + piece
            if line and len(joined) > room:
                lines.append(line)
                line = piece
            else:
                line = joined
    return [*lines, line]
