"""Every feed item lands on a section of the web page: one definition of the anchors."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import feedparser
import html5lib
import pytest

import pipeline
from pipeline.settings import settings_from
from pipeline.writers import WriterOptions
from pipeline.writers import _links as links


def page_ids_and_url(data: bytes) -> tuple[set[str], str]:
    root = html5lib.parse(data, treebuilder="etree", namespaceHTMLElements=False)
    (canonical,) = [link for link in root.iter("link") if link.get("rel") == "canonical"]
    return {e.get("id") for e in root.iter() if e.get("id")}, canonical.get("href")


def feed_links(dataset, options) -> dict[str, list[str]]:
    """Each feed's item links, read back by real readers (feedparser; JSON for JSON Feed)."""
    found = {}
    for fmt in ("rss", "atom"):
        parsed = feedparser.parse(pipeline.render(dataset, fmt, options))
        assert parsed.bozo == 0, parsed.get("bozo_exception")
        found[fmt] = [entry.link for entry in parsed.entries]
    feed = json.loads(pipeline.render(dataset, "jsonfeed", options))
    found["jsonfeed"] = [item["url"] for item in feed["items"]]
    return found


@pytest.mark.parametrize("settings", [{}, {"site_url": "https://example.org/list/"}])
def test_every_feed_items_fragment_is_an_id_on_the_page(dataset, settings):
    options = WriterOptions(settings=settings_from(settings))
    ids, page_url = page_ids_and_url(pipeline.render(dataset, "html", options))
    for fmt, item_links in feed_links(dataset, options).items():
        assert len(item_links) == len(dataset.scenes), fmt
        for link in item_links:
            url = urlsplit(link)
            assert url._replace(fragment="").geturl() == page_url, (fmt, link)
            assert url.fragment in ids, (fmt, link)
        fragments = [urlsplit(link).fragment for link in item_links]
        assert fragments == [scene.id for scene in dataset.scenes], fmt


def test_changing_the_one_definition_moves_anchors_and_links_together(dataset, monkeypatch):
    monkeypatch.setattr(links, "anchor", lambda scene: f"scene-{scene.id}")
    options = WriterOptions()
    ids, _ = page_ids_and_url(pipeline.render(dataset, "html", options))
    assert {f"scene-{scene.id}" for scene in dataset.scenes} <= ids
    for item_links in feed_links(dataset, options).values():
        assert all(urlsplit(link).fragment in ids for link in item_links)
        assert all(urlsplit(link).fragment.startswith("scene-") for link in item_links)
