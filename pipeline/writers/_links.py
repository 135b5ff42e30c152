"""Where the article and each scene live on the web: the one definition of the page's anchors.

The web page gives each scene's section the id `anchor(scene)`, and every link to a scene (the
feeds' items, the page's structured data) is `item_url`, whose `{id}` is that same anchor; so
a feed item always lands on its section of the page.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from pipeline.model import Dataset, Scene
from pipeline.settings import Settings


def site_url(dataset: Dataset, settings: Settings) -> str:
    """The article's page: the `site_url` setting, else the collection's link."""
    return settings.site_url or dataset.collection.link


def anchor(scene: Scene) -> str:
    """The id of the scene's section on the page (a slug, so a valid id and fragment)."""
    return scene.id


def item_url(dataset: Dataset, settings: Settings, scene: Scene) -> str:
    """A scene's link, from the `feed.item_url` setting ('{site_url}#{id}' by default)."""
    template = settings.feed.item_url
    return template.replace("{site_url}", site_url(dataset, settings)).replace(
        "{id}", anchor(scene)
    )


def leaves_site(url: str, dataset: Dataset, settings: Settings) -> bool:
    """Whether a link goes to another site than the article's (scheme and host differ)."""
    here, there = urlsplit(site_url(dataset, settings)), urlsplit(url)
    return (there.scheme, there.netloc.lower()) != (here.scheme, here.netloc.lower())
