"""The schema of the dataset: declarative, typed and frozen records (msgspec Structs).

Each field's constraints are declared once, in its type (`pipeline.fields`, made with
`pipeline.rules`): msgspec checks them in C as it builds the records, and pydantic reads the
same declarations when every problem must be found and located, and for the published JSON
Schema. Field docstrings become descriptions
in that schema, so editors show them. Values may come from the YAML reader, where unquoted
YAML 1.1 look-alikes are `Ambiguous` (see `pipeline.validate` for how they are asked about).
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pipeline.fields import (
    ClaimValue,
    Language,
    LongText,
    Measure,
    Paragraphs,
    Published,
    ReferenceKey,
    Slug,
    Text,
    Unit,
    Url,
    Year,
)
from pipeline.records import Record
from pipeline.references import HAZARDS
from pipeline.rules import Limits, constrained
from pipeline.units import MEASURES


class Author(Record, kw_only=True):
    """Who wrote the article."""

    name: Text
    """The author's name as credited."""
    url: Url | None = None
    """The author's page, an absolute http(s) URL."""


Authors = constrained(tuple[Author, ...], Limits(min_length=1))


class Collection(Record, kw_only=True):
    """The article the scenes come from: feeds the RSS channel and the DOCX properties."""

    title: Text
    """The article's headline."""
    dek: Text
    """The standfirst under the headline."""
    intro: Paragraphs
    """The introduction, one entry per paragraph."""
    advisory: Text | None = None
    """A content advisory printed before the list, e.g. about profanity."""
    link: Url
    """The canonical URL of the published article."""
    language: Language
    """A BCP 47 language tag such as 'en' or 'en-CA'."""
    authors: Authors
    """Who wrote the article, at least one (a placeholder until confirmed: see `unconfirmed`)."""
    publisher: Text | None = None
    """The magazine, as its masthead shows it; the page, the feeds and the newsletter name it."""
    published: Published
    """When the article was published, with a timezone offset."""
    unconfirmed: tuple[Literal["authors", "published"], ...] = ()
    """Values that are placeholders, not facts ('authors', 'published'): no output presents
    them as fact (the page, feeds and text leave them out; the DOCX marks them for editors)."""

    def confirmed(self, field: str) -> bool:
        return field not in self.unconfirmed

    def check(self) -> None:
        if len(set(self.unconfirmed)) < len(self.unconfirmed):
            raise ValueError("'unconfirmed' names a field twice")


class Film(Record, kw_only=True):
    """A film a scene comes from."""

    title: Text
    """The release title in the article's language."""
    year: Year
    """Year of first release."""
    original_title: Text | None = None
    """The title in the original language, when it differs."""


class Person(Record, kw_only=True):
    """Someone in the scene: a character, the actor who plays them, or both."""

    character: Text | None = None
    """The character's name in the film."""
    actor: Text | None = None
    """Who plays them."""
    note: Text | None = None
    """Anything a reader needs to know about the role, e.g. 'his dog'."""

    def check(self) -> None:
        if self.character is None and self.actor is None:
            raise ValueError("a person needs a character or an actor")


class Claim(Record, kw_only=True):
    """A number the article states, typed so it can be converted and checked."""

    measure: Measure
    """What kind of quantity this is."""
    value: ClaimValue
    """The number, in `unit`."""
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
    reference: ReferenceKey | None = None
    """Set when the number is the speed of something the runner outruns, e.g.
    'fast-lava-flow': the reality check then judges what outrunning it asks of the runner
    (see `scenes check`)."""

    def check(self) -> None:
        allowed = MEASURES[self.measure]
        if self.unit not in allowed:
            raise ValueError(
                f"unit {self.unit!r} does not measure {self.measure}; use one of "
                + ", ".join(repr(u) for u in allowed)
            )
        if self.reference is not None and HAZARDS[self.reference].measure != self.measure:
            raise ValueError(
                f"reference {self.reference!r} is a {HAZARDS[self.reference].measure}, "
                f"not a {self.measure}"
            )


class Scene(Record, kw_only=True):
    """One entry of the list: a running scene in a film, or a person's many scenes."""

    id: Slug
    """Stable identifier: page anchors and file names derive from it, and feed guids from the
    first of `former_ids` (else from it). `scenes export` refuses to drop or change a guid an
    earlier export published: to rename a scene, list its old id in `former_ids`."""
    former_ids: tuple[Slug, ...] = ()
    """The ids the scene had before, oldest first: the feeds keep the guid of the first, so
    readers see no new item after a rename."""
    heading: Text
    """The heading exactly as published."""
    kind: Literal["film", "compilation"] = "film"
    """'film' for a scene in one film; 'compilation' for an entry about a person's many scenes."""
    about: Text | None = None
    """For a compilation: the person it is about."""
    films: tuple[Film, ...] = ()
    """The film the scene is in (a compilation has none)."""
    people: tuple[Person, ...] = ()
    """Who is in the scene."""
    blurb: LongText | None = None
    """The article's text about the scene; absent when the article gives none."""
    works: tuple[Text, ...] = ()
    """Titles of other works the scene's text names (a magazine, a book): set in italics,
    like the films' titles, wherever the text names them."""
    claims: tuple[Claim, ...] = ()
    """Every number the article states about the scene."""
    tags: tuple[Slug, ...] = ()
    """Slugs such as 'parkour': the feeds' categories and the DOCX's keywords."""
    published: Published
    """When the scene was published, with a timezone offset."""
    updated: Published | None = None
    """When the scene was last corrected, with a timezone offset; needs `correction`."""
    correction: Text | None = None
    """What the last correction changed, as one sentence readers see: "Corrected <date>:
    <sentence>" on the page, in the DOCX, the text and the feeds; needs `updated`."""
    unconfirmed: tuple[Literal["published"], ...] = ()
    """'published' when the scene's date is a placeholder: no output gives it as the date the
    scene was published."""

    def confirmed(self, field: str) -> bool:
        return field not in self.unconfirmed

    @property
    def identity(self) -> str:
        """The id the scene's feed guid derives from: its first former id, else its id."""
        return self.former_ids[0] if self.former_ids else self.id

    def check(self) -> None:
        self._check_correction()
        if self.id in self.former_ids:
            raise ValueError(f"'former_ids' lists the scene's own id {self.id!r}")
        if len(set(self.former_ids)) < len(self.former_ids):
            raise ValueError("'former_ids' names an id twice")
        if self.kind == "film" and not self.films:
            raise ValueError("a film scene needs at least one entry in 'films'")
        if self.kind == "compilation" and self.about is None:
            raise ValueError("a compilation needs 'about': the person it is about")
        if self.kind == "film" and self.about is not None:
            raise ValueError("'about' is only for kind: compilation")
        if len(set(self.unconfirmed)) < len(self.unconfirmed):
            raise ValueError("'unconfirmed' names a field twice")

    def _check_correction(self) -> None:
        """`updated` and `correction` go together, and a correction follows publication."""
        if self.updated is not None and self.correction is None:
            raise ValueError("'updated' needs 'correction': the sentence saying what changed")
        if self.correction is not None and self.updated is None:
            raise ValueError("'correction' needs 'updated': when the scene was corrected")
        if self.updated is not None and self.updated < self.published:
            raise ValueError(
                f"'updated' ({self.updated.isoformat()}) is before 'published' "
                f"({self.published.isoformat()})"
            )


Scenes = constrained(tuple[Scene, ...], Limits(min_length=1))


class Dataset(Record, kw_only=True):
    """The canonical dataset: one article and its scenes, in the article's order."""

    collection: Collection
    """The article the scenes come from."""
    scenes: Scenes
    """The scenes, in the article's order; ids unique."""

    def check(self) -> None:
        """Ids unique, and tags unique within a scene (`validate.dataset_rules` says where on
        the source; this holds data from anywhere else to the same rules)."""
        ids = {scene.id for scene in self.scenes}
        if len(ids) != len(self.scenes):
            raise ValueError("scene ids must be unique")
        former = [old for scene in self.scenes for old in scene.former_ids]
        if len(set(former)) < len(former) or ids & set(former):
            raise ValueError("an id (or former id) belongs to one scene only")
        if any(len(set(scene.tags)) != len(scene.tags) for scene in self.scenes):
            raise ValueError("a scene's tags must be unique")

    def scene(self, scene_id: str) -> Scene:
        return next(s for s in self.scenes if s.id == scene_id)

    @property
    def updated(self) -> datetime:
        """The newest publication or correction time in the dataset (feeds use it, never the
        clock)."""
        corrected = [s.updated for s in self.scenes if s.updated is not None]
        return max([self.collection.published, *(s.published for s in self.scenes), *corrected])

    @property
    def updated_confirmed(self) -> datetime | None:
        """The newest publication or correction time the data confirms, or None when none
        is: what a reader may be told of when the article last changed (a correction's time
        is always a fact)."""
        times = [s.published for s in self.scenes if s.confirmed("published")]
        times += [s.updated for s in self.scenes if s.updated is not None]
        if self.collection.confirmed("published"):
            times.append(self.collection.published)
        return max(times, default=None)
