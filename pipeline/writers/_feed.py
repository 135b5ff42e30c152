"""What every feed format shares: which scenes, their guids and summaries. Their links come
from `_links`, the page's anchors' one definition.

A guid is derived from the scene id alone, so a changed URL, date or title never makes readers
and newsletter services treat an old scene as new (the re-sent-newsletter bug of jekyll-feed#91
and ablog#171).
"""

from __future__ import annotations

import uuid
from html import escape

from pipeline.model import Dataset, Scene
from pipeline.settings import Settings
from pipeline.wording import film_line, person_line, quantity
from pipeline.writers._links import site_url

# Fixed forever: changing it would give every item a new guid.
GUID_NAMESPACE = uuid.UUID("6f1c2b0e-3f0a-5c55-9d0e-7363656e6573")


def guid(scene_id: str) -> str:
    return f"urn:uuid:{uuid.uuid5(GUID_NAMESPACE, scene_id)}"


def feed_id(dataset: Dataset) -> str:
    """The feed's own id, from the article's link (the collection has no other identity)."""
    return f"urn:uuid:{uuid.uuid5(GUID_NAMESPACE, 'collection:' + dataset.collection.link)}"


def self_url(dataset: Dataset, settings: Settings, filename: str) -> str:
    """Where this feed file is served: the `feed.base_url` setting (or the site URL) + name."""
    base = settings.feed.base_url or site_url(dataset, settings)
    return (base if base.endswith("/") else base + "/") + filename


def items(dataset: Dataset, settings: Settings) -> list[Scene]:
    """The `feed.limit` most recently published scenes (later in the file wins a tie), in the
    dataset's order. Never reversed: a reversed feed once re-sent an old newsletter."""
    indexed = list(enumerate(dataset.scenes))
    newest = sorted(indexed, key=lambda pair: (pair[1].published, pair[0]))[-settings.feed.limit :]
    return [scene for _, scene in sorted(newest, key=lambda pair: pair[0])]


def summary_text(scene: Scene) -> str:
    if scene.blurb:
        return " ".join(scene.blurb.split())
    if scene.about:
        return f"{scene.heading}: a compilation about {scene.about}."
    return scene.heading


def summary_html(scene: Scene) -> str:
    return f"<p>{escape(summary_text(scene))}</p>"


def full_text(scene: Scene) -> str:
    lines = [summary_text(scene)]
    if scene.films:
        lines.append(f"Film: {film_line(scene.films)}")
    if scene.people:
        lines.append(f"People: {person_line(scene.people)}")
    lines += [f"{quantity(c)}: {c.subject}" for c in scene.claims]
    if scene.tags:
        lines.append("Tags: " + ", ".join(scene.tags))
    return "\n".join(lines)


def full_html(scene: Scene) -> str:
    parts = [summary_html(scene)]
    facts = []
    if scene.films:
        facts.append(f"<li>Film: {escape(film_line(scene.films))}</li>")
    if scene.people:
        facts.append(f"<li>People: {escape(person_line(scene.people))}</li>")
    facts += [f"<li>{escape(quantity(c))}: {escape(c.subject)}</li>" for c in scene.claims]
    if facts:
        parts.append("<ul>" + "".join(facts) + "</ul>")
    if scene.tags:
        parts.append(f"<p>Tags: {escape(', '.join(scene.tags))}</p>")
    return "".join(parts)


def content_html(scene: Scene, settings: Settings) -> str:
    return full_html(scene) if settings.feed.content == "full" else summary_html(scene)
