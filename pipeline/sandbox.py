"""The sandbox a user's template runs in: what it may reach, and how much one step may make.

A template (`--template`, `[text] template_dir`, the newsletter's) and a template setting
(`[newsletter] subject`, `preheader`) may come from a folder other people can write; they run
in Jinja's immutable sandbox. It refuses attributes that start with `_` and Python's internals
(so no way from `cycler` to `os`), methods that change a list, dict or set, and formats
strings in its own way (`"{0.__class__}".format(x)` is refused too).

It also bounds what one step of a template can make, so that a single expression is an error
rather than gigabytes: `*` (repeating text or a list), `**` and `*` on whole numbers, `%` and
`str.format` widths, and the filters that take a size (`center`, `indent`, `join`...); `lipsum`
is gone and `range` gives at most 100,000 numbers (Jinja's own cap). What it does not bound is
time, or what many steps make together (a loop that doubles a string): Ctrl-C stops that.

Built-in templates loaded into a sandboxed environment run code compiled for the sandbox (its
calls and operators checked, `pipeline.precompiled`), never the code made for the normal one.
"""

from __future__ import annotations

import functools
import math
import re
import string
import types
from collections.abc import Callable, Mapping, Sized
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from pipeline.wrapping import display_width

if TYPE_CHECKING:
    import jinja2

MAX_SIZE = 1_000_000
"""Characters (or items) that one operation of a template may make: a width, a repetition."""
MAX_DIGITS = 4_300
"""The longest whole number a template may make (Python prints no longer one by default)."""
MAX_INDENT = 16
"""The widest indent `tojson` may take (each line of the JSON repeats it, once per level)."""
INTERCEPTED = frozenset({"*", "**", "%"})
"""The operators the sandbox checks before they run."""
SIGNATURE = "binops=" + ",".join(sorted(INTERCEPTED))
"""What code compiled for this sandbox depends on (a compiled built-in records it)."""
_METHODS = (types.MethodType, types.BuiltinMethodType)
_PRINTF = re.compile(r"%(?:\([^)]*\))?[#0 +\-]*(\*|\d+)?(?:\.(\*|\d*))?[hlL]?(.)", re.DOTALL)


def environment(
    filters: Mapping[str, Any] = MappingProxyType({}), **options: Any
) -> jinja2.Environment:
    """A sandboxed Jinja environment with `options` (loader, autoescape...) and `filters`
    besides Jinja's, each filter that takes a size checked."""
    env = _sandbox_class()(**options)
    env.filters.update(filters)
    bound(env)
    return env


def bound(env: jinja2.Environment) -> None:
    """Replace `env`'s filters that take a size by checked ones; drop unneeded globals."""
    env.globals.pop("lipsum", None)
    for name, check in _FILTER_CHECKS.items():
        if name in env.filters:
            env.filters[name] = _bounded(env.filters[name], check)


@functools.cache
def _sandbox_class() -> type[jinja2.Environment]:
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    class Sandbox(ImmutableSandboxedEnvironment):
        intercepted_binops = INTERCEPTED

        def __init__(self, **options: Any) -> None:
            super().__init__(**options)
            self.verdicts: dict[tuple[type, str], bool] = {}

        def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
            """Jinja's verdict, once per type and attribute: it depends on nothing else
            (the type's kind, the name), and asking it for each of 10,000 scenes' fields
            would make a user's template half as fast again."""
            key = (type(obj), attr)
            verdict = self.verdicts.get(key)
            if verdict is None:
                verdict = self.verdicts[key] = super().is_safe_attribute(obj, attr, value)
            return verdict

        def getattr(self, obj: Any, attribute: str) -> Any:
            """Jinja's, but an attribute already found safe on this type is simply read
            (unless it is a method: a str.format must still be wrapped, as Jinja does)."""
            if self.verdicts.get((type(obj), attribute)):
                try:
                    value = getattr(obj, attribute)
                except AttributeError:
                    pass
                else:
                    if not isinstance(value, _METHODS):
                        return value
            return super().getattr(obj, attribute)

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            _OPERATOR_CHECKS[operator](left, right)
            return self.binop_table[operator](left, right)

        def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
            wrapped = super().wrap_str_format(value)
            if wrapped is not None:
                _format_widths(value.__self__)
            return wrapped

    return Sandbox


def _refuse(message: str) -> None:
    from jinja2.sandbox import SecurityError

    raise SecurityError(message)


def _size(made: int, what: str) -> None:
    if made > MAX_SIZE:
        _refuse(
            f"{what} would make {made:,} characters or items;"
            f" a template makes at most {MAX_SIZE:,} in one step"
        )


def _digits(bits: float, what: str) -> None:
    if bits * math.log10(2) > MAX_DIGITS:
        _refuse(
            f"{what} would make a number of more than {MAX_DIGITS:,} digits,"
            " the most a template may make"
        )


def _times(left: Any, right: Any) -> None:
    if isinstance(left, int) and isinstance(right, int):
        _digits(left.bit_length() + right.bit_length(), "'*'")
    elif isinstance(right, int) and isinstance(left, str | list | tuple):
        _size(len(left) * right, "'*'")
    elif isinstance(left, int) and isinstance(right, str | list | tuple):
        _size(len(right) * left, "'*'")


def _power(left: Any, right: Any) -> None:
    if isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1:
        _digits(math.log2(abs(left)) * right, "'**'")


def _modulo(left: Any, right: Any) -> None:
    if isinstance(left, str):
        _printf_widths(left)


_OPERATOR_CHECKS: dict[str, Callable[[Any, Any], None]] = {
    "*": _times,
    "**": _power,
    "%": _modulo,
}


def _printf_widths(text: str) -> None:
    """The widths and precisions of a %-format, together, stay under MAX_SIZE."""
    total = 0
    for width, precision, _ in _PRINTF.findall(text):
        if "*" in (width, precision):
            _refuse("a %-format width or precision given by '*' (give it as a number)")
        total += int(width or 0) + int(precision or 0)
    _size(total, "the %-format's widths")


def _format_widths(text: str) -> None:
    """The same for str.format: every number in its format specs, and no nested field."""
    try:
        specs = [spec for _, _, spec, _ in string.Formatter().parse(text) if spec]
    except ValueError:
        return  # not a format string: calling its format() says so
    if any("{" in spec for spec in specs):
        _refuse("a format width given by another field (give it as a number)")
    _size(sum(int(n) for spec in specs for n in re.findall(r"\d+", spec)), "the format's widths")


def _bounded(original: Callable[..., Any], check: Callable[..., Any]) -> Callable[..., Any]:
    """`original`, after `check` has seen its value and arguments; `check` returns the value
    to filter (a generator it had to count comes back as a list). Jinja's first argument for
    a filter that asks for it (the environment, the eval context) is passed on untouched."""
    skip = 1 if getattr(original, "jinja_pass_arg", None) is not None else 0

    @functools.wraps(original)  # keeps jinja_pass_arg: Jinja still passes what it asks for
    def checked(*args: Any, **kwargs: Any) -> Any:
        value = check(*args[skip:], **kwargs)
        return original(*args[:skip], value, *args[skip + 1 :], **kwargs)

    return checked


def _center(value: Any, width: int = 80) -> Any:
    _size(width, "center")
    return value


def _indent(s: Any, width: int | str = 4, first: bool = False, blank: bool = False) -> Any:
    prefix = len(width) if isinstance(width, str) else width
    _size(prefix * (str(s).count("\n") + 1), "indent")
    return s


def _format(value: Any, *args: Any, **kwargs: Any) -> Any:
    _printf_widths(str(value))
    return value


def _batch(value: Any, linecount: int, fill_with: Any = None) -> Any:
    if fill_with is not None:
        _size(linecount, "batch")
    return value


def _slice(value: Any, slices: int, fill_with: Any = None) -> Any:
    _size(slices, "slice")
    return value


def _join(value: Any, d: str = "", attribute: Any = None) -> Any:
    items = value if isinstance(value, Sized) else list(value)
    _size(len(str(d)) * max(len(items) - 1, 0), "join")
    return items


def _replace(s: Any, old: str, new: str, count: int | None = None) -> Any:
    text, old, new = str(s), str(old), str(new)
    times = text.count(old) if old else len(text) + 1
    if count is not None and count >= 0:
        times = min(times, count)
    _size(times * max(len(new) - len(old), 0), "replace")
    return s


def _wordwrap(
    s: Any,
    width: int = 79,
    break_long_words: bool = True,
    wrapstring: str | None = None,
    break_on_hyphens: bool = True,
) -> Any:
    if wrapstring is not None and len(wrapstring) > 1:  # each line break becomes wrapstring
        _size((len(wrapstring) - 1) * (len(str(s)) + 1), "wordwrap")
    return s


def _tojson(value: Any, indent: int | str | None = None) -> Any:
    if indent is not None and (len(indent) if isinstance(indent, str) else indent) > MAX_INDENT:
        _refuse(f"tojson: an indent wider than {MAX_INDENT}")
    return value


def _wrap(text: Any, width: int = 72, indent: str = "", first: str | None = None) -> Any:
    _size(len(indent) * (len(str(text)) + 1) + len(first or ""), "wrap")  # an indent a line
    return text


def _underline(text: Any, char: str = "-") -> Any:
    _size(len(char) * display_width(str(text)), "underline")
    return text


_FILTER_CHECKS: dict[str, Callable[..., Any]] = {
    "center": _center,
    "indent": _indent,
    "format": _format,
    "batch": _batch,
    "slice": _slice,
    "join": _join,
    "replace": _replace,
    "wordwrap": _wordwrap,
    "tojson": _tojson,
    "wrap": _wrap,
    "underline": _underline,
}
"""The filters that make text or lists from a size, each with its check."""
