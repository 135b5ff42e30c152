"""Wrapping text to a width in display columns, for the text export and the newsletter.

- Width is what a terminal or a mail program shows: East Asian wide and full-width characters
  take two columns, combining marks and zero-width characters none (`unicodedata`, in the
  standard library; wcwidth does the same at 24 ms of start-up).
- Breaks fall at ordinary spaces, and between the characters of Chinese and Japanese text
  (which has no spaces), never before closing punctuation such as 。 or 」 nor after opening
  punctuation such as 「.
- No-break spaces (U+00A0, U+202F, U+2007, U+2060) are kept and never broken at: French
  typography puts them before ! ? : ; and inside « ».
- A single word longer than the width (a URL) stands alone on its line, whole.
"""

from __future__ import annotations

import functools
import re
import unicodedata

_BREAKABLE_SPACE = re.compile(
    r"[ \t\n\r\f\v\u1680\u2000-\u2006\u2008-\u200a\u2028\u2029\u205f\u3000]+"
)
"""Spaces a line may break at: every white space but the no-break ones."""
_NO_BREAK_BEFORE = frozenset(
    "、。，．・：；？！ー）」』】〕〉》］｝〙〗〟’”…‥ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々,.!?:;)]}"
)
_NO_BREAK_AFTER = frozenset("（「『【〔〈《［｛〘〖〝‘“([{")
_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")
_NO_BREAK_SPACES = re.compile("[\u00a0\u2007\u202f\u2060]")
_ONE_COLUMN_BELOW = "\u0300"
"""Every character before the combining marks (Latin, Latin-1, IPA) is one column wide."""


@functools.lru_cache(maxsize=8192)
def char_width(char: str) -> int:
    if char in _ZERO_WIDTH or unicodedata.combining(char):
        return 0
    if "\ufe00" <= char <= "\ufe0f":  # variation selectors
        return 0
    if unicodedata.east_asian_width(char) not in ("W", "F"):
        return 1
    return 1 if unicodedata.category(char) == "Cn" else 2  # unassigned: shown as one box


def display_width(text: str) -> int:
    """The columns `text` takes on a terminal (its longest line, for text of several lines)."""
    if "\n" in text:
        return max(display_width(line) for line in text.split("\n"))
    if _one_column_each(text):
        return len(text)
    return sum(char_width(c) for c in text)


def _is_wide(char: str) -> bool:
    return char_width(char) == 2


def _units(word: str) -> list[str]:
    """A word cut where a line may break inside it: between wide characters, keeping closing
    punctuation with what precedes it and opening punctuation with what follows."""
    if _one_column_each(word) or not any(map(_is_wide, word)):
        return [word]
    units: list[str] = []
    for char in word:
        glue = units and (
            char in _NO_BREAK_BEFORE
            or units[-1][-1] in _NO_BREAK_AFTER
            or not (_is_wide(char) or _is_wide(units[-1][-1]))  # Latin inside Japanese
        )
        if glue:
            units[-1] += char
        else:
            units.append(char)
    return units


def wrap(text: str, width: int = 72, indent: str = "", first: str | None = None) -> str:
    """Wrap to `width` display columns, greedily, without trailing spaces; the first line
    starts with `first` (default: `indent`), the others with `indent`."""
    prefix = indent if first is None else first
    if _one_column_each(text) and _one_column_each(prefix) and not _NO_BREAK_SPACES.search(text):
        return _wrap_ascii(text, width, indent, prefix)
    lines: list[str] = []
    line, used, bare = prefix, display_width(prefix), True
    for word in _BREAKABLE_SPACE.split(text):
        if not word:
            continue
        for number, unit in enumerate(_units(word)):
            size = display_width(unit)
            gap = 0 if bare or number else 1
            if not bare and used + gap + size > width:
                lines.append(line)
                line, used, gap = indent, display_width(indent), 0
            line += " " * gap + unit
            used += gap + size
            bare = False
    if not bare:
        lines.append(line)
    return "\n".join(lines) if lines else prefix.rstrip(" ")


def _one_column_each(text: str) -> bool:
    """True when every character is one column wide: checked for each distinct character
    beyond Latin only (a regular expression of the wide ranges takes 8 ms to compile)."""
    return text.isascii() or all(char_width(c) == 1 for c in set(text) if c >= _ONE_COLUMN_BELOW)


def _wrap_ascii(text: str, width: int, indent: str, prefix: str) -> str:
    """The common case, five times faster than textwrap: text of one column per character
    and no no-break spaces, broken at white space."""
    words = text.split()
    if len(prefix) + len(text) <= width and len(words) == text.count(" ") + 1:
        return (prefix + text).rstrip() if words else prefix.rstrip()  # fits as it is
    lines: list[str] = []
    line = prefix
    bare = True  # nothing after the prefix yet
    for word in words:
        if bare:
            line, bare = line + word, False
        elif len(line) + 1 + len(word) <= width:
            line += " " + word
        else:
            lines.append(line)
            line = indent + word
    if not bare:
        lines.append(line)
    return "\n".join(lines)


def underline(text: str, char: str = "-") -> str:
    """A rule under `text`: as wide as its longest line, in display columns."""
    return char * display_width(text)
