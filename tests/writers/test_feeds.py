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
    titles = [f"{n}. {s.heading}" for n, s in enumerate(dataset.scenes, 1)]
    assert [e.title for e in parsed.entries] == titles  # number and heading, as the article
    assert [e.id for e in parsed.entries] == [feeds.guid(s.id) for s in dataset.scenes]
    assert [e.link for e in parsed.entries] == [f"{SITE}#{s.id}" for s in dataset.scenes]
    assert not any("published" in e for e in parsed.entries)  # the dates are placeholders
    assert parsed.entries[0].tags[0].term == "outrunning-nature"
    assert parsed.feed.language == "en-CA"


def confirmed(dataset):
    """The dataset as it will be once its byline and dates are confirmed."""
    scenes = tuple(replace(s, unconfirmed=()) for s in dataset.scenes)
    return replace(dataset, collection=replace(dataset.collection, unconfirmed=()), scenes=scenes)


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_confirmed_dates_are_given_as_publication_dates(dataset, fmt):
    parsed = feedparser.parse(pipeline.render(confirmed(dataset), fmt))
    published = [e.published_parsed for e in parsed.entries]
    assert all(p[:6] == (2026, 11, 24, 14, 0, 0) for p in published)  # 09:00 -05:00 in UTC


def test_no_feed_presents_a_placeholder_as_fact(dataset):
    for fmt in ("rss", "atom", "jsonfeed"):
        data = pipeline.render(dataset, fmt).decode()
        assert "Canadian Running staff" not in data, fmt
        for tag in ("<pubDate>", "<published>", '"date_published"'):
            assert tag not in data, (fmt, tag)
    atom = feedparser.parse(pipeline.render(dataset, "atom"))
    assert atom.feed.author == "Canadian Running"  # Atom needs one: the publisher
    assert "authors" not in json.loads(pipeline.render(dataset, "jsonfeed"))


def test_titles_of_works_are_cited_in_the_feeds_html(dataset):
    rocky = "<cite>Philadelphia Magazine</cite> determined"
    for fmt in ("rss", "atom"):
        parsed = feedparser.parse(pipeline.render(dataset, fmt, options(content="full")))
        assert rocky in parsed.entries[1].summary  # feedparser's sanitiser keeps <cite>
        assert "<li>Film: <cite>Rocky II</cite> (1979)</li>" in parsed.entries[1].content[0].value
    item = json.loads(pipeline.render(dataset, "jsonfeed"))["items"][1]
    assert rocky in item["content_html"]
    assert "Philadelphia Magazine determined" in item["content_text"]


def test_rss_passes_the_validator_checks(dataset):
    assert lint_rss(pipeline.render(dataset, "rss"), f"{SITE}scenes.rss.xml") == []


def test_atom_passes_the_validator_checks(dataset):
    assert lint_atom(pipeline.render(dataset, "atom"), f"{SITE}scenes.atom.xml") == []


def test_the_lint_finds_what_websub_and_corrections_get_wrong():
    rss = (
        b"<rss version='2.0' xmlns:atom='http://www.w3.org/2005/Atom'><channel><title>t</title>"
        b"<link>https://x/</link><description>d</description>"
        b"<atom:link rel='hub' href='https://hub/'/><atom:link rel='hubb' href='https://y/'/>"
        b"<item><link>https://x/a</link><guid isPermaLink='false'>a</guid>"
        b"<atom:updated>2026-11-25T10:00:00</atom:updated>"
        b"<atom:updated>2026-11-25T10:00:00Z</atom:updated></item></channel></rss>"
    )
    findings = lint_rss(rss, "https://x/feed.xml")
    assert "a hub link without a self link" in findings
    assert "unregistered link relation 'hubb'" in findings
    assert "an item with more than one atom:updated" in findings
    assert "date without timezone: 2026-11-25T10:00:00" in findings


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
        "2. Rocky II",
        "9. Forrest Gump",
        "13. Silver Linings Playbook",
    ]


def test_full_content_option(dataset):
    summary = feedparser.parse(pipeline.render(dataset, "rss"))
    full = feedparser.parse(pipeline.render(dataset, "rss", options(content="full")))
    assert "content" not in summary.entries[0]
    content = full.entries[0].content[0].value
    assert "as fast as 1673\u00a0km/h (1,040\u00a0mph), faster" in content  # written once
    assert "Reality check: physically absurd. About 37 times Usain Bolt’s" in content
    assert "Reality check" not in summary.entries[0].summary
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
    assert [i["id"] for i in feed["items"]] == [feeds.guid(s.id) for s in dataset.scenes]
    assert all(i["content_text"] and i["content_html"] for i in feed["items"])
    assert feed["items"][0]["title"] == "1. The Mummy Returns"
    sure = json.loads(pipeline.render(confirmed(dataset), "jsonfeed"))
    assert sure["authors"] == [{"name": "Canadian Running staff"}]
    assert sure["items"][0]["date_published"] == "2026-11-24T09:00:00-05:00"
    assert pipeline.render(dataset, "jsonfeed").endswith(b"\n")


def test_compilation_without_blurb_still_has_a_summary(dataset):
    feed = json.loads(pipeline.render(dataset, "jsonfeed"))
    cruise = next(i for i in feed["items"] if i["title"] == "11. Every Tom Cruise running scene")
    assert cruise["content_text"] == "Films: many, all with Tom Cruise."  # the one wording


def test_hostile_text_stays_text_in_every_feed(dataset):
    nasty = "<script>alert('x')</script> & \"q\" 🏃 \u202eעברית"
    scene = replace(dataset.scenes[0], blurb=nasty, heading="A & B <i>")
    tampered = replace(dataset, scenes=(scene, *dataset.scenes[1:]))
    for fmt in ("rss", "atom"):
        parsed = feedparser.parse(pipeline.render(tampered, fmt))
        assert parsed.bozo == 0
        assert parsed.entries[0].title == "1. A & B <i>"
        assert "&lt;script&gt;" in parsed.entries[0].summary
        assert "<script>" not in parsed.entries[0].summary
    item = json.loads(pipeline.render(tampered, "jsonfeed"))["items"][0]
    assert item["content_text"] == nasty
    assert "&lt;script&gt;" in item["content_html"]
