"""Typed, frozen records declared once, built by msgspec, explained by pydantic.

The dataset and the settings are `Record` classes: msgspec Structs (frozen, keyword-built,
unknown fields refused) whose fields carry their constraints in their types (`pipeline.rules`).

- `convert(cls, data)` builds records with msgspec, which checks every type, bound, length and
  pattern in C; the function rules msgspec cannot run, and each record's cross-field `check`,
  run in `__post_init__`. This is the only way records are made from data: whatever validates
  gives the same records, with the same types, however it was written.
- pydantic runs only when msgspec refuses (it stops at the first problem), to find *every*
  problem with its location, and to write the published JSON Schema. It reads the same
  declarations (`__get_pydantic_core_schema__` below); a property test holds the two to the
  same verdict.
"""

from __future__ import annotations

import functools
import typing
from collections.abc import Callable
from typing import Any, TypeVar

import msgspec
from msgspec.structs import replace

from pipeline.interrupts import deferred
from pipeline.rules import RuleError, post_checks

__all__ = ["Record", "Refused", "RuleError", "convert", "fields_of", "replace"]

R = TypeVar("R", bound="Record")


class Record(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, gc=False):
    """Base of every record: cross-field rules go in `check`, raising ValueError. Records hold
    only text, numbers, times, tuples and other records, so they can form no cycle: the
    cyclic collector need not track them (`gc=False`: 16 bytes less each, and a collection
    never walks 800,000 records of a large dataset)."""

    def __post_init__(self) -> None:
        for name, checks, default in _post_checks(type(self)):
            value = getattr(self, name)
            if value is not None and value is not default:  # a default is ours: valid
                for check in checks:
                    check(value)
        self.check()

    def check(self) -> None:
        """Rules across this record's fields; ValueError names what is wrong."""

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        """The record as pydantic sees it: a mapping with exactly these fields (each with its
        rules), made into the record and checked. Errors are located by field, as for a
        model; the JSON Schema is an object with the class's name and docstrings."""
        from pydantic_core import core_schema as cs

        hints = _hints(cls)
        docs = _docstrings(cls)
        items = {}
        for name, default in _defaults(cls).items():
            schema = _strict(handler.generate_schema(hints[name]))
            if default is not _NO_DEFAULT:
                schema = cs.with_default_schema(schema, default=default)
            update = {"title": name.replace("_", " ").title()}
            if name in docs:
                update["description"] = docs[name]
            items[name] = cs.typed_dict_field(
                schema,
                required=default is _NO_DEFAULT,
                metadata={"pydantic_js_updates": update},
            )
        mapping = cs.typed_dict_schema(items, extra_behavior="forbid")  # required: per field

        def make(values: dict[str, Any]) -> Record:
            return cls(**values)  # runs __post_init__: the cross-field rules

        class_doc = {"description": " ".join(cls.__doc__.split())} if cls.__doc__ else {}
        return cs.no_info_after_validator_function(
            make,
            mapping,
            ref=f"{cls.__module__}.{cls.__qualname__}",
            metadata={"pydantic_js_updates": {"title": cls.__name__, **class_doc}},
        )


class Refused(Exception):
    """msgspec's refusal: its message, and where in the data (a location path)."""

    def __init__(self, message: str, loc: tuple[str | int, ...]) -> None:
        super().__init__(message)
        self.message, self.loc = message, loc


def convert(cls: type[R], data: Any) -> R:
    """The record `data` describes, built and checked by msgspec; Refused at the first problem.
    Ctrl-C and SIGTERM wait until msgspec is done (see `decode`)."""
    with deferred():
        try:
            return msgspec.convert(data, cls)
        except msgspec.ValidationError as exc:
            raise refused(exc) from None


def decode(cls: type[R], text: bytes | memoryview) -> R:
    """The record in the JSON `text`, every constraint checked, as `convert` would build it.

    msgspec calls back into Python as it builds records (each record's checks); a signal's
    exception raised in there while msgspec's C code is under way crashed the interpreter
    (SIGSEGV, once in a few hundred interrupted exports), so signals wait until it returns
    (at 100,000 scenes, under a second)."""
    with deferred():
        return msgspec.json.decode(text, type=cls)


def refused(exc: msgspec.ValidationError) -> Refused:
    """msgspec's "Expected `int`, got `str` - at `$.scenes[0].films[0].year`" as a message and
    the location ('scenes', 0, 'films', 0, 'year')."""
    text = str(exc)
    message, _, where = text.rpartition(" - at `")
    if not message:
        return Refused(text, ())
    return Refused(message, _location(where.removesuffix("`")))


def _location(path: str) -> tuple[str | int, ...]:
    import re

    loc: list[str | int] = []
    for key, index in re.findall(r"\.([^.\[]+)|\[(\d+)\]", path):  # "$" is never matched
        loc.append(int(index) if index else key)
    return tuple(loc)


_NO_DEFAULT: Any = object()


def _defaults(cls: type) -> dict[str, Any]:
    """Each field's default (_NO_DEFAULT when it is required), in declaration order."""
    found = {}
    for field in msgspec.structs.fields(cls):
        default = field.default
        if default is msgspec.NODEFAULT and field.default_factory is not msgspec.NODEFAULT:
            default = field.default_factory()
        found[field.name] = _NO_DEFAULT if default is msgspec.NODEFAULT else default
    return found


def _strict(schema: dict[str, Any]) -> dict[str, Any]:
    """pydantic's scalar schemas made strict, as msgspec is: no text for a number, no number
    for a boolean (containers and functions keep their own ways)."""
    kind = schema.get("type")
    if kind in ("int", "float", "bool", "str"):
        schema["strict"] = True
    elif kind in ("nullable", "function-before", "function-after"):
        _strict(schema["schema"])
    elif kind == "union":
        for choice in schema["choices"]:
            _strict(choice[0] if isinstance(choice, tuple) else choice)
    return schema


@functools.cache
def _post_checks(cls: type) -> tuple[tuple[str, tuple[Callable[[Any], Any], ...], Any], ...]:
    """The function rules of each field msgspec cannot run itself (few fields have any), with
    the field's default (never checked: it is the code's own value)."""
    hints = _hints(cls)
    found = []
    for name, default in _defaults(cls).items():
        checks = post_checks(_without_none(hints[name]))
        if checks:
            found.append((name, checks, default))
    return tuple(found)


def _without_none(annotation: Any) -> Any:
    """`X | None` as X (a None value is never checked)."""
    import types

    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        others = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(others) == 1:
            return others[0]
    return annotation


def _docstrings(cls: type) -> dict[str, str]:
    """Each field's docstring (the string literal under it), for the published schema."""
    import ast
    import inspect
    import itertools
    import textwrap

    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    except (OSError, TypeError, SyntaxError):
        return {}
    found, body = {}, tree.body[0].body  # the class statement inspect found
    for before, node in itertools.pairwise(body):
        if (
            isinstance(before, ast.AnnAssign)
            and isinstance(before.target, ast.Name)
            and isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            found[before.target.id] = inspect.cleandoc(node.value.value)
    return found


@functools.cache
def adapter(cls: type[Any]) -> Any:
    """pydantic's validator and schema generator for a record (built once, on first need)."""
    from pydantic import TypeAdapter

    return TypeAdapter(cls)


def validate_fully(cls: type[R], data: Any) -> R:
    """Validate with pydantic: the record, or pydantic.ValidationError with every problem."""
    return adapter(cls).validate_python(data)  # type: ignore[no-any-return]


def fields_of(cls: Any) -> list[str]:
    """The field names of a record class, or [] for anything else."""
    if isinstance(cls, type) and issubclass(cls, Record):
        return list(cls.__struct_fields__)
    return []


def field_type(cls: type[Record], name: str) -> Any:
    """The declared type of one field (with its metadata)."""
    return _hints(cls).get(name)


@functools.cache
def _hints(cls: type[Record]) -> dict[str, Any]:
    return typing.get_type_hints(cls, include_extras=True)


def time_fields(cls: type[Record]) -> frozenset[str]:
    """The names that, wherever they appear in `cls` and the records inside it, are times: a
    YAML 1.1 look-alike under such a name is a time written the YAML way, not a mistake."""
    from datetime import datetime

    kinds: dict[str, set[bool]] = {}
    for record in _records_within(cls):
        for name, hint in _hints(record).items():
            inner = _without_none(hint)
            if typing.get_origin(inner) is typing.Annotated:
                inner = typing.get_args(inner)[0]
            kinds.setdefault(name, set()).add(inner is datetime)
    return frozenset(name for name, found in kinds.items() if found == {True})


def _records_within(cls: type[Record]) -> list[type[Record]]:
    found: list[type[Record]] = []
    todo: list[Any] = [cls]
    while todo:
        current = todo.pop()
        if isinstance(current, type) and issubclass(current, Record):
            if current in found:
                continue
            found.append(current)
            todo.extend(_hints(current).values())
        else:
            todo.extend(typing.get_args(current))
    return found
