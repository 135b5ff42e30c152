"""The rules a record's field carries, declared once and read by both checkers.

A field's type is written with `Annotated`. msgspec builds the records and reads the
`msgspec.Meta` in it (bounds, lengths, patterns, time zones), checking them in C; pydantic reads
the rule objects beside it (the same limits, and a function that puts a refusal in words), and
runs only when msgspec refuses, to find *every* problem with its location. `constrained` makes
both from one declaration, so the two never hold different numbers:

    Text = constrained(str, Before(text_rule, pattern=TEXT_PATTERN), Limits(max_length=500))

A function rule whose verdict a regular expression can give (`pattern=`) is checked by msgspec
with that pattern; any other function rule (`After`, or `Before`/`Checked` without a pattern) is
run by the record's `__post_init__` (see `pipeline.records`), so msgspec alone still decides
whether data is valid. Rule functions never change a value: they return it or raise RuleError.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import msgspec


class RuleError(ValueError):
    """A rule's verdict: a kind, a message template and its values, as pydantic reports it."""

    def __init__(self, kind: str, template: str, ctx: dict[str, Any] | None = None) -> None:
        super().__init__(template.format(**(ctx or {})))
        self.kind, self.template, self.ctx = kind, template, ctx or {}


def _pydantic_error(check: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """`check`, with its RuleError as pydantic's own custom error."""
    from pydantic_core import PydanticCustomError

    def wrapped(value: Any) -> Any:
        try:
            return check(value)
        except RuleError as exc:
            raise PydanticCustomError(exc.kind, exc.template, exc.ctx) from None

    return wrapped


class Rule:
    """A constraint on one value: what msgspec checks (`meta`) and a pydantic core schema."""

    meta: dict[str, Any] = {}  # noqa: RUF012 (read-only, replaced per instance)
    """msgspec.Meta keyword arguments that give this rule's verdict."""
    check: Callable[[Any], Any] | None = None
    """A function msgspec cannot run itself: the record runs it after building (post-check)."""

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        raise NotImplementedError


class _Function(Rule):
    """A rule that is a function of the value: it returns the value or raises RuleError /
    ValueError. With `pattern` (a regular expression that accepts exactly what the function
    accepts) or `meta` (msgspec.Meta arguments that, with the base type, do), msgspec decides
    and the function only explains; without either, the function runs after building too."""

    def __init__(
        self,
        function: Callable[[Any], Any],
        pattern: str | None = None,
        meta: dict[str, Any] | None = None,
    ) -> None:
        self.function = function
        self.meta = {**(meta or {}), **({"pattern": pattern} if pattern else {})}
        self.check = None if self.meta else function


class Checked(_Function):
    """The whole check is the function (text to a slug, a URL, a positive number...), with the
    JSON Schema given explicitly."""

    def __init__(
        self,
        function: Callable[[Any], Any],
        json_schema: dict[str, Any],
        pattern: str | None = None,
        meta: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(function, pattern, meta)
        self.json_schema = json_schema

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        return core_schema.no_info_plain_validator_function(_pydantic_error(self.function))

    def __get_pydantic_json_schema__(self, schema: Any, handler: Any) -> dict[str, Any]:
        return dict(self.json_schema)


class Before(_Function):
    """The function runs first, then the base type and the rules after it."""

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        return core_schema.no_info_before_validator_function(
            _pydantic_error(self.function), handler(source)
        )


class After(_Function):
    """The function runs on the value once its type is right."""

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        return core_schema.no_info_after_validator_function(
            _pydantic_error(self.function), handler(source)
        )


_PYDANTIC_ONLY = frozenset({"strict"})


class Limits(Rule):
    """Bounds on a number (ge, le, gt), a length (min_length, max_length) or strictness (an int
    must be an int, not text or a float: msgspec always is). A time's zone is the time rule's
    (`pipeline.timestamps`)."""

    def __init__(self, **limits: Any) -> None:
        self.limits = limits
        self.meta = {name: value for name, value in limits.items() if name not in _PYDANTIC_ONLY}

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        schema = handler(source)
        target = schema
        while target.get("type") in ("function-before", "function-after"):
            target = target["schema"]  # constrain the type itself, inside any validator
        target.update(self.limits)
        return schema


def constrained(base: Any, *rules: Rule) -> Any:
    """`base` with `rules`, as an annotation both checkers read: one msgspec.Meta holding every
    limit and pattern the rules give msgspec, then the rules themselves for pydantic."""
    meta: dict[str, Any] = {}
    for rule in rules:
        meta.update(rule.meta)
    if meta:
        return Annotated[base, msgspec.Meta(**meta), *rules]
    return Annotated[base, *rules]


def post_checks(annotation: Any) -> tuple[Callable[[Any], Any], ...]:
    """The function rules msgspec cannot run on a value of this annotation (outermost first)."""
    import typing

    if typing.get_origin(annotation) is not typing.Annotated:
        return ()
    return tuple(r.check for r in annotation.__metadata__ if isinstance(r, Rule) and r.check)
