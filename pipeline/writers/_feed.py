"""What every feed format shares: which scenes, their guids, titles and summaries. Their
links come from `_links`, the page's anchors' one definition.

A guid is derived from the scene id alone, so a changed URL, date or title never makes readers
and newsletter services treat an old scene as new (the re-sent-newsletter bug of jekyll-feed#91
and ablog#171). An item's title is the scene's number and heading, as the article gives them;
its HTML content sets titles of works in <cite>. A publication date the data does not confirm
is never given as one.
"""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from html import escape

from pipeline import rich, wording
from pipeline.model import Dataset, Scene
from pipeline.reality import check, statement, why_sentence
from pipeline.settings import Settings
from pipeline.writers._links import site_url

_SPACES = re.compile(r"\s+")
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
    """The blurb (with its numbers' conversions), or what the scene is when it has none."""
    if scene.blurb:
        return " ".join(wording.with_conversions(scene).split())
    if scene.kind == "compilation":
        return f"Films: {wording.compilation(scene)}."
    return scene.heading


def summary_html(scene: Scene) -> str:
    if scene.blurb:
        pieces = [(_SPACES.sub(" ", text), t) for text, t in wording.blurb_pieces(scene)]
        return f"<p>{rich.html(pieces).strip()}</p>"
    return f"<p>{escape(summary_text(scene), quote=False)}</p>"


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
    lines = [summary_text(scene), *notes(scene)]
    lines += [f"{label}: {''.join(t for t, _ in pieces)}" for label, pieces in credit_lines(scene)]
    if scene.tags:
        lines.append("Tags: " + ", ".join(scene.tags))
    return "\n".join(lines)


def full_html(scene: Scene) -> str:
    parts = [summary_html(scene)]
    parts += [f"<p>{escape(note, quote=False)}</p>" for note in notes(scene)]
    credits = credit_lines(scene)
    if credits:
        rows = "".join(f"<li>{label}: {rich.html(pieces)}</li>" for label, pieces in credits)
        parts.append(f"<ul>{rows}</ul>")
    if scene.tags:
        parts.append(f"<p>Tags: {escape(', '.join(scene.tags), quote=False)}</p>")
    return "".join(parts)


def content_html(scene: Scene, settings: Settings) -> str:
    return full_html(scene) if settings.feed.content == "full" else summary_html(scene)
