"""RSS, Atom and JSON Feed, parsed back with feedparser and checked like the W3C validator."""

from __future__ import annotations

import json

import feedparser
import pytest
from feedlint import lint_atom, lint_rss
from msgspec.structs import replace

import pipeline
from pipeline.settings import settings_from
from pipeline.writers import WriterOptions
from pipeline.writers import _feed as feeds

SITE = "https://runningmagazine.ca/the-scene/running-scenes-movies/"


def options(**feed) -> WriterOptions:
    return WriterOptions(settings=settings_from({"feed": feed}))


@pytest.mark.parametrize(("fmt", "version"), [("rss", "rss20"), ("atom", "atom10")])
def test_feedparser_reads_every_item(dataset, fmt, version):
    parsed = feedparser.parse(pipeline.render(dataset, fmt))
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == version
    assert parsed.feed.title == dataset.collection.title
    assert [e.title for e in parsed.entries] == [s.heading for s in dataset.scenes]
    assert [e.id for e in parsed.entries] == [feeds.guid(s.id) for s in dataset.scenes]
    assert [e.link for e in parsed.entries] == [f"{SITE}#{s.id}" for s in dataset.scenes]
    published = [e.published_parsed for e in parsed.entries]
    assert all(p[:6] == (2026, 11, 24, 14, 0, 0) for p in published)  # 09:00 -05:00 in UTC
    assert parsed.entries[0].tags[0].term == "outrunning-nature"
    assert parsed.feed.language == "en-CA"


def test_rss_passes_the_validator_checks(dataset):
    assert lint_rss(pipeline.render(dataset, "rss"), f"{SITE}scenes.rss.xml") == []


def test_atom_passes_the_validator_checks(dataset):
    assert lint_atom(pipeline.render(dataset, "atom"), f"{SITE}scenes.atom.xml") == []


def test_the_lint_finds_what_the_validator_finds():
    naive = (
        b"<rss version='2.0'><channel><title>t</title><link>/rel</link><description>d</description>"
        b"<item><link>/a</link><guid>a</guid><pubDate>2024-05-01</pubDate></item>"
        b"<item><link>/b</link></item></channel></rss>"
    )
    findings = lint_rss(naive, "https://x/feed.xml")
    assert "missing atom:link rel=self" in findings
    assert "item without guid" in findings
    assert "not an RFC 822 date: 2024-05-01" in findings
    assert "guid a is not a URL but isPermaLink is not false" in findings
    assert "relative or missing URL: '/rel'" in findings


def test_rss_channel_details(dataset):
    data = pipeline.render(dataset, "rss").decode()
    assert f"<link>{SITE}</link>" in data
    assert "<lastBuildDate>Tue, 24 Nov 2026 09:00:00 -0500</lastBuildDate>" in data
    assert '<guid isPermaLink="false">urn:uuid:' in data
    assert "&lt;p&gt;It’s estimated" in data  # the summary is escaped HTML


def test_guids_depend_on_the_id_alone(dataset):
    moved = settings_from({"site_url": "https://elsewhere.example/", "feed": {"limit": 3}})
    later = replace(
        dataset.scenes[0], heading="Renamed", published=dataset.updated.replace(year=2027)
    )
    changed = replace(dataset, scenes=(later, *dataset.scenes[1:]))
    first = feedparser.parse(pipeline.render(dataset, "rss"))
    second = feedparser.parse(pipeline.render(changed, "rss", WriterOptions(settings=moved)))
    assert second.entries[0].id == first.entries[0].id
    assert second.entries[0].link == "https://elsewhere.example/#the-mummy-returns"


def test_item_limit_keeps_the_newest_in_dataset_order(dataset):
    newest = [
        replace(s, published=s.published.replace(year=2027))
        if s.id in ("rocky-ii", "forrest-gump")
        else s
        for s in dataset.scenes
    ]
    data = replace(dataset, scenes=tuple(newest))
    parsed = feedparser.parse(pipeline.render(data, "rss", options(limit=3)))
    assert [e.title for e in parsed.entries] == [
        "Rocky II",
        "Forrest Gump",
        "Silver Linings Playbook",
    ]


def test_full_content_option(dataset):
    summary = feedparser.parse(pipeline.render(dataset, "rss"))
    full = feedparser.parse(pipeline.render(dataset, "rss", options(content="full")))
    assert "content" not in summary.entries[0]
    assert "1,673 km/h (1,040 mph)" in full.entries[0].content[0].value
    atom = feedparser.parse(pipeline.render(dataset, "atom", options(content="full")))
    assert "Brendan Fraser" in atom.entries[0].content[0].value


def test_item_url_template(dataset):
    parsed = feedparser.parse(
        pipeline.render(dataset, "atom", options(item_url="https://x.example/scenes/{id}/"))
    )
    assert parsed.entries[1].link == "https://x.example/scenes/rocky-ii/"


def test_json_feed_1_1(dataset):
    feed = json.loads(pipeline.render(dataset, "jsonfeed"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["feed_url"] == f"{SITE}scenes.feed.json"
    assert feed["language"] == "en-CA"
    assert feed["authors"] == [{"name": "Canadian Running staff"}]
    assert [i["id"] for i in feed["items"]] == [feeds.guid(s.id) for s in dataset.scenes]
    assert all(i["content_text"] and i["content_html"] for i in feed["items"])
    assert feed["items"][0]["date_published"] == "2026-11-24T09:00:00-05:00"
    assert pipeline.render(dataset, "jsonfeed").endswith(b"\n")


def test_compilation_without_blurb_still_has_a_summary(dataset):
    feed = json.loads(pipeline.render(dataset, "jsonfeed"))
    cruise = next(i for i in feed["items"] if i["title"] == "Every Tom Cruise running scene")
    assert (
        cruise["content_text"] == "Every Tom Cruise running scene: a compilation about Tom Cruise."
    )


def test_hostile_text_stays_text_in_every_feed(dataset):
    nasty = "<script>alert('x')</script> & \"q\" 🏃 \u202eעברית"
    scene = replace(dataset.scenes[0], blurb=nasty, heading="A & B <i>")
    tampered = replace(dataset, scenes=(scene, *dataset.scenes[1:]))
    for fmt in ("rss", "atom"):
        parsed = feedparser.parse(pipeline.render(tampered, fmt))
        assert parsed.bozo == 0
        assert parsed.entries[0].title == "A & B <i>"
        assert "&lt;script&gt;" in parsed.entries[0].summary
        assert "<script>" not in parsed.entries[0].summary
    item = json.loads(pipeline.render(tampered, "jsonfeed"))["items"][0]
    assert item["content_text"] == nasty
    assert "&lt;script&gt;" in item["content_html"]
