"""The values the dataset's records hold, each declared once with its rules (`pipeline.rules`):
text, slugs, languages, URLs, years, claim values and publication times. msgspec checks them as
it builds the records (`pipeline.model`); pydantic reads the same declarations to locate every
problem and for the published JSON Schema.
"""

from __future__ import annotations

import math
import re
from datetime import datetime
from typing import Annotated, Any, Literal

import msgspec

from pipeline.references import HAZARDS
from pipeline.rules import After, Before, Checked, Limits, RuleError, constrained
from pipeline.timestamps import timestamp_rule
from pipeline.units import MEASURES, UNITS
from pipeline.values import (
    FORBIDDEN_CHARACTERS,
    TEXT_PATTERN,
    URL_PATTERN,
    Ambiguous,
    describe,
)

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_RESERVED_NAMES = frozenset(
    {"con", "prn", "aux", "nul"} | {f"com{i}" for i in range(10)} | {f"lpt{i}" for i in range(10)}
)
_SLUG_ACCEPTED = r"\A(?!(?:con|prn|aux|nul|com[0-9]|lpt[0-9])\Z)[a-z0-9]+(?:-[a-z0-9]+)*\Z"
"""What `_slug` accepts, as one expression for msgspec (with its 80-character limit)."""
_LANGUAGE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")
_LANGUAGE_ACCEPTED = r"\A[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*\Z"

MAX_CLAIM_VALUE = 10**15
"""Larger numbers are no claim a film makes, and would overflow conversions (1.7e308 m/s)."""
MIN_CLAIM_VALUE = 1e-9
"""Smaller positive numbers (down to 5e-324) would print as 0: a billionth is the least."""
FIRST_FILM_YEAR = 1888  # Roundhay Garden Scene
FIRST_PUBLICATION_YEAR = 1900
LAST_PLAUSIBLE_YEAR = 2100

Measure = Literal[tuple(MEASURES)]  # type: ignore[valid-type]
ReferenceKey = Literal[tuple(HAZARDS)]  # type: ignore[valid-type]
Unit = Literal[tuple(UNITS)]  # type: ignore[valid-type]


def _shown(text: str) -> str:
    """A value quoted for a one-line message: control characters and newlines escaped."""
    return repr(text if len(text) <= 60 else text[:60] + "…")


def _text(value: Any) -> str:
    """Text that is not empty, not a YAML 1.1 look-alike, and that XML can carry (what
    TEXT_PATTERN accepts, in words)."""
    if isinstance(value, Ambiguous):
        raise RuleError(
            "ambiguous_text",
            "{text} would be read as {reading} by YAML 1.1 tools; put it in quotes",
            {"text": _shown(str(value)), "reading": value.reading},
        )
    if not isinstance(value, str):
        hint = "; put it in quotes" if isinstance(value, int | float | bool) else ""
        raise RuleError("text_type", "expected text, got {got}" + hint, {"got": describe(value)})
    if not value.strip():
        raise RuleError("text_empty", "must not be empty")
    bad = FORBIDDEN_CHARACTERS.search(value)
    if bad:
        raise RuleError(
            "text_character",
            "control character U+{code} is not allowed (it would break DOCX and XML feeds)",
            {"code": f"{ord(bad.group()):04X}"},
        )
    if "\r" in value:
        raise RuleError(
            "text_carriage_return",
            "a carriage return (U+000D) is not allowed; write a line break as \\n",
        )
    return value


def _slug(value: Any) -> str:
    value = _text(value)
    if len(value) > 80:
        raise RuleError("slug_length", "must be at most 80 characters")
    if not _SLUG.fullmatch(value):
        raise RuleError(
            "slug",
            "{text} is not a slug: use lowercase letters, digits and single hyphens, "
            "like 'rocky-ii'",
            {"text": _shown(value)},
        )
    if value in _RESERVED_NAMES:
        raise RuleError(
            "slug_reserved", "{text} cannot be a file name on Windows", {"text": _shown(value)}
        )
    return value


def _language(value: Any) -> str:
    value = _text(value)
    if not _LANGUAGE.fullmatch(value):
        raise RuleError(
            "language", "{text} is not a language tag like 'en' or 'en-CA'", {"text": _shown(value)}
        )
    return value


def _url(value: Any) -> str:
    value = _text(value)
    if not re.search(URL_PATTERN, value):
        raise RuleError("url", "{text} is not an absolute http(s) URL", {"text": _shown(value)})
    return value


def _claim_value(value: Any) -> int | float:
    """A number above 0 and at most MAX_CLAIM_VALUE: what every writer can print and convert."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise RuleError("number_type", "expected a number, got {got}", {"got": describe(value)})
    if isinstance(value, float) and not math.isfinite(value):
        raise RuleError("number_finite", "must be a finite number, got {v}", {"v": value})
    if value <= 0:
        raise RuleError("number_positive", "must be greater than 0, got {v}", {"v": value})
    if value < MIN_CLAIM_VALUE:
        raise RuleError(
            "number_too_small",
            "must be at least 0.000000001 (a billionth; smaller prints as 0), got {got}",
            {"got": describe(value)},
        )
    if value > MAX_CLAIM_VALUE:
        raise RuleError(
            "number_too_large",
            "must be at most {limit} (a million billion), got {got}",
            {"limit": f"{MAX_CLAIM_VALUE:,}", "got": describe(value)},
        )
    return value


def _plausible_time(value: datetime) -> datetime:
    if not FIRST_PUBLICATION_YEAR <= value.year <= LAST_PLAUSIBLE_YEAR:
        raise RuleError(
            "published_range",
            "must be between {low} and {high}, got {year}",
            {"low": FIRST_PUBLICATION_YEAR, "high": LAST_PLAUSIBLE_YEAR, "year": value.year},
        )
    return value


Text = constrained(str, Before(_text, pattern=TEXT_PATTERN), Limits(max_length=500))
LongText = constrained(str, Before(_text, pattern=TEXT_PATTERN), Limits(max_length=10_000))
Slug = constrained(
    str,
    Checked(
        _slug,
        {"type": "string", "pattern": SLUG_PATTERN, "maxLength": 80},
        meta={"pattern": _SLUG_ACCEPTED, "max_length": 80},
    ),
)
Language = constrained(
    str,
    Checked(
        _language,
        {"type": "string", "pattern": r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"},
        pattern=_LANGUAGE_ACCEPTED,
    ),
)
Url = constrained(
    str,
    Checked(
        _url, {"type": "string", "format": "uri", "pattern": "^https?://"}, pattern=URL_PATTERN
    ),
)
Year = constrained(int, Limits(strict=True, ge=FIRST_FILM_YEAR, le=LAST_PLAUSIBLE_YEAR))
ClaimValue = constrained(
    Annotated[int, msgspec.Meta(ge=1, le=MAX_CLAIM_VALUE)]
    | Annotated[float, msgspec.Meta(ge=MIN_CLAIM_VALUE, le=MAX_CLAIM_VALUE)],
    Checked(
        _claim_value,
        {"type": "number", "minimum": MIN_CLAIM_VALUE, "maximum": MAX_CLAIM_VALUE},
        meta={},  # the union above is the whole check: msgspec decides
    ),
)
"""A number from a billionth up, within what writers can print; whole numbers stay whole
(1673 is written 1673, not 1673.0)."""
Published = constrained(
    datetime,
    Checked(timestamp_rule, {"type": "string", "format": "date-time"}, meta={"tz": True}),
    After(_plausible_time),
)

Paragraphs = constrained(tuple[LongText, ...], Limits(min_length=1))
