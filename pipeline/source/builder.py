"""Parser events to plain values, without recursion, refusing what YAML tools disagree on.

Duplicate keys, anchors, aliases, merge keys, explicit tags, several documents and nesting
deeper than MAX_DEPTH are reported with their position; values are built from libyaml's event
stream (about 7x faster than the pure-Python parser, which is the fallback).
"""

from __future__ import annotations

import itertools
from typing import Any

import yaml

from pipeline.errors import Diagnostic, ValidationError
from pipeline.source.marks import Location, Marks, format_location
from pipeline.source.scalars import resolve_plain
from pipeline.values import FORBIDDEN_CHARACTERS, MAX_NUMBER_LENGTH, Ambiguous, TooLong, describe

MAX_DEPTH = 50
MAX_DIAGNOSTICS = 200

_STR_TAG = "tag:yaml.org,2002:str"
_PLAIN_COLLECTION_TAGS = frozenset({None, "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"})


def _parser(raw: bytes) -> Any:
    # Only the parser is used (events); the loader classes are just the way PyYAML exposes it.
    cparser = getattr(yaml, "CBaseLoader", None)  # libyaml: about 7x faster
    if cparser is not None:
        return cparser(raw)
    return yaml.BaseLoader(raw)  # pure-Python fallback when PyYAML was built without libyaml


_INVALID_KEY = object()


class _Frame:
    __slots__ = ("container", "is_map", "key", "key_mark", "loc", "name")

    def __init__(self, container: Any, loc: Location | None, name: Any = None) -> None:
        self.container = container
        self.is_map = isinstance(container, dict)
        self.key: Any = None
        self.key_mark: tuple[int, int] = (0, 0)
        self.loc = loc
        self.name = name
        """The key of the nearest mapping above a list (its items are values of that key)."""


class Builder:
    """Turns parser events into dicts, lists and scalars without recursion."""

    def __init__(self, path: str, *, track: bool, marks: Marks | None = None) -> None:
        self.path = path
        self.track = track
        self.marks = marks if marks is not None else Marks()
        self.problems: list[Diagnostic] = []
        self.refused: set[str] = set()
        """Fields whose value the reader refused (and reported): the schema need not again."""
        self.stack: list[_Frame] = []
        self.root: Any = None
        self.documents = 0
        self.aliases_seen: set[str] = set()
        self.ambiguous: set[Any] = set()
        """The keys under which YAML 1.1 look-alikes (`Ambiguous` values) were found, so
        validation knows which fields to ask about them."""
        self.fatal = False  # a syntax error or a nesting bomb: the data is incomplete

    def build(self, raw: bytes) -> Builder:
        parser = _parser(raw)
        try:
            self._consume(parser)
        except yaml.MarkedYAMLError as exc:
            self.problems.append(syntax_diagnostic(self.path, exc))
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
            raise ValidationError(summary(self.problems), self.problems[:MAX_DIAGNOSTICS])
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
                if not (plain and _plain_scalar(event, stack[-1])):
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
                    if self.marks.complete():
                        return  # every position asked for is known: the rest is not needed
            elif kind is alias_event:
                self._alias(event)
            elif kind is events.DocumentStartEvent:
                self.documents += 1
                if self.documents == 2:
                    self._error(event, "only one YAML document is allowed per file")
            elif kind is events.StreamEndEvent or event is None:
                return

    def _alias(self, event: Any) -> None:
        if event.anchor not in self.aliases_seen:  # once per name: bombs repeat them
            self.aliases_seen.add(event.anchor)
            self._error(event, f"aliases (*{event.anchor}) are not allowed; write the value out")
        self._add(None, event)

    def _scalar(self, event: Any) -> None:
        if event.anchor is not None:
            self._error(event, f"anchors (&{event.anchor}) are not allowed")
        value: Any = event.value
        if event.tag is not None and event.tag != "!":
            if event.tag != _STR_TAG:
                self._error(event, f"tag {event.tag!r} is not allowed")
        elif not event.style:
            value = resolve_plain(value)
            top = self.stack[-1] if self.stack else None
            if type(value) is Ambiguous and not (top and top.is_map and top.key is None):
                self.ambiguous.add(_name(self.stack))  # a value, not a key
            if type(value) is TooLong:
                self._refuse(event, f"a number of {len(value):,} characters is too long to read")
        elif event.style == '"' and FORBIDDEN_CHARACTERS.search(value):
            bad = ord(FORBIDDEN_CHARACTERS.search(value).group())  # type: ignore[union-attr]
            self._refuse(event, f"escaped control character U+{bad:04X} is not allowed")
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
        self.stack.append(_Frame(container, loc, _name(self.stack, entered=True)))

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

    def _refuse(self, event: Any, message: str) -> None:
        self._error(event, message)
        self.refused.add(format_location(_location(self.stack, None)))

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
                field=format_location(_location(self.stack, field_key)),
            )
        )


def _plain_scalar(event: Any, frame: _Frame) -> bool:
    """The common case, handled inline for speed: an untagged, unanchored scalar that is a
    fresh key or a value. Returns False to send anything unusual down the full path."""
    text, style = event.value, event.style
    if style == '"' and FORBIDDEN_CHARACTERS.search(text):
        return False
    container = frame.container
    key = frame.key
    if frame.is_map and key is None:
        if text in container or (text == "<<" and not style):
            return False  # duplicate or merge key: reported by the full path
        frame.key = text
        return True
    value = text
    if not style:
        if len(text) > MAX_NUMBER_LENGTH:
            return False  # maybe a number too long to read: reported by the full path
        value = resolve_plain(text)
        if type(value) is Ambiguous:
            return False  # a YAML 1.1 look-alike: the full path notes where it is
    if not frame.is_map:
        container.append(value)
        return True
    frame.key = None
    if key is not _INVALID_KEY:
        container[key] = value
    return True


def _name(stack: list[_Frame], *, entered: bool = False) -> Any:
    """The key the value being read belongs to: the current mapping's key, or the name of the
    list it is an item of. `entered`: the value is a collection about to be entered (its own
    key was already taken from the frame)."""
    if not stack:
        return None
    top = stack[-1]
    if not top.is_map:
        return top.name
    return top.key if not entered else _last_key(top)


def _last_key(frame: _Frame) -> Any:
    return next(reversed(frame.container), None) if frame.container else None


def _location(stack: list[_Frame], key: str | None) -> Location:
    """The location being built, computed from the stack only when reporting an error."""
    loc: list[str | int] = []
    for parent, frame in itertools.pairwise(stack):
        loc.append(_child_key(parent, frame.container))
    if stack and key is not None:
        loc.append(key)
    elif stack:
        top = stack[-1]
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


def summary(problems: list[Diagnostic]) -> str:
    n = len(problems)
    return f"{n} problem{'s' if n != 1 else ''} found"


_SYNTAX_HINTS = (
    # (problem or context contains, hint, report where the construct started)
    ("while scanning a quoted scalar", "this quoted text is never closed", True),
    ("while scanning a block scalar", "this block of text is not indented as it began", True),
    (
        "mapping values are not allowed",
        "an unquoted value holds ': '; put the value in quotes, or indent this line like "
        "the keys around it",
        False,
    ),
    (
        "did not find expected key",
        "this line is indented differently from the keys (or list items) before it",
        False,
    ),
    ("did not find expected '-' indicator", "line up the '-' of every item of this list", False),
    (
        "could not find expected ':'",
        "a key needs ':' after it; a text continued on the next line needs quotes",
        True,
    ),
    ("cannot start any token", "a value starting with @, ` or % needs quotes", False),
    ("did not find expected ',' or ']'", "this [list] is never closed with ']'", True),
    ("did not find expected ',' or '}'", "this {mapping} is never closed with '}'", True),
)


def syntax_diagnostic(path: str, exc: yaml.MarkedYAMLError) -> Diagnostic:
    """libyaml's error in plain words, at the place a person should look: where the broken
    construct (a quote, a bracket) starts rather than where the parser gave up."""
    problem, context = exc.problem or "", exc.context or ""
    mark, started = exc.problem_mark or exc.context_mark, exc.context_mark
    hint = ""
    for clue, advice, at_start in _SYNTAX_HINTS:
        if clue in problem or clue in context:
            hint = advice
            if at_start and started is not None:
                mark = started
            break
    message = f"YAML syntax error: {problem or context or 'invalid YAML'}"
    if problem and context and started is not None and not hint:
        message += f" ({context} at line {started.line + 1}, column {started.column + 1})"
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return Diagnostic(path, line, col, message, hint=hint)
