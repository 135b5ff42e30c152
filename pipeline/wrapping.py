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
_MAYBE_NOT_ONE = re.compile(
    "[\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670"
    "\u06d6-\u06ed\u0700-\u0dff\u0e00-\u0fff\u1000-\u11ff\u1300-\u1aff\u1b00-\u1dff"
    "\u200b-\u200f\u202a-\u202e\u2060-\u206f\u20d0-\u20ff\u231a-\u231b\u2329-\u232a"
    "\u23e9-\u23fa\u25fd-\u25fe\u2614-\u2615\u2648-\u2653\u267f\u2693\u26a1-\u26fd"
    "\u2705-\u27bf\u2b1b-\u2b55\u2cef-\u2cf1\u2d7f\u2de0-\u2dff\u2e80-\ua4cf"
    "\ua66f-\ua69f\ua6f0-\ua6f1\ua800-\uabff\uac00-\ud7ff\uf900-\ufaff\ufb1e"
    "\ufe00-\ufe6f\ufeff\uff00-\uffef\U00010000-\U0010ffff]"
)
"""Every character that may take other than one column (and some that do not): text
without any is as wide as it is long, which spares the per-character look-up."""


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
    if text.isascii() or not _MAYBE_NOT_ONE.search(text):
        return len(text)
    return sum(char_width(c) for c in text)


def _is_wide(char: str) -> bool:
    return char_width(char) == 2


def _units(word: str) -> list[str]:
    """A word cut where a line may break inside it: between wide characters, keeping closing
    punctuation with what precedes it and opening punctuation with what follows."""
    if word.isascii() or not _MAYBE_NOT_ONE.search(word) or not any(map(_is_wide, word)):
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
    return text.isascii() or not _MAYBE_NOT_ONE.search(text)


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
