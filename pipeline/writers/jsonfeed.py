"""JSON Feed 1.1 (https://jsonfeed.org/version/1.1): plain json, no library needed."""

from __future__ import annotations

from typing import Any, ClassVar

from pipeline.model import Dataset
from pipeline.serialize import to_json
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
            "authors": [{"name": a.name, **({"url": a.url} if a.url else {})} for a in c.authors],
            "items": [
                {
                    "id": feeds.guid(scene.id),
                    "url": links.item_url(dataset, settings, scene),
                    "title": scene.heading,
                    "summary": feeds.summary_text(scene),
                    "content_text": (
                        feeds.full_text(scene)
                        if settings.feed.content == "full"
                        else feeds.summary_text(scene)
                    ),
                    "content_html": feeds.content_html(scene, settings),
                    "date_published": scene.published.isoformat(),
                    "tags": list(scene.tags),
                }
                for scene in feeds.items(dataset, settings)
            ],
        }
        return to_json(feed, pretty=True)
