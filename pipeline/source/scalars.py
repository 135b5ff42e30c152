"""How an unquoted scalar is typed: the YAML 1.2 core schema, with YAML 1.1 readings flagged.

Plain scalars are resolved by the YAML 1.2 core schema only (decimal ints, floats, true/false,
null). A plain scalar that YAML 1.1 tools would read as something else (`no`, `on`, `0x1F`,
`1:20`, `2001-01-01`) stays text but is marked `Ambiguous`, so a text field can ask for quotes
and a date field can still parse it.
"""

from __future__ import annotations

import re
from typing import Any

from pipeline.values import MAX_NUMBER_LENGTH, Ambiguous, TooLong

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
_SPECIAL_FLOATS = {
    ".inf": float("inf"),
    "+.inf": float("inf"),
    "-.inf": float("-inf"),
    ".nan": float("nan"),
}
_YAML11_BOOLS = frozenset(
    w
    for word in ("y", "yes", "n", "no", "on", "off")
    for w in (word, word.capitalize(), word.upper())
)
_YAML11_NUMBER = re.compile(
    r"""[-+]?(?:0[0-7_]+|0x[0-9a-fA-F_]+|0o[0-7_]+|0b[01_]+|[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?
    |[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|\.[0-9_]+)\Z|\.(?:inf|Inf|INF|nan|NaN|NAN)\Z""",
    re.VERBOSE,
)
_YAML11_TIMESTAMP = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt \t].*)?\Z")
_LEADING_ZERO = re.compile(r"[-+]?0[0-9_]+\Z")
_MAYBE_TYPED = frozenset("0123456789+-.~nNyYoOtTfF")


def resolve_plain(text: str) -> Any:
    """Type of an unquoted scalar under the YAML 1.2 core schema, flagging YAML 1.1 readings."""
    if text and text[0] not in _MAYBE_TYPED:
        return text
    if text in _NULLS:
        return None
    if text in _BOOLS:
        return _BOOLS[text]
    if len(text) > MAX_NUMBER_LENGTH and (_INT.match(text) or _FLOAT.match(text)):
        return TooLong(text)  # Python would refuse (or take quadratic time over) the digits
    if _INT.match(text):
        return int(text)
    if _LEADING_ZERO.match(text):
        return Ambiguous(text, "an octal number")
    if _FLOAT.match(text):
        return float(text)
    if text in _SPECIAL_FLOATS:
        return _SPECIAL_FLOATS[text]
    if text in _YAML11_BOOLS:
        return Ambiguous(text, "a boolean")
    if _YAML11_NUMBER.match(text):
        return Ambiguous(text, "a number")
    if _YAML11_TIMESTAMP.match(text):
        return Ambiguous(text, "a date")
    return text
