"""Small value classes, declared like dataclasses, made without the dataclasses module.

`dataclasses` imports `inspect` (about 18 ms here) and builds each class with several exec()
calls (about 1 ms a class); `scenes` declares some thirty such classes, which together cost
more start-up than all the work of `scenes export -f json` on the article. `struct` makes the
same kind of class, slotted, frozen unless asked otherwise, with one generated __init__ each:

    @struct
    class Unit:
        symbol: str
        measure: str
        name: str = ""

Fields are the class's own annotations, in order; a default is the class attribute of that
name, or `Factory(list)` for a fresh mutable default. `kw_only=True` makes every argument a
keyword (a field with a default may then come before one without).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")
_MISSING: Any = object()
_set = object.__setattr__


class Factory:
    """A default made fresh for each instance (a list, a dict)."""

    __slots__ = ("make",)

    def __init__(self, make: Callable[[], Any]) -> None:
        self.make = make


def fields(cls: type) -> tuple[str, ...]:
    """The field names of a struct class, in order ((), for anything else)."""
    return getattr(cls, "__struct_fields__", ())


def defaults(cls: type) -> dict[str, Any]:
    """Each optional field's default (a Factory for fresh ones)."""
    return getattr(cls, "__struct_defaults__", {})


def replace(obj: T, **changes: Any) -> T:
    """A copy of `obj` with some fields changed."""
    kind = type(obj)
    values = {name: getattr(obj, name) for name in fields(kind)}
    unknown = set(changes) - set(values)
    if unknown:
        raise TypeError(f"{kind.__name__} has no field {sorted(unknown)[0]!r}")
    return kind(**{**values, **changes})  # type: ignore[no-any-return]


def struct(cls: type[T] | None = None, *, kw_only: bool = False, frozen: bool = True) -> Any:
    """Make `cls` a slotted value class (see the module's docstring)."""

    def make(cls: type[T]) -> type[T]:
        return _build(cls, kw_only=kw_only, frozen=frozen)

    return make if cls is None else make(cls)


def _build(cls: type[T], *, kw_only: bool, frozen: bool) -> type[T]:
    own = cls.__dict__.get("__annotations__", {})  # noqa: RUF063 (inspect costs 18 ms to import)
    names = tuple(
        n for n, hint in own.items() if not str(hint).startswith(("ClassVar", "typing.ClassVar"))
    )
    found = {n: cls.__dict__[n] for n in names if n in cls.__dict__}
    namespace = {
        k: v for k, v in cls.__dict__.items() if k not in (*found, "__dict__", "__weakref__")
    }
    namespace.update(
        __qualname__=cls.__qualname__,
        __slots__=names,
        __struct_fields__=names,
        __struct_defaults__=found,
        __init__=_init(cls.__qualname__, names, found, kw_only),
        __repr__=_repr,
        __eq__=_eq,
        __getstate__=_getstate,
        __setstate__=_setstate(cls.__qualname__, names),
    )
    if frozen:
        namespace.update(__hash__=_hash, __setattr__=_frozen, __delattr__=_frozen)
    else:
        namespace["__hash__"] = None
    return type(cls)(cls.__name__, cls.__bases__, namespace)  # type: ignore[no-any-return]


def _init(qualname: str, names: tuple[str, ...], found: dict[str, Any], kw_only: bool) -> Any:
    """One generated __init__: as fast as a dataclass's, without its machinery."""
    scope: dict[str, Any] = {"_set": _set, "_MISSING": _MISSING}
    params, body = [], []
    for name in names:
        default = found.get(name, _MISSING)
        if default is _MISSING:
            params.append(name)
            body.append(f"    _set(self, {name!r}, {name})")
        elif isinstance(default, Factory):
            scope[f"_make_{name}"] = default.make
            params.append(f"{name}=_MISSING")
            body.append(
                f"    _set(self, {name!r}, _make_{name}() if {name} is _MISSING else {name})"
            )
        else:
            scope[f"_default_{name}"] = default
            params.append(f"{name}=_default_{name}")
            body.append(f"    _set(self, {name!r}, {name})")
    if not kw_only:
        seen_default = False
        for name in names:
            if name in found:
                seen_default = True
            elif seen_default:
                raise TypeError(f"{qualname}: field {name!r} without a default follows one with")
    signature = ", ".join(["self", *(["*"] if kw_only and params else []), *params])
    source = f"def __init__({signature}):\n" + ("\n".join(body) or "    pass") + "\n"
    exec(source, scope)  # code made from field names only, as dataclasses does
    function = scope["__init__"]
    function.__qualname__ = f"{qualname}.__init__"
    return function


def _values(obj: Any) -> tuple[Any, ...]:
    return tuple(getattr(obj, name) for name in obj.__struct_fields__)


def _repr(self: Any) -> str:
    shown = ", ".join(f"{n}={getattr(self, n)!r}" for n in self.__struct_fields__)
    return f"{type(self).__qualname__}({shown})"


def _eq(self: Any, other: Any) -> bool:
    if type(other) is not type(self):
        return NotImplemented
    return _values(self) == _values(other)


def _hash(self: Any) -> int:
    return hash(_values(self))


def _frozen(self: Any, name: str, value: Any = None) -> None:
    raise AttributeError(f"{type(self).__name__} is frozen: cannot change {name!r}")


def _getstate(self: Any) -> tuple[Any, ...]:
    return _values(self)


def _setstate(qualname: str, names: tuple[str, ...]) -> Any:
    """One generated __setstate__, unrolled: unpickling 100,000 scenes (400,000 records) takes
    a third of the time a loop over the fields did."""
    values = "".join(f"{name}, " for name in names)
    body = "".join(f"    _set(self, {name!r}, {name})\n" for name in names)
    source = f"def __setstate__(self, state):\n    {values}= state\n{body}"
    if not names:
        source = "def __setstate__(self, state):\n    () = state\n"
    scope: dict[str, Any] = {"_set": _set}
    exec(source, scope)  # code made from field names only, as for __init__
    function = scope["__setstate__"]
    function.__qualname__ = f"{qualname}.__setstate__"
    return function
