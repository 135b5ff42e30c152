"""The rules a record's field carries as `Annotated` metadata, read by both interpreters.

Each rule is a check in plain Python (`fast`, used by the records' fast path) and a pydantic
core schema (used when every problem must be found, and for the JSON Schema). A check raises
RuleError (kind, message template, values), which pydantic reports as its own error.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class Defer(Exception):
    """The fast path is not sure about a value: let pydantic decide, and explain."""


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
    """A constraint on one value: `fast` for the fast path, a core schema for pydantic."""

    def fast(self, value: Any) -> Any:
        """The value, or Defer."""
        raise NotImplementedError

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        raise NotImplementedError


class _Function(Rule):
    """A rule that is a function of the value: it returns the value (maybe normalised) or
    raises ValueError / RuleError (which `build` takes as Defer)."""

    def __init__(self, check: Callable[[Any], Any]) -> None:
        self.check = check
        self.fast = check  # type: ignore[method-assign]


class Checked(_Function):
    """The whole check is `check` (text to a slug, a URL, a positive number...), with the JSON
    Schema given explicitly."""

    def __init__(self, check: Callable[[Any], Any], json_schema: dict[str, Any]) -> None:
        super().__init__(check)
        self.json_schema = json_schema

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        return core_schema.no_info_plain_validator_function(_pydantic_error(self.check))

    def __get_pydantic_json_schema__(self, schema: Any, handler: Any) -> dict[str, Any]:
        return dict(self.json_schema)


class Before(_Function):
    """`check` runs first (it may normalise), then the base type and the rules after it."""

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        return core_schema.no_info_before_validator_function(
            _pydantic_error(self.check), handler(source)
        )


class After(_Function):
    """`check` runs on the value once its type is right."""

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        return core_schema.no_info_after_validator_function(
            _pydantic_error(self.check), handler(source)
        )


class Limits(Rule):
    """Bounds on a number (ge, le, gt), a length (min_length, max_length), strictness (an int
    must be an int, not text or a float) or a time zone (tz_constraint='aware')."""

    def __init__(self, **limits: Any) -> None:
        self.limits = limits
        tests: list[Callable[[Any], bool]] = []
        if "ge" in limits:
            tests.append(lambda v, x=limits["ge"]: v >= x)
        if "le" in limits:
            tests.append(lambda v, x=limits["le"]: v <= x)
        if "gt" in limits:
            tests.append(lambda v, x=limits["gt"]: v > x)
        if "min_length" in limits:
            tests.append(lambda v, x=limits["min_length"]: len(v) >= x)
        if "max_length" in limits:
            tests.append(lambda v, x=limits["max_length"]: len(v) <= x)
        if "tz_constraint" in limits:
            tests.append(lambda v: v.tzinfo is not None)
        self.tests = tuple(tests)
        if len(tests) == 1:
            self.fast = self._one  # type: ignore[method-assign]

    def fast(self, value: Any) -> Any:
        for test in self.tests:
            if not test(value):
                raise Defer
        return value

    def _one(self, value: Any) -> Any:
        if not self.tests[0](value):
            raise Defer
        return value

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        schema = handler(source)
        target = schema
        while target.get("type") in ("function-before", "function-after"):
            target = target["schema"]  # constrain the type itself, inside any validator
        target.update(self.limits)
        return schema
