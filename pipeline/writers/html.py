"""The article as a web page: standalone HTML5 (inline CSS, no scripts but its structured
data) through a replaceable Jinja2 template that escapes every value it prints."""

from __future__ import annotations

from typing import Any, ClassVar

from pipeline import templating
from pipeline.model import Dataset, Scene
from pipeline.settings import Settings
from pipeline.writers import WriterOptions
from pipeline.writers import _jsonld as jsonld
from pipeline.writers import _links as links

EXTERNAL_REL = "external noopener"
"""The rel of a link to another site (the page never opens new windows; noopener is for
templates that add target=_blank)."""


class HtmlWriter:
    name: ClassVar[str] = "html"
    extension: ClassVar[str] = ".html"
    media_type: ClassVar[str] = "text/html; charset=utf-8"

    def render(self, dataset: Dataset, options: WriterOptions) -> bytes:
        return templating.render_bytes(
            templating.BUILTIN["html"],
            options.template_for(self.name),
            markup=True,
            **context(dataset, options.settings),
        )


def context(dataset: Dataset, settings: Settings) -> dict[str, Any]:
    """What the page template gets (see the comment at the top of `scenes template html`)."""

    def item_url(scene: Scene) -> str:
        return links.item_url(dataset, settings, scene)

    def rel(url: str, *own: str) -> str:
        """The rel of a link: `own` values, plus EXTERNAL_REL when it leaves the site."""
        leaving = (EXTERNAL_REL,) if links.leaves_site(url, dataset, settings) else ()
        return " ".join((*own, *leaving))

    return {
        "collection": dataset.collection,
        "scenes": dataset.scenes,
        "page_url": links.site_url(dataset, settings),
        "updated": dataset.updated_confirmed,
        "anchor": links.anchor,
        "item_url": item_url,
        "rel": rel,
        # Already safe for a <script> element: printed as it is (see _jsonld.StructuredData).
        "structured_data": jsonld.structured_data(dataset, settings),
    }
