"""Bytes to a parsed document: size limit, encoding, characters XML cannot carry, tabs."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import msgspec

from pipeline.errors import Diagnostic, ValidationError
from pipeline.source.builder import MAX_DIAGNOSTICS, Builder, summary
from pipeline.source.files import DEFAULT_MAX_BYTES, read_bytes
from pipeline.source.marks import Location, Marks
from pipeline.values import FORBIDDEN_CHARACTERS

BOM = b"\xef\xbb\xbf"
_TAB_LINE = re.compile(r"^[^\t\n]*\t", re.MULTILINE)
_SEPARATORS = {"\u2028": "line separator", "\u2029": "paragraph separator"}
"""Raw in the file, YAML (libyaml) counts each as a line break and editors, grep and every
message's line:col do not: each later line number would be one off, and an unquoted value
holding one breaks where nobody sees a break. So the file may not hold them raw; the data may,
written as the escape `\u2028` in a double-quoted string (NEL and the C1 controls are refused
raw and escaped alike: `FORBIDDEN_CHARACTERS`)."""
_REFUSED_RAW = re.compile(f"{FORBIDDEN_CHARACTERS.pattern}|[{''.join(_SEPARATORS)}]")


class Document(msgspec.Struct):
    path: str
    data: dict[str, Any]
    raw: bytes
    marks: Marks | None = None
    problems: list[Diagnostic] = msgspec.field(default_factory=list)
    """Problems the reader found that do not stop validation (duplicate keys, anchors...)."""
    bom: bool = False
    """The file started with a UTF-8 byte-order mark (not part of `raw`)."""
    refused: set[str] = msgspec.field(default_factory=set)
    """Fields whose value the reader refused and reported (an escaped control character, a
    number too long to read): validation does not report them a second time."""
    ambiguous: set[Any] = msgspec.field(default_factory=set)
    """The keys under which unquoted YAML 1.1 look-alikes stand (see `pipeline.validate`)."""

    def located(self, wanted: set[Location] | None = None) -> Document:
        """The same document with marks for every value, or only for the `wanted` locations
        (parsed again, only when needed)."""
        if self.marks is None or wanted is not None:
            marks = Marks.only(wanted) if wanted is not None else None
            self.marks = Builder(self.path, track=True, marks=marks).build(self.raw).marks
        return self


def read(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read and parse a YAML source file. Raises ValidationError with every problem found."""
    return parse(read_bytes(path, max_bytes), str(path))


def parse(raw: bytes, path: str = "<string>") -> Document:
    text = _decode(raw, path)
    problems = _scan_characters(text, path)
    if problems:
        raise ValidationError(summary(problems), problems)
    bom = raw.startswith(BOM)
    raw = raw.removeprefix(BOM)
    builder = Builder(path, track=False).build(raw)
    return Document(
        path,
        builder.root,
        raw,
        problems=builder.problems,
        bom=bom,
        refused=builder.refused,
        ambiguous=builder.ambiguous,
    )


def _not_utf8(raw: bytes) -> str | None:
    """Why the start of `raw` says it is not UTF-8 text, or None. UTF-16 or UTF-32: a
    byte-order mark, or a start that reads as mostly ASCII text in one of them (a YAML file
    starts with its keys). Binary: NUL in every other byte of the start, as neither. A stray
    NUL in UTF-8 text is neither: the character scan reports it where it is."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "it looks like UTF-16 or UTF-32"
    start = raw[:64]
    if len(start) < 4 or not any(
        start[offset::2].count(0) * 2 >= len(start[offset::2]) for offset in (0, 1)
    ):
        return None
    for encoding, size in (("utf-32-le", 4), ("utf-32-be", 4), ("utf-16-le", 2), ("utf-16-be", 2)):
        text = start[: len(start) - len(start) % size].decode(encoding, "replace")
        if sum(" " <= c <= "~" or c in "\t\r\n" for c in text) >= 0.8 * len(text):
            return "it looks like UTF-16 or UTF-32"
    return "it holds binary data"


def _decode(raw: bytes, path: str) -> str:
    why = _not_utf8(raw)
    if why:
        problem = Diagnostic(path, 1, 1, f"file is not UTF-8 ({why})")
        raise ValidationError(summary([problem]), [problem])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if b"\0" in raw[:8192]:  # neither UTF-8 nor text: an image, an archive...
            problem = Diagnostic(path, 1, 1, "file is not UTF-8 (it holds binary data)")
            raise ValidationError(summary([problem]), [problem]) from None
        line = raw.count(b"\n", 0, exc.start) + 1
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        col = len(raw[line_start : exc.start].decode("utf-8", "replace")) + 1
        bad = raw[exc.start]
        message = f"byte 0x{bad:02x} is not valid UTF-8; save the file as UTF-8"
        problem = Diagnostic(path, line, col, message)
        raise ValidationError(summary([problem]), [problem]) from None


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _scan_characters(text: str, path: str) -> list[Diagnostic]:
    """Tabs, characters XML cannot carry and raw line separators, found before parsing so both
    YAML loaders agree (and count lines as editors do)."""
    found: list[Diagnostic] = []
    for match in _REFUSED_RAW.finditer(text):
        line, col = _position(text, match.start())
        found.append(_refused_character(path, line, col, match.group()))
        if len(found) >= MAX_DIAGNOSTICS:
            return found
    for match in _TAB_LINE.finditer(text):
        line, col = _position(text, match.end() - 1)
        hint = 'inside a double-quoted string, write a tab as "\\t"'
        found.append(Diagnostic(path, line, col, "tab character; indent with spaces", hint=hint))
        if len(found) >= MAX_DIAGNOSTICS:
            break
    return found


def _refused_character(path: str, line: int, col: int, char: str) -> Diagnostic:
    code = f"U+{ord(char):04X}"
    if char not in _SEPARATORS:
        return Diagnostic(path, line, col, f"control character {code} is not allowed")
    escape = f"\\u{ord(char):04x}"
    return Diagnostic(
        path,
        line,
        col,
        f"{_SEPARATORS[char]} {code} is not allowed in the file: YAML counts it as a line "
        "break, editors do not",
        hint=f'to keep it in the text, write "{escape}" inside a double-quoted string',
    )
