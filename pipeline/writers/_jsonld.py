"""The web page's structured data: a schema.org Article whose main entity is the ItemList of
its scenes, as JSON-LD that is safe inside a <script> element.

Each list item links to the scene's section with the same URL the feeds give it
(`_links.item_url`), and names what the scene is in: a Movie with its year, actors and
characters; for a compilation, a work about the person it follows.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import msgspec
from markupsafe import Markup

from pipeline.model import Dataset, Film, Person, Scene
from pipeline.settings import Settings
from pipeline.writers import _links as links

# Characters that could end the script element or start markup, written as JSON escapes: the
# parsed JSON is the same, and a `</script>` in the data can never close the element.
_SCRIPT_SAFE = (
    ("&", "\\u0026"),
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)


class StructuredData:
    """The JSON-LD for inside <script type="application/ld+json">, in pieces: the Article up
    to its list, then one piece per list item. `{{ structured_data }}` prints it whole; the
    built-in page prints it piece by piece (`{% for part in structured_data %}`), so a
    100,000-scene page never holds its 58 MB of structured data as one string, nor copies of
    it. '<', '>' and '&' are escaped (they occur only inside strings, where an escape means
    the same character), and so are U+2028 and U+2029."""

    __slots__ = ("parts",)

    def __init__(self, parts: list[str]) -> None:
        self.parts = parts

    def __iter__(self) -> Iterator[Markup]:
        return map(Markup, self.parts)

    def __html__(self) -> str:
        return "".join(self.parts)

    __str__ = __html__


def structured_data(dataset: Dataset, settings: Settings) -> StructuredData:
    """The page's Article as JSON-LD pieces (see StructuredData)."""
    items = len(dataset.scenes)
    encode = msgspec.json.encode
    head = encode(article(dataset, settings, with_items=False))
    if not head.endswith(b"[]}}"):  # the list is the last entry of the last entry
        raise AssertionError("the item list must end the Article")
    parts = [_safe(head[:-3])]
    for position, scene in enumerate(dataset.scenes, 1):
        item = _list_item(position, scene, links.item_url(dataset, settings, scene))
        parts.append(_safe(encode(item) + (b"," if position < items else b"]}}")))
    if not items:
        parts.append("]}}")
    return StructuredData(parts)


def _safe(data: bytes) -> str:
    """Escapes replaced in the UTF-8 bytes (where U+2028 is three bytes that no other
    character contains): faster than in a str."""
    for character, escape in _SCRIPT_SAFE:
        if character.encode() in data:
            data = data.replace(character.encode(), escape.encode())
    return data.decode()


def article(dataset: Dataset, settings: Settings, with_items: bool = True) -> dict[str, Any]:
    """The Article as data; `with_items=False` leaves its item list empty."""
    c = dataset.collection
    url = links.site_url(dataset, settings)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": c.title,
        "description": c.dek,
        "url": url,
        "mainEntityOfPage": url,
        "inLanguage": c.language,
    }
    # placeholders are never given as facts: no date or author the data does not confirm
    if c.confirmed("published"):
        data["datePublished"] = c.published.isoformat()
    if dataset.updated_confirmed is not None:
        data["dateModified"] = dataset.updated_confirmed.isoformat()
    if c.confirmed("authors"):
        data["author"] = [_named("Person", a.name, a.url) for a in c.authors]
    if c.publisher:
        data["publisher"] = _named("Organization", c.publisher)
    data["mainEntity"] = item_list(dataset, settings, with_items)
    return data


def item_list(dataset: Dataset, settings: Settings, with_items: bool = True) -> dict[str, Any]:
    return {
        "@type": "ItemList",
        "name": dataset.collection.title,
        "itemListOrder": "https://schema.org/ItemListOrderAscending",
        "numberOfItems": len(dataset.scenes),
        "itemListElement": [
            _list_item(position, scene, links.item_url(dataset, settings, scene))
            for position, scene in enumerate(dataset.scenes, 1)
        ]
        if with_items
        else [],
    }


def _list_item(position: int, scene: Scene, url: str) -> dict[str, Any]:
    return {
        "@type": "ListItem",
        "position": position,
        "name": scene.heading,
        "url": url,
        "item": _subject(scene, url),
    }


def _subject(scene: Scene, url: str) -> dict[str, Any] | list[dict[str, Any]]:
    """What the scene is in. People are credited to a film only when it is the scene's one
    film: with several, the data does not say who is in which."""
    if scene.kind == "compilation" or not scene.films:
        work: dict[str, Any] = {"@type": "CreativeWork", "name": scene.heading, "url": url}
        if scene.about:
            work["about"] = _named("Person", scene.about)
        return work
    if len(scene.films) == 1:
        return _movie(scene.films[0], url, scene.people)
    return [_movie(film, url, ()) for film in scene.films]


def _movie(film: Film, url: str, people: tuple[Person, ...]) -> dict[str, Any]:
    movie: dict[str, Any] = {"@type": "Movie", "name": film.title}
    if film.original_title:
        movie["alternateName"] = film.original_title
    movie["dateCreated"] = str(film.year)
    movie["url"] = url
    # schema.org's Role pattern: the actor, and whom they play, in one PerformanceRole.
    roles = [_role(p) for p in people if p.actor]
    if roles:
        movie["actor"] = roles
    characters = [_named("Person", p.character) for p in people if p.character]
    if characters:
        movie["character"] = characters
    return movie


def _role(person: Person) -> dict[str, Any]:
    role: dict[str, Any] = {"@type": "PerformanceRole", "actor": _named("Person", person.actor)}
    if person.character:
        role["characterName"] = person.character
    return role


def _named(kind: str, name: str | None, url: str | None = None) -> dict[str, Any]:
    thing: dict[str, Any] = {"@type": kind, "name": name}
    if url:
        thing["url"] = url
    return thing
