"""Read the YAML source strictly, keeping where every value came from.

PyYAML's own loaders silently corrupt data (last duplicate key wins, `No` becomes False,
`1:20` becomes 80, aliases expand into gigabytes). This module builds plain Python values
straight from the parser's event stream instead, so it can refuse those traps with a
located diagnostic and never recurses however deep the input nests.

Plain scalars are resolved by the YAML 1.2 core schema only (decimal ints, floats, true/false,
null). A plain scalar that YAML 1.1 tools would read as something else (`no`, `on`, `0x1F`,
`1:20`, `2001-01-01`) stays text but is marked `Ambiguous`, so a text field can ask for quotes
and a date field can still parse it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from pipeline.diagnostics import Diagnostic, ValidationError

MAX_DEPTH = 50
DEFAULT_MAX_BYTES = 64 * 1024 * 1024  # about 130,000 scenes of the article's size
MAX_DIAGNOSTICS = 200

Location = tuple[str | int, ...]

# Characters XML 1.0 cannot carry (they would break DOCX and RSS), lone surrogates, and the
# C1 controls YAML forbids unescaped (libyaml would fail on them without a position).
FORBIDDEN_CHARACTERS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff\ud800-\udfff]"
)
_TAB_LINE = re.compile(r"^[^\t\n]*\t", re.MULTILINE)

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

_STR_TAG = "tag:yaml.org,2002:str"
_PLAIN_COLLECTION_TAGS = frozenset({None, "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"})


class Ambiguous(str):
    """Text that YAML 1.1 tools (PyYAML, many editors) would read as another type."""

    reading: str

    def __new__(cls, text: str, reading: str) -> Ambiguous:
        obj = super().__new__(cls, text)
        obj.reading = reading
        return obj


def resolve_plain(text: str) -> Any:
    """Type of an unquoted scalar under the YAML 1.2 core schema, flagging YAML 1.1 readings."""
    if text and text[0] not in _MAYBE_TYPED:
        return text
    if text in _NULLS:
        return None
    if text in _BOOLS:
        return _BOOLS[text]
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


@dataclass
class Marks:
    """Where each value (and each mapping key) starts, by location path. 1-based."""

    values: dict[Location, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Location, tuple[int, int]] = field(default_factory=dict)
    ends: dict[Location, tuple[int, int]] = field(default_factory=dict)
    """Where each value ends (exclusive), for edits in place (`scenes review --apply`)."""
    styles: dict[Location, str] = field(default_factory=dict)
    """A scalar's quoting ('' plain, '"', "'", '|', '>'), or 'flow'/'block' for collections."""

    def of(self, loc: Location, *, key: bool = False) -> tuple[int, int]:
        """The nearest recorded position for `loc`, walking up to its parents."""
        table = self.keys if key else self.values
        while loc:
            if loc in table:
                return table[loc]
            if loc in self.values:
                return self.values[loc]
            loc = loc[:-1]
        return self.values.get((), (1, 1))


@dataclass
class Document:
    path: str
    data: dict[str, Any]
    raw: bytes
    marks: Marks | None = None
    problems: list[Diagnostic] = field(default_factory=list)
    """Problems the reader found that do not stop validation (duplicate keys, anchors...)."""

    def located(self) -> Document:
        """The same document with marks for every value (parsed again, only when needed)."""
        if self.marks is None:
            self.marks = _Builder(self.path, track=True).build(self.raw).marks
        return self


def format_location(loc: Location) -> str:
    if len(loc) > 12:  # a nesting bomb: the first levels say where it is
        return format_location(loc[:8]) + "…"
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def read(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read and parse a YAML source file. Raises ValidationError with every problem found."""
    shown = str(path)
    try:
        with Path(path).open("rb") as fh:
            raw = fh.read(max_bytes + 1)
    except FileNotFoundError:
        raise ValidationError(f"{shown}: no such file") from None
    except IsADirectoryError:
        raise ValidationError(f"{shown}: is a directory, expected a YAML file") from None
    except OSError as exc:
        raise ValidationError(f"{shown}: cannot read: {exc.strerror}") from None
    if len(raw) > max_bytes:
        raise ValidationError(
            f"{shown}: larger than the limit of {max_bytes:,} bytes "
            "(raise limits.max_source_bytes in scenes.toml if this is intended)"
        )
    return parse(raw, shown)


def parse(raw: bytes, path: str = "<string>") -> Document:
    text = _decode(raw, path)
    problems = _scan_characters(text, path)
    if problems:
        raise ValidationError(_summary(problems), problems)
    raw = raw.removeprefix(b"\xef\xbb\xbf")
    builder = _Builder(path, track=False).build(raw)
    return Document(path, builder.root, raw, problems=builder.problems)


def _summary(problems: list[Diagnostic]) -> str:
    n = len(problems)
    return f"{n} problem{'s' if n != 1 else ''} found"


def _decode(raw: bytes, path: str) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in raw[:4096]:
        problem = Diagnostic(path, 1, 1, "file is not UTF-8 (it looks like UTF-16 or UTF-32)")
        raise ValidationError(_summary([problem]), [problem])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        col = len(raw[line_start : exc.start].decode("utf-8", "replace")) + 1
        bad = raw[exc.start]
        message = f"byte 0x{bad:02x} is not valid UTF-8; save the file as UTF-8"
        problem = Diagnostic(path, line, col, message)
        raise ValidationError(_summary([problem]), [problem]) from None


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _scan_characters(text: str, path: str) -> list[Diagnostic]:
    """Tabs and characters XML cannot carry, found before parsing so both YAML loaders agree."""
    found: list[Diagnostic] = []
    for match in FORBIDDEN_CHARACTERS.finditer(text):
        line, col = _position(text, match.start())
        found.append(
            Diagnostic(
                path, line, col, f"control character U+{ord(match.group()):04X} is not allowed"
            )
        )
        if len(found) >= MAX_DIAGNOSTICS:
            return found
    for match in _TAB_LINE.finditer(text):
        line, col = _position(text, match.end() - 1)
        found.append(
            Diagnostic(
                path,
                line,
                col,
                "tab character; indent with spaces",
                hint='inside a double-quoted string, write a tab as "\\t"',
            )
        )
        if len(found) >= MAX_DIAGNOSTICS:
            break
    return found


def _parser(raw: bytes) -> Any:
    # Only the parser is used (events); the loader classes are just the way PyYAML exposes it.
    cparser = getattr(yaml, "CBaseLoader", None)  # libyaml: about 7x faster
    if cparser is not None:
        return cparser(raw)
    return yaml.BaseLoader(raw)  # pure-Python fallback when PyYAML was built without libyaml


_INVALID_KEY = object()


class _Frame:
    __slots__ = ("container", "is_map", "key", "key_mark", "loc")

    def __init__(self, container: Any, loc: Location | None) -> None:
        self.container = container
        self.is_map = isinstance(container, dict)
        self.key: Any = None
        self.key_mark: tuple[int, int] = (0, 0)
        self.loc = loc


class _Builder:
    """Turns parser events into dicts, lists and scalars without recursion."""

    def __init__(self, path: str, *, track: bool) -> None:
        self.path = path
        self.track = track
        self.marks = Marks()
        self.problems: list[Diagnostic] = []
        self.stack: list[_Frame] = []
        self.root: Any = None
        self.documents = 0
        self.aliases_seen: set[str] = set()
        self.fatal = False  # a syntax error or a nesting bomb: the data is incomplete

    def build(self, raw: bytes) -> _Builder:
        parser = _parser(raw)
        try:
            self._consume(parser)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            message = f"YAML syntax error: {exc.problem or exc.context or 'invalid YAML'}"
            started = exc.context_mark
            if exc.problem and exc.context and started is not None:
                message += (
                    f" ({exc.context} at line {started.line + 1}, column {started.column + 1})"
                )
            line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            self.problems.append(Diagnostic(self.path, line, col, message))
            self.fatal = True
        except yaml.YAMLError as exc:
            if not self.fatal:
                self.problems.append(Diagnostic(self.path, 1, 1, f"YAML error: {exc}"))
            self.fatal = True
        finally:
            dispose = getattr(parser, "dispose", None)
            if dispose is not None:
                dispose()
        if self.fatal or not self._root_is_mapping():
            raise ValidationError(_summary(self.problems), self.problems[:MAX_DIAGNOSTICS])
        return self

    def _root_is_mapping(self) -> bool:
        if isinstance(self.root, dict):
            return True
        if self.documents == 0:
            self.problems.append(Diagnostic(self.path, 1, 1, "file is empty"))
        else:
            got = "nothing" if self.root is None else describe(self.root)
            line, col = self.marks.values.get((), (1, 1))
            self.problems.append(
                Diagnostic(self.path, line, col, f"the top level must be a mapping, got {got}")
            )
        return False

    def _consume(self, parser: Any) -> None:
        events = yaml.events
        scalar_event, alias_event = events.ScalarEvent, events.AliasEvent
        mapping_start, sequence_start = events.MappingStartEvent, events.SequenceStartEvent
        mapping_end, sequence_end = events.MappingEndEvent, events.SequenceEndEvent
        get_event, stack, fast = parser.get_event, self.stack, not self.track
        while True:
            event = get_event()
            kind = type(event)
            if kind is scalar_event:
                plain = fast and stack and event.anchor is None and event.tag in (None, "!")
                if not (plain and self._plain_scalar(event, stack[-1])):
                    self._scalar(event)
            elif kind is mapping_start or kind is sequence_start:
                self._collection_start(event, {} if kind is mapping_start else [])
            elif kind is mapping_end or kind is sequence_end:
                closed = stack.pop()
                if not fast and closed.loc is not None:
                    self.marks.ends[closed.loc] = (
                        event.end_mark.line + 1,
                        event.end_mark.column + 1,
                    )
            elif kind is alias_event:
                if event.anchor not in self.aliases_seen:  # once per name: bombs repeat them
                    self.aliases_seen.add(event.anchor)
                    self._error(
                        event, f"aliases (*{event.anchor}) are not allowed; write the value out"
                    )
                self._add(None, event)
            elif kind is events.DocumentStartEvent:
                self.documents += 1
                if self.documents == 2:
                    self._error(event, "only one YAML document is allowed per file")
            elif kind is events.StreamEndEvent or event is None:
                return

    @staticmethod
    def _plain_scalar(event: Any, frame: _Frame) -> bool:
        """The common case, handled inline for speed: an untagged, unanchored scalar that is a
        fresh key or a value. Returns False to send anything unusual down the full path."""
        text, style = event.value, event.style
        if style == '"' and FORBIDDEN_CHARACTERS.search(text):
            return False
        container = frame.container
        if not frame.is_map:
            container.append(text if style else resolve_plain(text))
            return True
        key = frame.key
        if key is None:
            if text in container or (text == "<<" and not style):
                return False  # duplicate or merge key: reported by the full path
            frame.key = text
            return True
        frame.key = None
        if key is not _INVALID_KEY:
            container[key] = text if style else resolve_plain(text)
        return True

    def _scalar(self, event: Any) -> None:
        if event.anchor is not None:
            self._error(event, f"anchors (&{event.anchor}) are not allowed")
        value: Any = event.value
        if event.tag is not None and event.tag != "!":
            if event.tag != _STR_TAG:
                self._error(event, f"tag {event.tag!r} is not allowed")
        elif not event.style:
            value = resolve_plain(value)
        elif event.style == '"' and FORBIDDEN_CHARACTERS.search(value):
            bad = ord(FORBIDDEN_CHARACTERS.search(value).group())  # type: ignore[union-attr]
            self._error(event, f"escaped control character U+{bad:04X} is not allowed")
        loc = self._add(value, event)
        if loc is not None and self.track:
            self.marks.ends[loc] = (event.end_mark.line + 1, event.end_mark.column + 1)
            self.marks.styles[loc] = event.style or ""

    def _collection_start(self, event: Any, container: dict[str, Any] | list[Any]) -> None:
        if event.anchor is not None:
            self._error(event, f"anchors (&{event.anchor}) are not allowed")
        if not event.implicit and event.tag not in _PLAIN_COLLECTION_TAGS:
            self._error(event, f"tag {event.tag!r} is not allowed")
        loc = self._add(container, event)
        if loc is not None and self.track:
            self.marks.styles[loc] = "flow" if event.flow_style else "block"
        if len(self.stack) >= MAX_DEPTH:
            self._error(event, f"nested deeper than {MAX_DEPTH} levels")
            self.fatal = True
            raise yaml.YAMLError("too deep")  # stops parsing; the diagnostic above says why
        self.stack.append(_Frame(container, loc))

    def _add(self, value: Any, event: Any) -> Location | None:
        """Place a value in the current container; return its location when tracking."""
        mark = (event.start_mark.line + 1, event.start_mark.column + 1) if self.track else (0, 0)
        if not self.stack:
            self.root = value
            if self.track:
                self.marks.values[()] = mark
            return ()
        frame = self.stack[-1]
        container = frame.container
        if isinstance(container, list):
            container.append(value)
            return self._record(frame, len(container) - 1, mark)
        if frame.key is None:
            frame.key = self._key(value, event, frame)
            frame.key_mark = mark
            return None
        key, frame.key = frame.key, None
        if key is _INVALID_KEY:
            return None
        container[key] = value
        loc = self._record(frame, key, mark)
        if self.track and loc is not None:
            self.marks.keys[loc] = frame.key_mark
        return loc

    def _record(self, frame: _Frame, part: str | int, mark: tuple[int, int]) -> Location | None:
        if not self.track or frame.loc is None:
            return None
        loc = (*frame.loc, part)
        self.marks.values[loc] = mark
        return loc

    def _key(self, value: Any, event: Any, frame: _Frame) -> Any:
        if isinstance(value, dict | list):
            self._error(event, "a mapping key must be plain text")
            return _INVALID_KEY
        key = event.value if type(event) is yaml.events.ScalarEvent else None
        if key is None:
            self._error(event, "a mapping key must be plain text")
            return _INVALID_KEY
        if key == "<<" and not event.style:
            self._error(event, "merge keys (<<) are not allowed; write the fields out")
            return _INVALID_KEY
        if key in frame.container:
            self._error(event, f"duplicate key {key!r}", field_key=key)
            return _INVALID_KEY
        return key

    def _error(self, event: Any, message: str, field_key: str | None = None) -> None:
        if len(self.problems) >= MAX_DIAGNOSTICS:
            return
        mark = event.start_mark
        self.problems.append(
            Diagnostic(
                self.path,
                mark.line + 1,
                mark.column + 1,
                message,
                field=format_location(self._current_location(field_key)),
            )
        )

    def _current_location(self, key: str | None) -> Location:
        """The location being built, computed from the stack only when reporting an error."""
        loc: list[str | int] = []
        for parent, frame in zip(self.stack, self.stack[1:], strict=False):
            loc.append(_child_key(parent, frame.container))
        if self.stack and key is not None:
            loc.append(key)
        elif self.stack:
            top = self.stack[-1]
            if isinstance(top.container, list):
                loc.append(len(top.container))
            elif top.key not in (None, _INVALID_KEY):
                loc.append(top.key)
        return tuple(loc)


def _child_key(parent: _Frame, child: Any) -> str | int:
    items = parent.container.items() if isinstance(parent.container, dict) else None
    if items is None:
        return len(parent.container) - 1
    for key, value in reversed(items):
        if value is child:
            return key  # type: ignore[no-any-return]
    return "?"


def describe(value: Any) -> str:
    """A short phrase naming what a value is, for messages: "the number 1917", "a list"."""
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if value is None:
        return "nothing (null)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = str(value)
    return f"the text {text[:40] + '…' if len(text) > 40 else text!r}"
