"""Atom 1.0 through feedgen: the same items as RSS."""

from __future__ import annotations

from typing import ClassVar

from pipeline.model import Dataset
from pipeline.writers import WriterOptions
from pipeline.writers import _feed as feeds
from pipeline.writers import _links as links


class AtomWriter:
    name: ClassVar[str] = "atom"
    extension: ClassVar[str] = ".xml"
    media_type: ClassVar[str] = "application/atom+xml"
    filename: ClassVar[str] = "scenes.atom.xml"

    def render(self, dataset: Dataset, options: WriterOptions) -> bytes:
        settings, c = options.settings, dataset.collection
        fg = feeds.new_feed()
        fg.id(feeds.feed_id(dataset))
        fg.title(c.title)
        fg.subtitle(c.dek)
        fg.link(href=links.site_url(dataset, settings), rel="alternate", type="text/html")
        fg.link(
            href=feeds.self_url(dataset, settings, self.filename),
            rel="self",
            type=self.media_type,
        )
        fg.language(c.language)
        # when the data last changed (feedgen would put now() here); never a publication date
        fg.updated(dataset.updated)
        fg.generator("scenes")
        feeds.set_hub(fg, settings.feed.hub)
        # Atom requires an author: the article's, or, while they are placeholders, the
        # publisher (or the feed's title), which is what the data confirms
        if c.confirmed("authors"):
            for author in c.authors:
                fg.author({"name": author.name, **({"uri": author.url} if author.url else {})})
        else:
            fg.author({"name": c.publisher or c.title})
        for number, scene in feeds.items(dataset, settings):
            entry = fg.add_entry(order="append")
            entry.id(feeds.scene_guid(scene))
            entry.title(feeds.title(number, scene))
            entry.link(href=links.item_url(dataset, settings, scene), rel="alternate")
            published = feeds.published(scene)
            if published is not None:  # a placeholder date is never given as one
                entry.published(published)
            entry.updated(feeds.modified(scene))  # required: its correction, else publication
            entry.summary(feeds.summary_html(scene), type="html")
            if settings.feed.content == "full":
                entry.content(feeds.full_html(scene), type="html")
            for tag in scene.tags:
                entry.category(term=tag)
        return fg.atom_str(pretty=True)
