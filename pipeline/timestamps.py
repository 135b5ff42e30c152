"""Times in the data: what msgspec accepts (RFC 3339 with `T`, `t` or a space, seconds, an
offset), and when it refuses, what exactly is wrong, in words.

msgspec parses every time as records are built; `timestamp_rule` decides by asking msgspec
itself, so the two can never disagree, and only explains a refusal. More than six digits of a
second (which msgspec would round to microseconds) are refused by `fraction_problem`, read on
the text as written (see `pipeline.validate.dataset_rules`).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any

import msgspec

from pipeline.rules import RuleError
from pipeline.values import describe

AwareTime = Annotated[datetime, msgspec.Meta(tz=True)]
_SHAPE = re.compile(
    r"(?P<date>(?P<y>[0-9]{4})-(?P<m>[0-9]{2})-(?P<d>[0-9]{2}))"
    r"(?:(?P<sep>[Tt ])(?P<time>(?P<H>[0-9]{2}):(?P<M>[0-9]{2})(?::(?P<S>[0-9]{2})"
    r"(?:\.(?P<f>[0-9]+))?)?))?"
    r"(?P<zone>[Zz]|[+-](?P<oh>[0-9]{2}):?(?P<om>[0-9]{2}))?\Z"
)
EXAMPLE = "2024-05-01T09:00:00+00:00"
MAX_FRACTION_DIGITS = 6


def timestamp_rule(value: Any) -> datetime:
    """A time with its offset, as records hold it; RuleError says what is wrong."""
    if isinstance(value, datetime):
        if value.utcoffset() is None:
            raise _needs_offset(f"{value.isoformat()}+00:00")
        return value
    if not isinstance(value, str):
        raise RuleError(
            "datetime_type",
            f"expected a date-time like {EXAMPLE}, got {{got}}",
            {"got": describe(value)},
        )
    try:
        return msgspec.convert(str(value), AwareTime)  # type: ignore[no-any-return]
    except msgspec.ValidationError:
        raise _explain(str(value)) from None


def _needs_offset(example: str) -> RuleError:
    return RuleError(
        "timezone_aware", "needs a timezone offset, e.g. {example}", {"example": example}
    )


def _invalid(text: str, why: str) -> RuleError:
    return RuleError(
        "datetime_invalid",
        "the text {text} is not a valid date-time ({why})",
        {"text": repr(text), "why": why},
    )


def _explain(text: str) -> RuleError:
    shape = _SHAPE.match(text)
    if shape is None:
        return RuleError(
            "datetime_parsing",
            f"expected a date-time like {EXAMPLE}, got {{got}}",
            {"got": describe(text)},
        )
    wrong = _wrong_date(shape) or _wrong_time(shape) or _wrong_offset(shape)
    if wrong:
        return _invalid(text, wrong)
    time, zone = shape["time"], shape["zone"]
    example = f"{shape['date']}{shape['sep'] or 'T'}{time or '00:00:00'}{zone or '+00:00'}"
    if zone is None:
        return _needs_offset(example)
    if time is None:
        return RuleError(
            "datetime_invalid", "needs a time of day, e.g. {example}", {"example": example}
        )
    return _invalid(text, "rounded to microseconds, it falls after the year 9999")


def _wrong_date(shape: re.Match[str]) -> str:
    year, month, day = int(shape["y"]), int(shape["m"]), int(shape["d"])
    if year == 0:
        return "year 0000 cannot be kept: years run from 0001 to 9999"
    if not 1 <= month <= 12:
        return "month value is outside expected range"
    try:
        date(year, month, day)
    except ValueError:
        return "day value is outside expected range"
    return ""


def _wrong_time(shape: re.Match[str]) -> str:
    if shape["time"] is None:
        return ""
    hour, minute = int(shape["H"]), int(shape["M"])
    if hour > 23:
        return f"hour {hour} does not exist: hours run from 00 to 23"
    if minute > 59:
        return f"minute {minute} does not exist: minutes run from 00 to 59"
    if shape["S"] is None:
        return f"the seconds are missing: write {shape['H']}:{shape['M']}:00"
    second = int(shape["S"])
    if second == 60:
        return "a leap second (:60) cannot be represented; write :59"
    if second > 59:
        return f"second {second} does not exist: seconds run from 00 to 59"
    return ""


def _wrong_offset(shape: re.Match[str]) -> str:
    if shape["oh"] is None:
        return ""
    if int(shape["oh"]) > 23 or int(shape["om"]) > 59:
        return f"offset {shape['zone']} does not exist: offsets run from -23:59 to +23:59"
    return ""


def fraction_problem(value: Any) -> str:
    """Why the text of a time has more digits of a second than can be kept, or ''."""
    shape = _SHAPE.match(value) if isinstance(value, str) else None
    fraction = shape["f"] if shape else None
    if fraction is None or len(fraction) <= MAX_FRACTION_DIGITS:
        return ""
    return (
        f"{len(fraction)} digits of a second: at most {MAX_FRACTION_DIGITS} (microseconds) can "
        f"be kept; round it"
    )
