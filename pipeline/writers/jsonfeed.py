"""JSON Feed 1.1 (https://jsonfeed.org/version/1.1): plain json, no library needed."""

from __future__ import annotations

from typing import Any, ClassVar

from pipeline.model import Dataset, Scene
from pipeline.serialize import to_json
from pipeline.settings import Settings
from pipeline.writers import WriterOptions
from pipeline.writers import _feed as feeds
from pipeline.writers import _links as links

VERSION = "https://jsonfeed.org/version/1.1"


class JsonFeedWriter:
    name: ClassVar[str] = "jsonfeed"
    extension: ClassVar[str] = ".json"
    media_type: ClassVar[str] = "application/feed+json"
    filename: ClassVar[str] = "scenes.feed.json"

    def render(self, dataset: Dataset, options: WriterOptions) -> bytes:
        settings, c = options.settings, dataset.collection
        feed: dict[str, Any] = {
            "version": VERSION,
            "title": c.title,
            "home_page_url": links.site_url(dataset, settings),
            "feed_url": feeds.self_url(dataset, settings, self.filename),
            "description": c.dek,
            "language": c.language,
        }
        if settings.feed.hub:  # WebSub: readers may subscribe to pushes from it
            feed["hubs"] = [{"type": "WebSub", "url": settings.feed.hub}]
        if c.confirmed("authors"):  # optional in JSON Feed: placeholders are left out
            feed["authors"] = [
                {"name": a.name, **({"url": a.url} if a.url else {})} for a in c.authors
            ]
        feed["items"] = [
            _item(dataset, settings, number, scene)
            for number, scene in feeds.items(dataset, settings)
        ]
        return to_json(feed, pretty=True)


def _item(dataset: Dataset, settings: Settings, number: int, scene: Scene) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": feeds.scene_guid(scene),
        "url": links.item_url(dataset, settings, scene),
        "title": feeds.title(number, scene),
        "summary": feeds.summary_text(scene),
        "content_text": (
            feeds.full_text(scene) if settings.feed.content == "full" else feeds.summary_text(scene)
        ),
        "content_html": feeds.content_html(scene, settings),
    }
    published = feeds.published(scene)
    if published is not None:  # a placeholder date is never given as one
        item["date_published"] = published.isoformat()
    if scene.updated is not None:  # a correction: the id stays, the date says it changed
        item["date_modified"] = scene.updated.isoformat()
    item["tags"] = list(scene.tags)
    return item
