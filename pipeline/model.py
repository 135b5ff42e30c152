"""The schema of the dataset: declarative, typed and frozen (pydantic v2).

Field docstrings become descriptions in the published JSON Schema, so editors show them.
Values may come from the YAML reader, where unquoted YAML 1.1 look-alikes are `Ambiguous`.
"""

from __future__ import annotations

import math
import re
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    ValidationInfo,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from pipeline.units import MEASURES, UNITS
from pipeline.values import ABSOLUTE_URL, FORBIDDEN_CHARACTERS, Ambiguous, describe

CHARACTERS_CHECKED = "characters_checked"  # validation context: the reader checked them

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_RESERVED_NAMES = frozenset(
    {"con", "prn", "aux", "nul"} | {f"com{i}" for i in range(10)} | {f"lpt{i}" for i in range(10)}
)
_LANGUAGE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")

FIRST_FILM_YEAR = 1888  # Roundhay Garden Scene
FIRST_PUBLICATION_YEAR = 1900
LAST_PLAUSIBLE_YEAR = 2100

Measure = Literal[tuple(MEASURES)]  # type: ignore[valid-type]
Unit = Literal[tuple(UNITS)]  # type: ignore[valid-type]


def _shown(text: str) -> str:
    """A value quoted for a one-line message: control characters and newlines escaped."""
    return repr(text if len(text) <= 60 else text[:60] + "…")


def _checked_text(value: Any, info: ValidationInfo) -> str:
    """Text, and free of characters XML cannot carry unless the YAML reader checked already."""
    value = _text(value)
    if not (info.context and info.context.get(CHARACTERS_CHECKED)):
        bad = FORBIDDEN_CHARACTERS.search(value)
        if bad:
            raise PydanticCustomError(
                "text_character",
                "control character U+{code} is not allowed (it would break DOCX and XML feeds)",
                {"code": f"{ord(bad.group()):04X}"},
            )
    return value


def _text(value: Any) -> str:
    if isinstance(value, Ambiguous):
        raise PydanticCustomError(
            "ambiguous_text",
            "{text} would be read as {reading} by YAML 1.1 tools; put it in quotes",
            {"text": _shown(str(value)), "reading": value.reading},
        )
    if not isinstance(value, str):
        hint = "; put it in quotes" if isinstance(value, int | float | bool) else ""
        raise PydanticCustomError(
            "text_type", "expected text, got {got}" + hint, {"got": describe(value)}
        )
    if not value.strip():
        raise PydanticCustomError("text_empty", "must not be empty", {})
    if "\r" in value:  # one kind of line break: XML readers turn a lone CR into LF anyway
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value


def _slug(value: Any) -> str:
    value = _text(value)
    if len(value) > 80:
        raise PydanticCustomError("slug_length", "must be at most 80 characters", {})
    if not _SLUG.fullmatch(value):
        raise PydanticCustomError(
            "slug",
            "{text} is not a slug: use lowercase letters, digits and single hyphens, "
            "like 'rocky-ii'",
            {"text": _shown(value)},
        )
    if value in _RESERVED_NAMES:
        raise PydanticCustomError(
            "slug_reserved", "{text} cannot be a file name on Windows", {"text": _shown(value)}
        )
    return value


def _language(value: Any) -> str:
    value = _text(value)
    if not _LANGUAGE.fullmatch(value):
        raise PydanticCustomError(
            "language", "{text} is not a language tag like 'en' or 'en-CA'", {"text": _shown(value)}
        )
    return value


def _url(value: Any) -> str:
    value = _text(value)
    if not ABSOLUTE_URL.fullmatch(value) or FORBIDDEN_CHARACTERS.search(value):
        raise PydanticCustomError(
            "url", "{text} is not an absolute http(s) URL", {"text": _shown(value)}
        )
    return value


def _positive_number(value: Any) -> int | float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise PydanticCustomError(
            "number_type", "expected a number, got {got}", {"got": describe(value)}
        )
    if not math.isfinite(value):
        raise PydanticCustomError("number_finite", "must be a finite number, got {v}", {"v": value})
    if value <= 0:
        raise PydanticCustomError(
            "number_positive", "must be greater than 0, got {v}", {"v": value}
        )
    return value


Text = Annotated[str, BeforeValidator(_checked_text), Field(max_length=500)]
LongText = Annotated[str, BeforeValidator(_checked_text), Field(max_length=10_000)]
Slug = Annotated[
    str,
    PlainValidator(_slug),
    WithJsonSchema({"type": "string", "pattern": SLUG_PATTERN, "maxLength": 80}),
]
Language = Annotated[
    str,
    PlainValidator(_language),
    WithJsonSchema({"type": "string", "pattern": r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"}),
]
Url = Annotated[
    str,
    PlainValidator(_url),
    WithJsonSchema({"type": "string", "format": "uri", "pattern": "^https?://"}),
]
Year = Annotated[int, Field(strict=True, ge=FIRST_FILM_YEAR, le=LAST_PLAUSIBLE_YEAR)]
PositiveNumber = Annotated[
    float,
    PlainValidator(_positive_number),
    PlainSerializer(lambda value: value),  # 1673 stays 1673 in JSON, not 1673.0
    WithJsonSchema({"type": "number", "exclusiveMinimum": 0}),
]


def _plausible_time(value: datetime) -> datetime:
    if not FIRST_PUBLICATION_YEAR <= value.year <= LAST_PLAUSIBLE_YEAR:
        raise PydanticCustomError(
            "published_range",
            "must be between {low} and {high}, got {year}",
            {"low": FIRST_PUBLICATION_YEAR, "high": LAST_PLAUSIBLE_YEAR, "year": value.year},
        )
    return value


Published = Annotated[AwareDatetime, AfterValidator(_plausible_time)]


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)


class Author(Model):
    name: Text
    """The author's name as credited."""
    url: Url | None = None


class Collection(Model):
    """The article the scenes come from: feeds the RSS channel and the DOCX properties."""

    title: Text
    """The article's headline."""
    dek: Text
    """The standfirst under the headline."""
    intro: Annotated[tuple[LongText, ...], Field(min_length=1)]
    """The introduction, one entry per paragraph."""
    advisory: Text | None = None
    """A content advisory printed before the list, e.g. about profanity."""
    link: Url
    """The canonical URL of the published article."""
    language: Language
    """A BCP 47 language tag such as 'en' or 'en-CA'."""
    authors: Annotated[tuple[Author, ...], Field(min_length=1)]
    publisher: Text | None = None
    published: Published
    """When the article was published, with a timezone offset."""


class Film(Model):
    title: Text
    """The release title in the article's language."""
    year: Year
    """Year of first release."""
    original_title: Text | None = None
    """The title in the original language, when it differs."""


class Person(Model):
    character: Text | None = None
    actor: Text | None = None
    note: Text | None = None
    """Anything a reader needs to know about the role, e.g. 'his dog'."""

    @model_validator(mode="after")
    def _named(self) -> Person:
        if self.character is None and self.actor is None:
            raise ValueError("a person needs a character or an actor")
        return self


class Claim(Model):
    """A number the article states, typed so it can be converted and checked."""

    measure: Measure
    """What kind of quantity this is."""
    value: PositiveNumber
    unit: Unit
    """A unit that fits the measure, e.g. km/h for speed."""
    subject: Text
    """What the number measures, e.g. "Rick O'Connell's running speed"."""
    as_published: Text
    """The number exactly as the article wrote it, e.g. '50K'."""
    qualifier: Text | None = None
    """How the article hedges it, e.g. 'as fast as', 'upwards of'."""
    comparison: Text | None = None
    """A comparison the article makes, e.g. 'faster than the speed of sound'."""
    source: Text | None = None
    """Who established the number, when the article says."""

    @model_validator(mode="after")
    def _unit_fits_measure(self) -> Claim:
        allowed = MEASURES[self.measure]
        if self.unit not in allowed:
            raise ValueError(
                f"unit {self.unit!r} does not measure {self.measure}; use one of "
                + ", ".join(repr(u) for u in allowed)
            )
        return self


class Scene(Model):
    id: Slug
    """Stable identifier: feed guids and file names derive from it. Never change it."""
    heading: Text
    """The heading exactly as published."""
    kind: Literal["film", "compilation"] = "film"
    """'film' for a scene in one film; 'compilation' for an entry about a person's many scenes."""
    about: Text | None = None
    """For a compilation: the person it is about."""
    films: tuple[Film, ...] = ()
    people: tuple[Person, ...] = ()
    blurb: LongText | None = None
    """The article's text about the scene; absent when the article gives none."""
    claims: tuple[Claim, ...] = ()
    tags: tuple[Slug, ...] = ()
    published: Published
    """When the scene was published, with a timezone offset."""

    @model_validator(mode="after")
    def _kind_fits(self) -> Scene:
        if self.kind == "film" and not self.films:
            raise ValueError("a film scene needs at least one entry in 'films'")
        if self.kind == "compilation" and self.about is None:
            raise ValueError("a compilation needs 'about': the person it is about")
        if self.kind == "film" and self.about is not None:
            raise ValueError("'about' is only for kind: compilation")
        return self


class Dataset(Model):
    """The canonical dataset: one article and its scenes, in the article's order."""

    collection: Collection
    scenes: Annotated[tuple[Scene, ...], Field(min_length=1)]

    def scene(self, scene_id: str) -> Scene:
        return next(s for s in self.scenes if s.id == scene_id)

    @property
    def updated(self) -> datetime:
        """The newest publication time in the dataset (feeds use it, never the clock)."""
        return max([self.collection.published, *(s.published for s in self.scenes)])
