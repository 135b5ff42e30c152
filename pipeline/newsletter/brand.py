"""Who sends the newsletter and what it is called: one name for the letter, its archive and
the sender, shared with the article page (whose masthead is the publisher's name)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import msgspec

if TYPE_CHECKING:
    from pipeline.model import Dataset
    from pipeline.settings import Settings


class Brand(msgspec.Struct, frozen=True, kw_only=True):
    name: str
    """The newsletter's name: `[newsletter] name`, else the publisher's, else the article's
    title."""
    publisher: str | None
    """The publisher (the dataset's `collection.publisher`), as the article page names it."""
    language: str
    article_title: str
    article_url: str
    """The article page, whose sections each scene links to."""


def brand_of(dataset: Dataset, settings: Settings) -> Brand:
    from pipeline.writers import _links as links

    collection = dataset.collection
    return Brand(
        name=settings.newsletter.name or collection.publisher or collection.title,
        publisher=collection.publisher,
        language=collection.language,
        article_title=collection.title,
        article_url=links.site_url(dataset, settings),
    )
