"""What every feed format shares: which scenes, their guids, titles and summaries, and the
one feedgen extension that writes what feedgen cannot. Their links come from `_links`, the
page's anchors' one definition.

A guid is derived from the scene's identity alone (its first former id, else its id), so a
changed URL, date, title or id never makes readers and newsletter services treat an old scene
as new (the re-sent-newsletter bug of jekyll-feed#91 and ablog#171). An item's title is the
scene's number and heading, as the article gives them; its HTML content sets titles of works in
<cite>. A publication date the data does not confirm is never given as one. A correction
changes the item's content and its updated time, never its guid or publication date.
"""

from __future__ import annotations

import functools
import re
import uuid
from datetime import datetime
from html import escape
from typing import TYPE_CHECKING, Any

from pipeline import rich, wording
from pipeline.model import Dataset, Scene
from pipeline.reality import check, statement, why_sentence
from pipeline.settings import Settings
from pipeline.writers._links import site_url

if TYPE_CHECKING:
    from feedgen.entry import FeedEntry
    from feedgen.feed import FeedGenerator

_SPACES = re.compile(r"\s+")
# Fixed forever: changing it would give every item a new guid.
GUID_NAMESPACE = uuid.UUID("6f1c2b0e-3f0a-5c55-9d0e-7363656e6573")


def guid(scene_id: str) -> str:
    """The guid of the item whose identity is `scene_id` (see `Scene.identity`)."""
    return f"urn:uuid:{uuid.uuid5(GUID_NAMESPACE, scene_id)}"


def scene_guid(scene: Scene) -> str:
    """A scene's guid: its first former id's, so a renamed scene stays the same item."""
    return guid(scene.identity)


def feed_id(dataset: Dataset) -> str:
    """The feed's own id, from the article's link (the collection has no other identity)."""
    return f"urn:uuid:{uuid.uuid5(GUID_NAMESPACE, 'collection:' + dataset.collection.link)}"


def self_url(dataset: Dataset, settings: Settings, filename: str) -> str:
    """Where this feed file is served: the `feed.base_url` setting (or the site URL) + name."""
    base = settings.feed.base_url or site_url(dataset, settings)
    return (base if base.endswith("/") else base + "/") + filename


def items(dataset: Dataset, settings: Settings) -> list[tuple[int, Scene]]:
    """The `feed.limit` most recently published scenes (later in the file wins a tie), in the
    dataset's order, each with its number in the article. Never reversed: a reversed feed once
    re-sent an old newsletter."""
    indexed = list(enumerate(dataset.scenes, 1))
    newest = sorted(indexed, key=lambda pair: (pair[1].published, pair[0]))[-settings.feed.limit :]
    return sorted(newest, key=lambda pair: pair[0])


def title(number: int, scene: Scene) -> str:
    """'1. The Mummy Returns': the scene's number and heading, as the article lists it."""
    return f"{number}. {scene.heading}"


def published(scene: Scene) -> datetime | None:
    """The scene's publication time, or None when the data marks it as a placeholder."""
    return scene.published if scene.confirmed("published") else None


def summary_text(scene: Scene) -> str:
    """The blurb (with its numbers' conversions), or what the scene is when it has none; then
    its correction, when it has one, on a line of its own."""
    corrected = wording.correction_line(scene)
    return _lead_text(scene) + (f"\n{corrected}" if corrected else "")


def _lead_text(scene: Scene) -> str:
    if scene.blurb:
        return " ".join(wording.with_conversions(scene).split())
    if scene.kind == "compilation":
        return f"Films: {wording.compilation(scene)}."
    return scene.heading


def summary_html(scene: Scene) -> str:
    if scene.blurb:
        pieces = [(_SPACES.sub(" ", text), t) for text, t in wording.blurb_pieces(scene)]
        lead = f"<p>{rich.html(pieces).strip()}</p>"
    else:
        lead = f"<p>{escape(_lead_text(scene), quote=False)}</p>"
    return lead + correction_html(scene)


def correction_html(scene: Scene) -> str:
    """'<p><strong>Corrected November 25, 2026:</strong> …</p>', or '' when never corrected."""
    if scene.correction is None:
        return ""
    label = escape(wording.correction_label(scene), quote=False)
    return f"<p><strong>{label}:</strong> {rich.html(wording.correction_pieces(scene))}</p>"


def modified(scene: Scene) -> datetime:
    """When the item last changed: its correction, else its publication (Atom's required
    <updated>; only a correction is given where the format makes it optional)."""
    return scene.updated or scene.published


def notes(scene: Scene) -> list[str]:
    """What follows the blurb for readers: a number the blurb does not state, as a sentence,
    and each reality check that has a verdict."""
    found = []
    for claim in scene.claims:
        if not wording.stated(scene, claim):
            found.append(statement(claim))
        result = check(claim)
        if result.verdict:
            found.append(f"Reality check: {result.verdict}. {why_sentence(result)}")
    return found


def credit_lines(scene: Scene) -> list[tuple[str, list[wording.Piece]]]:
    """The credits as label and pieces: ('Film', [('The Mummy Returns', True), …])."""
    lines: list[tuple[str, list[wording.Piece]]] = []
    if scene.kind == "compilation":
        lines.append(("Films", [(wording.compilation(scene), False)]))
    if scene.films:
        label = "Films" if len(scene.films) > 1 else "Film"
        lines.append((label, wording.film_pieces(scene.films)))
    cast = rich.cast_line(scene)
    if cast:
        lines.append(("Cast", [(cast, False)]))
    return lines


def full_text(scene: Scene) -> str:
    """Everything readers get, the correction last (after what it corrects), as the page."""
    lines = [_lead_text(scene), *notes(scene)]
    lines += [f"{label}: {''.join(t for t, _ in pieces)}" for label, pieces in credit_lines(scene)]
    if scene.tags:
        lines.append("Tags: " + ", ".join(scene.tags))
    corrected = wording.correction_line(scene)
    return "\n".join([*lines, corrected] if corrected else lines)


def full_html(scene: Scene) -> str:
    parts = [summary_html(scene).removesuffix(correction_html(scene))]
    parts += [f"<p>{escape(note, quote=False)}</p>" for note in notes(scene)]
    credits = credit_lines(scene)
    if credits:
        rows = "".join(f"<li>{label}: {rich.html(pieces)}</li>" for label, pieces in credits)
        parts.append(f"<ul>{rows}</ul>")
    if scene.tags:
        parts.append(f"<p>Tags: {escape(', '.join(scene.tags), quote=False)}</p>")
    parts.append(correction_html(scene))
    return "".join(parts)


def content_html(scene: Scene, settings: Settings) -> str:
    return full_html(scene) if settings.feed.content == "full" else summary_html(scene)


# -- what feedgen cannot write, added through its extension API (one place) ------------------
ATOM_NS = "http://www.w3.org/2005/Atom"
EXTENSION = "scenes"
"""The name our extension is registered under: `fg.scenes`, `entry.scenes`."""


def new_feed() -> FeedGenerator:
    """A FeedGenerator with our extension registered, for every entry it will add."""
    from feedgen.feed import FeedGenerator

    fg = FeedGenerator()
    fg.register_extension(EXTENSION, _feed_extension(), _entry_extension(), atom=True, rss=True)
    return fg


def set_hub(fg: FeedGenerator, hub: str | None) -> None:
    """Name the WebSub hub: <atom:link rel="hub"> in RSS and <link rel="hub"> in Atom, after
    the feed's rel="self" link (which WebSub requires beside it). feedgen 1.0 writes only the
    first rel="self" link into RSS (feedgen#122)."""
    getattr(fg, EXTENSION).hub = hub


def set_updated(entry: FeedEntry, when: datetime | None) -> None:
    """RSS has no element for when an item changed: <atom:updated> (RFC 3339), which the W3C
    validator accepts in an RSS item and feedparser reads as the item's `updated`. feedgen
    writes Atom's own <updated> but nothing in RSS."""
    getattr(entry, EXTENSION).updated = when


def _after_self(parent: Any, element: Any) -> None:
    """Put `element` right after the parent's rel="self" link of its kind (else at its end)."""
    links = [e for e in parent.iterchildren(element.tag) if e.get("rel") == "self"]
    if links:
        links[-1].addnext(element)
    else:
        parent.append(element)


def _hub_link(tag: str, hub: str) -> Any:
    from lxml import etree

    return etree.Element(tag, href=hub, rel="hub")


def _atom_tag(feed: Any, name: str) -> str:
    """An Atom element's tag as feedgen builds the feed: feedgen 1.0 writes Atom's elements
    without a namespace under a root carrying an `xmlns` attribute, so ours must match to be
    serialized as theirs are (a namespaced one would come out as <ns0:link>)."""
    return f"{{{ATOM_NS}}}{name}" if feed.tag.startswith("{") else name


@functools.cache
def _feed_extension() -> type:
    from feedgen.ext.base import BaseExtension

    class HubExtension(BaseExtension):  # type: ignore[misc]
        def __init__(self) -> None:
            self.hub: str | None = None

        def extend_rss(self, rss: Any) -> Any:
            if self.hub:
                _after_self(rss.find("channel"), _hub_link(f"{{{ATOM_NS}}}link", self.hub))
            return rss

        def extend_atom(self, feed: Any) -> Any:
            if self.hub:
                _after_self(feed, _hub_link(_atom_tag(feed, "link"), self.hub))
            return feed

    return HubExtension


@functools.cache
def _entry_extension() -> type:
    from feedgen.ext.base import BaseEntryExtension

    class UpdatedExtension(BaseEntryExtension):  # type: ignore[misc]
        def __init__(self) -> None:
            self.updated: datetime | None = None

        def extend_rss(self, item: Any) -> Any:
            if self.updated is not None:
                from lxml import etree

                etree.SubElement(item, f"{{{ATOM_NS}}}updated").text = self.updated.isoformat()
            return item

    return UpdatedExtension
