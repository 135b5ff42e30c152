"""One value written as YAML text that reads back as exactly that value, in the style it had.

Each style says whether it can carry a value: plain cannot carry leading spaces, quotes' and
comments' look-alikes, or (in a flow collection such as `[a, b]`) commas and brackets; a folded
block cannot carry a tab (the reader refuses tabs) or a line starting with a space (YAML keeps
the line breaks around such lines). A style that cannot carry the value gives way: a block to
a literal block, anything to double quotes, which carry every character through escapes.
`yamledit` checks the result by parsing it again, so a rule missed here costs a fallback to
double quotes, never a changed value.
"""

from __future__ import annotations

import re
from typing import Any

from pipeline.source import resolve_plain

WIDTH = 92
"""Where folded blocks wrap, as the dataset's own text does."""

_PLAIN_FIRST = set("-?:,[]{}#&*!|>'\"%@` ")
_FLOW_INDICATORS = set(",[]{}")
_YAML_BREAKS = set("\r\n\x85\u2028\u2029")
"""Characters YAML takes as line breaks: raw in any scalar, they would be folded or changed."""
_UNSAFE_IN_BLOCK = _YAML_BREAKS - {"\n"} | {"\t", "\ufeff"}
_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\t": "\\t",
    "\r": "\\r",
    "\x85": "\\N",
    "\u2028": "\\u2028",  # not YAML's \L: the spelling the reader's hint gives
    "\u2029": "\\u2029",
    "\ufeff": "\\uFEFF",
}
_NEEDS_ESCAPE = re.compile('[\\\\"\n\t\r\x85\u2028\u2029\ufeff\x00-\x1f\x7f-\x9f]')
_SINGLE_SPACE = re.compile(r"(?<=\S) (?=\S)")


def number(value: int | float) -> str:
    """A number as YAML 1.2 reads it back, with a decimal point in floats (YAML 1.1 needs one)."""
    if isinstance(value, int):
        return str(value)
    text = repr(value)
    if "e" in text and "." not in text.split("e")[0]:
        mantissa, exponent = text.split("e")
        text = f"{mantissa}.0e{exponent}"
    return text


def scalar(value: Any, style: str, *, flow: bool, pad: str = "", newline: str = "\n") -> str:
    """`value` in `style` ('' plain, "'", '"', '|', '>') if that style can carry it, else the
    next best; `pad` is a block's indentation (block styles only outside flow collections)."""
    if isinstance(value, bool) or value is None:
        raise TypeError(f"review never writes {value!r}")
    if not isinstance(value, str):
        return number(value)
    written = None
    if style in ("|", ">") and not flow and pad:
        written = (folded(value, pad, newline) if style == ">" else None) or literal(
            value, pad, newline
        )
    elif style == "'":
        written = single_quoted(value)
    elif style == "" and plain_ok(value, flow=flow):
        written = value
    return written if written is not None else double_quoted(value)


def plain_ok(value: str, *, flow: bool) -> bool:
    """Whether `value` unquoted reads back as the same text in a flow or block context."""
    resolved = resolve_plain(value)
    return (
        type(resolved) is str  # not a number, boolean, null or YAML 1.1 look-alike
        and value == value.strip()
        and value[0] not in _PLAIN_FIRST
        and not value.endswith(":")
        and ": " not in value
        and " #" not in value
        and not any(c in _UNSAFE_IN_BLOCK or c == "\n" for c in value)
        and not (flow and (":" in value or any(c in _FLOW_INDICATORS for c in value)))
    )


def double_quoted(value: str) -> str:
    """Double quotes carry any text: line breaks, tabs and control characters as escapes."""
    return '"' + _NEEDS_ESCAPE.sub(_escape, value) + '"'


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return _ESCAPES.get(char) or f"\\x{ord(char):02X}"


def single_quoted(value: str) -> str | None:
    if any(c in _YAML_BREAKS or c in "\t\ufeff" for c in value):
        return None  # a quoted line break folds; the reader refuses tabs
    return "'" + value.replace("'", "''") + "'"


def _chomp(value: str) -> tuple[str, str] | None:
    """The chomping indicator for a block and the content without its final line break."""
    if value.endswith("\n\n"):
        return None  # "keep" would swallow blank lines that follow the block in the file
    if value.endswith("\n"):
        return "", value[:-1]
    return "-", value


def literal(value: str, pad: str, newline: str = "\n") -> str | None:
    """A literal block (`|-`), or None when it cannot carry `value` exactly."""
    chomped = _chomp(value)
    if chomped is None or any(c in _UNSAFE_IN_BLOCK for c in value):
        return None
    indicator, content = chomped
    lines = content.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip(" ")), None)
    if first is None or lines[first].startswith(" ") or any(lines[:first]):
        return None  # the indentation would be misread from a line that starts with spaces
    if any(line.endswith(" ") for line in lines):
        return None  # invisible, and the first thing an editor's "trim" would take
    body = newline.join(pad + line if line else "" for line in lines)
    return f"|{indicator}{newline}{body}"


def folded(value: str, pad: str, newline: str = "\n") -> str | None:
    """A folded block (`>-`), wrapped at WIDTH, or None when it cannot carry `value`: each
    run of n line breaks becomes n blank lines, and lines break only at single spaces."""
    chomped = _chomp(value)
    if chomped is None or any(c in _UNSAFE_IN_BLOCK for c in value):
        return None
    indicator, content = chomped
    paragraphs = content.split("\n")
    if content.startswith("\n") or any(p != p.strip(" ") for p in paragraphs):
        return None  # leading spaces keep their line breaks; trailing ones would fold oddly
    lines: list[str] = []
    for chunk in re.split(r"(\n+)", content):
        if chunk.startswith("\n"):
            lines += [""] * len(chunk)
        elif chunk:
            lines += _wrap(chunk, WIDTH - len(pad))
    body = newline.join(pad + line if line else "" for line in lines)
    return f">{indicator}{newline}{body}"


def _wrap(text: str, width: int) -> list[str]:
    """Greedy lines of at most `width` (a longer word stays whole), broken at single spaces
    only: folding turns each break back into exactly one space."""
    lines: list[str] = []
    line = ""
    for word in _SINGLE_SPACE.split(text):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return [*lines, line]
