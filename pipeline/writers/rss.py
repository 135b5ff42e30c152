"""RSS 2.0 through feedgen, with the details the W3C validator checks.

A corrected item keeps its guid and its pubDate (a new pubDate makes RSS-to-email services send
it again, getpelican/pelican#1933); its description carries the correction, and
<atom:updated> says when, as RSS itself has no element for it."""

from __future__ import annotations

from typing import ClassVar

from pipeline.model import Dataset
from pipeline.writers import WriterOptions
from pipeline.writers import _feed as feeds
from pipeline.writers import _links as links


class RssWriter:
    name: ClassVar[str] = "rss"
    extension: ClassVar[str] = ".xml"
    media_type: ClassVar[str] = "application/rss+xml"
    filename: ClassVar[str] = "scenes.rss.xml"

    def render(self, dataset: Dataset, options: WriterOptions) -> bytes:
        settings, c = options.settings, dataset.collection
        fg = feeds.new_feed()
        fg.title(c.title)
        # feedgen takes the RSS <link> from the last link given: self first, then alternate.
        fg.link(href=feeds.self_url(dataset, settings, self.filename), rel="self")
        fg.link(href=links.site_url(dataset, settings), rel="alternate")
        fg.description(c.dek)
        fg.language(c.language)
        # when the data last changed (feedgen would put now() here); never a publication date
        fg.lastBuildDate(dataset.updated)
        fg.generator("scenes")
        feeds.set_hub(fg, settings.feed.hub)
        for number, scene in feeds.items(dataset, settings):
            entry = fg.add_entry(order="append")  # feedgen prepends by default
            entry.title(feeds.title(number, scene))
            entry.link(href=links.item_url(dataset, settings, scene))
            entry.guid(feeds.scene_guid(scene), permalink=False)
            published = feeds.published(scene)
            if published is not None:  # a placeholder date is never given as one
                entry.pubDate(published)  # never moved by a correction: no item looks new
            feeds.set_updated(entry, scene.updated)
            entry.description(feeds.summary_html(scene))
            if settings.feed.content == "full":
                entry.content(feeds.full_html(scene), type="CDATA")
            for tag in scene.tags:
                entry.category(term=tag)
        return fg.rss_str(pretty=True)
