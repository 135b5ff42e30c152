"""Typed, frozen records declared once, with two ways to check them.

The dataset and the settings are declared as `@record` classes (`pipeline.struct`: frozen,
slotted, built by keyword) whose fields carry their constraints as `Annotated` metadata (the
rules below). Two interpreters read those declarations:

- `build(cls, data)`, the fast path, in plain Python: it builds the records from valid data
  and gives up (`Defer`) at the first value it is not sure about. It imports nothing heavy, so
  a command on valid data starts quickly.
- pydantic, only when the fast path gives up (or for a published JSON Schema): it checks
  everything, collects *every* problem with its location, and is the only source of
  diagnostics. Rules turn themselves into pydantic core schemas on demand.

The fast path is conservative by construction: it accepts a value only in the plain forms
pydantic accepts with the same result, and defers everything else; a property test holds the
two to that.
"""

from __future__ import annotations

import functools
import re
import typing
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from pipeline.rules import Before, Checked, Defer, RuleError
from pipeline.struct import defaults, fields, replace, struct

T = TypeVar("T")

__all__ = ["Defer", "Record", "RuleError", "build", "fields_of", "record", "replace"]


class Record:
    """Base of every record: cross-field rules go in `check`, raising ValueError."""

    __slots__ = ()

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
        for name in fields(cls):
            schema = handler.generate_schema(hints[name])
            default = defaults(cls).get(name, _NO_DEFAULT)
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
        mapping = cs.typed_dict_schema(
            items, extra_behavior="forbid", total=True, config={"title": cls.__name__}
        )

        def make(values: dict[str, Any]) -> Record:
            built = cls(**values)
            built.check()
            return built

        class_doc = {"description": " ".join(cls.__doc__.split())} if cls.__doc__ else {}
        return cs.no_info_after_validator_function(
            make,
            mapping,
            ref=f"{cls.__module__}.{cls.__qualname__}",
            metadata={"pydantic_js_updates": {"title": cls.__name__, **class_doc}},
        )


_NO_DEFAULT = object()
R = TypeVar("R", bound=Record)


def record(cls: type[R]) -> type[R]:
    """Make `cls` a frozen, slotted record, built by keyword (so a field with a default may
    come before one without, in the order readers expect)."""
    return struct(cls, kw_only=True)  # type: ignore[no-any-return]


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
    found, body = {}, tree.body[0].body if tree.body else []
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


# -- the fast path -------------------------------------------------------------------------------

_ISO_TIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?"
    r"(?:Z|[+-][0-9]{2}:[0-9]{2})\Z"
)


def _str(value: Any) -> Any:
    if type(value) is not str:
        raise Defer
    return value


def _int(value: Any) -> Any:
    if type(value) is not int:
        raise Defer
    return value


def _float(value: Any) -> Any:
    if type(value) not in (int, float):
        raise Defer
    return float(value)


def _bool(value: Any) -> Any:
    if type(value) is not bool:
        raise Defer
    return value


def _datetime(value: Any) -> Any:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str) and _ISO_TIME.match(value):
        try:
            return datetime.fromisoformat(value)
        except ValueError:  # 2024-02-30: let pydantic say what is wrong
            raise Defer from None
    raise Defer


_SCALARS: dict[Any, Callable[[Any], Any]] = {
    str: _str,
    int: _int,
    float: _float,
    bool: _bool,
    datetime: _datetime,
}


def _converter(tp: Any) -> Callable[[Any], Any]:
    """A function that converts a value of the annotated type `tp`, or raises Defer."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is typing.Annotated:
        return _annotated(args[0], args[1:])
    if origin is typing.Literal:
        return _literal(args)
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        return _optional(args)
    if origin is tuple:
        return _tuple(_converter(args[0]))
    if isinstance(tp, type) and issubclass(tp, Record):
        return functools.partial(_build_or_keep, tp)
    if tp in _SCALARS:
        return _SCALARS[tp]
    raise TypeError(f"records cannot hold {tp!r}")


def _annotated(base: Any, rules: tuple[Any, ...]) -> Callable[[Any], Any]:
    # Checked replaces the base type; Before runs before it; After and Limits after it.
    steps: list[Callable[[Any], Any]] = []
    if any(isinstance(r, Checked) for r in rules):
        steps = [r.fast for r in rules]
    else:
        steps = [r.fast for r in rules if isinstance(r, Before)]
        if not (steps and base is str):  # a Before rule for text returns text
            steps.append(_converter(base))
        steps += [r.fast for r in rules if not isinstance(r, Before)]

    return _chain(steps)


def _chain(steps: list[Callable[[Any], Any]]) -> Callable[[Any], Any]:
    """The steps as one function (one or two steps, the usual cases, without a loop)."""
    if len(steps) == 1:
        return steps[0]
    if len(steps) == 2:
        first, second = steps
        return lambda value: second(first(value))

    def convert(value: Any) -> Any:
        for step in steps:
            value = step(value)
        return value

    return convert


def _literal(options: tuple[Any, ...]) -> Callable[[Any], Any]:
    canonical = {option: option for option in options}

    def convert(value: Any) -> Any:
        if type(value) is not str or value not in canonical:
            raise Defer
        return canonical[value]

    return convert


def _optional(args: tuple[Any, ...]) -> Callable[[Any], Any]:
    others = [a for a in args if a is not type(None)]
    if len(others) != 1:
        raise TypeError(f"records cannot hold a union of {others!r}")
    inner = _converter(others[0])
    return lambda value: None if value is None else inner(value)


def _tuple(item: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def convert(value: Any) -> Any:
        if type(value) not in (list, tuple):
            raise Defer
        return tuple([item(x) for x in value])

    return convert


def _build_or_keep(cls: type[Record], value: Any) -> Any:
    if type(value) is cls:
        return value
    if type(value) is not dict:
        raise Defer
    return _build(cls, value)


@functools.cache
def _plan(cls: type[Record]) -> tuple[tuple[str, Callable[[Any], Any], bool], ...]:
    """Each field: its name, its converter, and whether it may be left out."""
    hints, optional = _hints(cls), defaults(cls)
    return tuple((name, _converter(hints[name]), name in optional) for name in fields(cls))


def build(cls: type[R], data: dict[str, Any]) -> R:
    """The record `data` describes, or Defer when anything is not plainly valid."""
    try:
        return _build(cls, data)
    except (ValueError, TypeError):  # a rule said no: pydantic will say what and where
        raise Defer from None


def _build(cls: type[R], data: dict[str, Any]) -> R:
    plan = _plan(cls)
    if len(data) > len(plan):
        raise Defer  # an unknown field
    values = {}
    found = 0
    for name, convert, optional in plan:
        if name in data:
            values[name] = convert(data[name])
            found += 1
        elif not optional:
            raise Defer
    if found != len(data):
        raise Defer  # an unknown field
    built = cls(**values)
    built.check()
    return built


# -- pydantic, for every problem and for the schema ---------------------------------------------


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
        return list(fields(cls))
    return []


def field_type(cls: type[Record], name: str) -> Any:
    """The declared type of one field (with its metadata)."""
    return _hints(cls).get(name)


@functools.cache
def _hints(cls: type[Record]) -> dict[str, Any]:
    return typing.get_type_hints(cls, include_extras=True)
