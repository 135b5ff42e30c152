"""The one table of what the DOCX carries in anchors, read by the writer and by review alike.

Every editable value of the dataset sits in the document inside a bookmark (an *anchor*) named
from its owner (a scene id, or the article itself) and its field key. Each kind of field has one
spec here: the label printed before it (outside the anchor), how a value is rendered into the
document's text, and how an editor's text is parsed back. The writer lays out exactly the
fields `fields()` yields; `scenes review` maps anchors back through the same list, so a field
the writer anchors is a field review knows.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import msgspec

from pipeline import units
from pipeline.wording import (
    COMPILATION_LEAD,
    cast_shown,
    conversion,
    correction_line,
    film_line,
    number,
    person_line,
)

if TYPE_CHECKING:
    from pipeline.model import Claim, Dataset, Scene
    from pipeline.source import Location

ANCHOR_PREFIX = "scn_"
COLLECTION_KEY = "@collection"
"""The anchor owner of the article itself; no scene id can contain '@'."""
BASE_NAMESPACE = "urn:scenes:base:1"
"""The custom XML part holding the data the document was made from."""
DATASET_SHA256 = "scenes.dataset_sha256"
"""The custom document property holding the SHA-256 of that data."""
LAYOUT = "scenes.layout"
"""The custom document property holding the layout's version (LAYOUT_VERSION)."""
LAYOUT_VERSION = 2
"""2: the claims' qualifier, comparison and source are fields; a compilation's person who is
only its `about` is not repeated. A document without the property is layout 1, and review
expects of it only the fields layout 1 had."""
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CUSTOM_PROPERTIES_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"


@functools.lru_cache(maxsize=4096)
def scene_key(scene_id: str) -> str:
    """Ten lowercase base32 characters derived from the id alone: stable and Word-safe (Word
    limits bookmark names to 40 letters, digits and underscores)."""
    digest = hashlib.sha1(scene_id.encode("utf-8"), usedforsecurity=False).digest()
    return base64.b32encode(digest).decode("ascii")[:10].lower()


def anchor_name(owner: str, key: str) -> str:
    """The bookmark name of one field of one owner, e.g. 'scn_k3v0q1x2ab_blurb'."""
    return f"{ANCHOR_PREFIX}{scene_key(owner)}_{key}"


# -- reading an editor's text back -------------------------------------------------------------
_FILM = re.compile(r"(?P<title>.+) \((?P<year>\d{4})(?:, original title (?P<original_title>.+))?\)")
_PERSON = re.compile(r"(?P<character>[^()]+?) \((?P<actor>[^()]+)\)(?:, (?P<note>.+))?")


def balanced(text: str) -> str:
    """A heading whose last line never holds one word alone: its last two words joined by a
    no-break space (Word has no balanced line breaking). A last word of more than 14
    characters, or one already joined, is left as it is."""
    head, space, last = text.rpartition(" ")
    if not space or not head.strip() or len(last) > 14 or "\u00a0" in last or "\n" in last:
        return text
    return f"{head}\u00a0{last}"


def _balanced_text(text: str, base: Any) -> str:
    """An editor's balanced heading back as the data's: the no-break space the writer put
    between its last two words (the last one in the text) becomes a space again."""
    if isinstance(base, str) and balanced(base) != base:
        head, joined, last = text.rpartition("\u00a0")
        if joined and " " not in last:
            text = f"{head} {last}"
    return _text(text, base)


def _text(text: str, base: Any) -> str:
    """The editor's text; line breaks that ended the value stay (a document cannot show them).
    Emptied, it cannot be applied: the dataset requires this field."""
    if not text.strip():
        raise ValueError("emptied, but the dataset requires this text; write it anew instead")
    if isinstance(base, str) and base.endswith("\n") and not text.endswith("\n"):
        return text + base[len(base.rstrip("\n")) :]
    return text


def _optional_text(text: str, base: Any) -> str | None:
    """As `_text`, but an emptied field is removed from the dataset (None)."""
    return _text(text, base) if text.strip() else None


def _number(text: str, base: Any) -> int | float:
    cleaned = text.strip().replace(",", "").replace("\u202f", "").replace(" ", "")
    try:
        value = float(cleaned)
    except ValueError:
        raise ValueError(f"{text!r} is not a number") from None
    return int(value) if value.is_integer() and "." not in cleaned else value


def _unit(text: str, base: Any) -> str:
    return units.from_label(text)


def _film(text: str, base: Any) -> dict[str, Any]:
    """The inverse of `wording.film_line` for one film."""
    match = _FILM.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"cannot read a film from {text!r}; write it as 'Title (1999)'")
    film: dict[str, Any] = {k: v for k, v in match.groupdict().items() if v is not None}
    film["year"] = int(film["year"])
    return film


def _person(text: str, base: dict[str, Any]) -> dict[str, Any]:
    """The inverse of `wording.person_line` for one person; a lone name stays a character or
    an actor as it was before."""
    match = _PERSON.fullmatch(text.strip())
    if match is not None:
        return {k: v for k, v in match.groupdict().items() if v is not None}
    name, _, note = text.strip().partition(", ")
    role = "character" if base.get("character") is not None else "actor"
    return {role: name, **({"note": note} if note else {})}


class FieldSpec(msgspec.Struct, frozen=True):
    label: str
    """Printed before the value, outside the anchor: 'Film: '."""
    render: Callable[[Any], str]
    """A typed value to the text in the document."""
    parse: Callable[[str, Any], Any]
    """An editor's text (and the plain value before) to a plain value; ValueError if unreadable."""
    role: str
    """How the writer sets it: 'title', 'subtitle', 'body', 'heading' or 'cell'."""
    keep: tuple[str, ...] = ()
    """For records: the keys the rendering shows (others cannot be edited here)."""
    since: int = 1
    """The layout version that made it a field (see LAYOUT_VERSION)."""


SPECS: dict[str, FieldSpec] = {
    "title": FieldSpec("", balanced, _balanced_text, "title"),
    "dek": FieldSpec("", str, _text, "subtitle"),
    "intro": FieldSpec("", str, _text, "body"),
    "advisory": FieldSpec("", str, _optional_text, "advisory"),
    "heading": FieldSpec("", str, _text, "heading"),
    "about": FieldSpec("Films\t" + COMPILATION_LEAD, str, _optional_text, "credits"),
    "film": FieldSpec(
        "Film\t", lambda f: film_line((f,)), _film, "credits", ("title", "year", "original_title")
    ),
    "person": FieldSpec(
        "Cast\t", lambda p: person_line((p,)), _person, "credits", ("character", "actor", "note")
    ),
    "blurb": FieldSpec("", str, _optional_text, "body"),
    "claim_subject": FieldSpec("Claim", str, _text, "cell"),
    "claim_value": FieldSpec("Figure", number, _number, "cell"),
    "claim_unit": FieldSpec("", units.label, _unit, "cell"),
    "claim_qualifier": FieldSpec("Qualifier", str, _optional_text, "cell", since=2),
    "claim_comparison": FieldSpec("Comparison", str, _optional_text, "cell", since=2),
    "claim_source": FieldSpec("Source", str, _optional_text, "cell", since=2),
}
PLURAL_LABELS = {"film": "Films\t", "person": "Cast\t"}
"""The label when a scene has several films (or people)."""
CLAIM_LABELS = ("Figure", "Qualifier", "Comparison", "Source", "Reality check")
"""The row labels of a claims table after the first ('Claim', or 'Claim 2' when several)."""
NO_SOURCE = "none given"
"""The source row of a claim whose article names none (not a field: add one in the data)."""
LEGACY_TEXTS = frozenset({"Film:", "People:", "About:", "What", "Number", "Reality check"})
"""Labels layout 1 printed outside anchors: documents exported before are still reviewed."""


class Anchored(msgspec.Struct, frozen=True):
    """One anchored field of one dataset: where it is and what the document shows."""

    owner: str
    """A scene id, or COLLECTION_KEY."""
    key: str
    """The field key in the anchor name: 'heading', 'intro0', 'claim2_value'."""
    kind: str
    """Its entry in SPECS."""
    loc: Location
    """Where the value is in the dataset: ('scenes', 3, 'claims', 2, 'value')."""
    value: Any
    row: int = -1
    """For items of a list (films, people, claims): the item's index."""

    @property
    def spec(self) -> FieldSpec:
        return SPECS[self.kind]

    @property
    def anchor(self) -> str:
        return anchor_name(self.owner, self.key)

    @property
    def text(self) -> str:
        return self.spec.render(self.value)

    @property
    def where(self) -> tuple[str, str]:
        """How a report names it: ('rocky-ii', 'blurb') or ('collection', 'intro0')."""
        return ("collection" if self.owner == COLLECTION_KEY else self.owner, self.key)


def collection_fields(dataset: Dataset) -> Iterator[Anchored]:
    c, owner = dataset.collection, COLLECTION_KEY
    yield Anchored(owner, "title", "title", ("collection", "title"), c.title)
    yield Anchored(owner, "dek", "dek", ("collection", "dek"), c.dek)
    for i, paragraph in enumerate(c.intro):
        yield Anchored(owner, f"intro{i}", "intro", ("collection", "intro", i), paragraph)
    if c.advisory is not None:
        yield Anchored(owner, "advisory", "advisory", ("collection", "advisory"), c.advisory)


def scene_fields(index: int, scene: Scene, layout: int = LAYOUT_VERSION) -> Iterator[Anchored]:
    """A scene's anchored fields in the order the document shows them."""
    at, owner = ("scenes", index), scene.id
    yield Anchored(owner, "heading", "heading", (*at, "heading"), scene.heading)
    if scene.about is not None:
        yield Anchored(owner, "about", "about", (*at, "about"), scene.about)
    for i, film in enumerate(scene.films):
        yield Anchored(owner, f"film{i}", "film", (*at, "films", i), film, i)
    shown = scene.people if layout < 2 else cast_shown(scene)
    for i, person in enumerate(scene.people):
        if person in shown:
            yield Anchored(owner, f"person{i}", "person", (*at, "people", i), person, i)
    if scene.blurb is not None:
        yield Anchored(owner, "blurb", "blurb", (*at, "blurb"), scene.blurb)
    for i, claim in enumerate(scene.claims):
        for part in _CLAIM_PARTS:
            value = getattr(claim, part)
            if value is None or SPECS[f"claim_{part}"].since > layout:
                continue
            if part == "unit" and units.label(claim.unit) == "":
                continue  # a count has one unit and prints no unit word: nothing to edit
            loc = (*at, "claims", i, part)
            yield Anchored(owner, f"claim{i}_{part}", f"claim_{part}", loc, value, i)


def fields(dataset: Dataset, layout: int = LAYOUT_VERSION) -> Iterator[Anchored]:
    """Every anchored field of the dataset, in document order, as a document of that layout
    version has them."""
    yield from collection_fields(dataset)
    for index, scene in enumerate(dataset.scenes):
        yield from scene_fields(index, scene, layout)


_CLAIM_PARTS = ("subject", "value", "unit", "qualifier", "comparison", "source")
LIST_SEPARATOR = "; "
"""Between the films (or people) of one paragraph, outside their anchors."""


def heading_number(position: int) -> str:
    """What precedes a scene's heading, outside its anchor: '3. '."""
    return f"{position}. "


def claim_label(row: int, claims: int) -> str:
    """The first row's label of a claim: 'Claim', or 'Claim 2' when the scene has several."""
    return f"Claim {row + 1}" if claims > 1 else "Claim"


def figure_tail(claim: Claim) -> str:
    """What follows the anchored value and unit in the figure row, outside anchors: the
    conversion, ' (1,040 mph)', or ''."""
    other = conversion(claim)
    return f" ({other})" if other else ""


def reality_cell(claim: Claim) -> str:
    """The reality check row: the verdict (or 'No verdict') and the why, as a sentence."""
    from pipeline.reality import sentence

    return sentence(claim)


def unanchored_texts(dataset: Dataset) -> set[str]:
    """Every text the writer puts outside anchors for `dataset`, as a paragraph holds it
    (stripped): labels, heading numbers, conversions, reality checks, corrections, the
    byline and link.
    Anything else outside anchors was added by an editor."""
    from pipeline.writers.docx_front import front_texts

    texts = {spec.label.strip() for spec in SPECS.values()} | set(CLAIM_LABELS)
    texts |= {label.strip() for label in PLURAL_LABELS.values()} | {NO_SOURCE} | LEGACY_TEXTS
    texts |= set(front_texts(dataset))
    for index, scene in enumerate(dataset.scenes):
        texts.add(heading_number(index + 1).strip())
        texts.add(correction_line(scene))  # a correction is edited in the data, not here
        for row, claim in enumerate(scene.claims):
            texts.update({claim_label(row, len(scene.claims)), reality_cell(claim)})
            texts.add(figure_tail(claim).strip())
        for kind, items in (("film", scene.films), ("person", cast_shown(scene))):
            label = PLURAL_LABELS[kind] if len(items) > 1 else SPECS[kind].label
            texts.add((label + LIST_SEPARATOR * (len(items) - 1)).strip())
    texts.discard("")
    return texts
