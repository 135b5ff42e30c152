"""Wrapping text to a width in display columns, for the text export and the newsletter.

- Width is what a terminal or a mail program shows, measured by wcwidth: East Asian wide and
  full-width characters and emoji take two columns, combining marks, zero-width joiners and
  variation selectors none, and a whole emoji sequence (🏃‍♀️, a flag, a skin tone) counts once.
  wcwidth is imported only for text that needs it (its import costs 14 ms): text of Latin,
  Western European letters, typographic punctuation and currency signs is one column a
  character, measured by its length.
- Lines never break inside a grapheme cluster (a letter and its combining marks, an emoji ZWJ
  sequence, a flag, an emoji with its skin tone).
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
from types import ModuleType

_BREAKABLE_SPACE = re.compile(
    r"[ \t\n\r\f\v\u1680\u2000-\u2006\u2008-\u200a\u2028\u2029\u205f\u3000]+"
)
"""Spaces a line may break at: every white space but the no-break ones."""
_NO_BREAK_BEFORE = frozenset(
    "、。，．・：；？！ー）」』】〕〉》］｝〙〗〟’”…‥ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々,.!?:;)]}"
)
_NO_BREAK_AFTER = frozenset("（「『【〔〈《［｛〘〖〝‘“([{")
_NO_BREAK_SPACES = re.compile("[\u00a0\u2007\u202f\u2060]")
_ONE_COLUMN = re.compile("[\x00-\u02ff\u2010-\u2027\u2030-\u205e\u20a0-\u20c0\u2100-\u214f]*")
"""Text of these characters takes a column each, one character a grapheme: Latin and its
extensions before the combining marks, dashes, quotes, bullets, the ellipsis, primes, currency
and letterlike signs."""


@functools.cache
def _wcwidth() -> ModuleType:
    import wcwidth

    return wcwidth


def _one_column_each(text: str) -> bool:
    return text.isascii() or _ONE_COLUMN.fullmatch(text) is not None


def display_width(text: str) -> int:
    """The columns `text` takes on a terminal (its longest line, for text of several lines)."""
    if "\n" in text:
        return max(display_width(line) for line in text.split("\n"))
    if _one_column_each(text):
        return len(text)
    return max(0, _wcwidth().width(text))


def graphemes(text: str) -> list[str]:
    """`text` cut into user-perceived characters (Unicode grapheme clusters)."""
    if _one_column_each(text):
        return list(text)
    return list(_wcwidth().iter_graphemes(text))


def _is_wide(cluster: str) -> bool:
    return display_width(cluster) >= 2


def _units(word: str) -> list[str]:
    """A word cut where a line may break inside it: between wide characters (whole grapheme
    clusters), keeping closing punctuation with what precedes it and opening punctuation with
    what follows."""
    if _one_column_each(word):
        return [word]
    clusters = graphemes(word)
    if not any(map(_is_wide, clusters)):
        return ["".join(clusters)]
    units: list[str] = []
    for cluster in clusters:
        glue = units and (
            cluster[0] in _NO_BREAK_BEFORE
            or units[-1][-1] in _NO_BREAK_AFTER
            or not (_is_wide(cluster) or _is_wide(_last_cluster(units[-1])))  # Latin in CJK
        )
        if glue:
            units[-1] += cluster
        else:
            units.append(cluster)
    return units


def _last_cluster(unit: str) -> str:
    return graphemes(unit)[-1]


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
    return "\n".join(lines) if lines else prefix.rstrip()


def _wrap_ascii(text: str, width: int, indent: str, prefix: str) -> str:
    """The common case, five times faster than textwrap: text of one column per character
    and no no-break spaces, broken at white space."""
    words = text.split()
    if not words:
        return prefix.rstrip()
    if len(prefix) + len(text) <= width and " ".join(words) == text:
        return prefix + text  # fits as it is
    lines: list[str] = []
    line = prefix + words[0]
    for word in words[1:]:
        if len(line) + 1 + len(word) <= width:
            line += " " + word
        else:
            lines.append(line)
            line = indent + word
    lines.append(line)
    return "\n".join(lines)


def underline(text: str, char: str = "-") -> str:
    """A rule under `text`: as wide as its longest line, in display columns."""
    return char * display_width(text)
