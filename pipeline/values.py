"""What the YAML reader and the model share, in a leaf module so neither imports the other:
the characters XML cannot carry, text that YAML 1.1 tools would read as another type, the
shape of an absolute URL, and how a value is named in a message.
"""

from __future__ import annotations

import re
from typing import Any

_FORBIDDEN = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff"
FORBIDDEN_CHARACTERS = re.compile(f"[{_FORBIDDEN}]")
"""Characters XML 1.0 cannot carry (they would break DOCX and RSS), lone surrogates, and the
C1 controls, U+0085 (NEL) among them: YAML and Python's splitlines() read NEL as a line break,
HTML parsers refuse it, and XML 1.1 turns it into one, so no output could show it as written."""

TEXT_PATTERN = f"\\A(?=\\s*\\S)[^{_FORBIDDEN}\r]*\\Z"
"""Text a field may hold, as one regular expression (msgspec checks it in C): something other
than white space, no forbidden character, and no carriage return (line breaks are \\n; YAML
turns a file's CRLF into \\n already, so a CR can only come from an escape)."""

ABSOLUTE_URL = re.compile(r"https?://[^\s/?#]+[^\s]*")
"""An absolute http(s) URL: a scheme, a host, then anything without white space."""
URL_PATTERN = f"\\Ahttps?://[^\\s/?#{_FORBIDDEN}]+[^\\s{_FORBIDDEN}]*\\Z"
"""An absolute http(s) URL that a text field may hold, as one regular expression."""


class Ambiguous(str):
    """Text that YAML 1.1 tools (PyYAML, many editors) would read as another type."""

    reading: str

    def __new__(cls, text: str, reading: str) -> Ambiguous:
        obj = super().__new__(cls, text)
        obj.reading = reading
        return obj


class TooLong(str):
    """An unquoted number with more digits than any field can take: kept as its text, and
    reported by the reader where it stands."""


MAX_NUMBER_LENGTH = 100
"""Characters in an unquoted number literal; longer ones are refused (a year has 4)."""


def describe(value: Any) -> str:
    """A short phrase naming what a value is, for messages: "the number 1917", "a list"."""
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {_short_number(value)}"
    if value is None:
        return "nothing (null)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    text = str(value)
    return f"the text {text[:40] + '…' if len(text) > 40 else text!r}"


def _short_number(value: float) -> str:
    """repr() of a number, shortened when it has more digits than a message should carry
    (and than Python converts to text at all: 4,300 digits by default)."""
    if isinstance(value, int) and value.bit_length() > 64:
        digits = value.bit_length() * 30103 // 100000 + 1  # log10(2), never converts
        return f"{'-' if value < 0 else ''}(a whole number of about {digits:,} digits)"
    return repr(value)
