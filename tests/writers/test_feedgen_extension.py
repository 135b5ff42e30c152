"""What we rely on in feedgen, held to it: if an upgrade changes any of it, a test here fails
before a feed goes wrong.

feedgen 1.0.0 (December 2023, the last release) writes only the first rel="self" link into RSS
(no hub link, feedgen#122) and nothing in an RSS item for when it changed. We add both through
its extension API (`register_extension`, in `pipeline/writers/_feed.py`), which runs our hooks
on the lxml tree it builds: the feed's after the channel's own elements and before the items,
each entry's at the end of its item. If feedgen ever writes either itself, our feeds would
carry it twice, and these tests say so.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import feedparser
from lxml import etree

from pipeline.writers import _feed as feeds

ATOM = "{http://www.w3.org/2005/Atom}"
WHEN = datetime(2026, 11, 25, 10, 30, tzinfo=timezone(timedelta(hours=-5)))


def small_feed(hub: str | None = "https://hub.example.net/", updated: datetime | None = WHEN):
    fg = feeds.new_feed()
    fg.id("urn:uuid:00000000-0000-5000-8000-000000000000")
    fg.title("t")
    fg.description("d")
    fg.link(href="https://x.example/feed.xml", rel="self")
    fg.link(href="https://x.example/", rel="alternate")
    fg.updated(WHEN)
    feeds.set_hub(fg, hub)
    for name in ("a", "b"):
        entry = fg.add_entry(order="append")
        entry.id(f"urn:uuid:{name}")
        entry.guid(f"urn:uuid:{name}", permalink=False)
        entry.title(name)
        entry.link(href=f"https://x.example/#{name}")
        entry.updated(updated or WHEN)
        feeds.set_updated(entry, updated if name == "a" else None)
    return fg


def test_the_extension_hooks_run_on_feedgens_tree():
    rss = etree.fromstring(small_feed().rss_str())
    channel = rss.find("channel")
    links = [(e.get("rel"), e.get("href")) for e in channel.findall(f"{ATOM}link")]
    assert links == [("self", "https://x.example/feed.xml"), ("hub", "https://hub.example.net/")]
    first, second = channel.findall("item")
    assert [e.text for e in first.findall(f"{ATOM}updated")] == ["2026-11-25T10:30:00-05:00"]
    assert second.find(f"{ATOM}updated") is None
    data = small_feed().atom_str()
    atom = etree.fromstring(data)
    assert [e.get("rel") for e in atom.findall(f"{ATOM}link")] == ["self", "hub", "alternate"]
    assert b'<link href="https://hub.example.net/" rel="hub"/>' in data  # as feedgen writes its own
    for entry in atom.findall(f"{ATOM}entry"):
        assert len(entry.findall(f"{ATOM}updated")) == 1  # feedgen's own, not a second one


def test_feedgen_still_writes_neither_itself():
    plain = small_feed(hub=None, updated=None)
    plain.link(href="https://hub.example.net/", rel="hub")  # accepted, but not written in RSS
    rss = etree.fromstring(plain.rss_str())
    assert [e.get("rel") for e in rss.iter(f"{ATOM}link")] == ["self"]
    assert rss.find(f".//item/{ATOM}updated") is None


def test_readers_see_what_the_extension_writes():
    parsed = feedparser.parse(small_feed().rss_str())
    assert parsed.bozo == 0
    assert [link.rel for link in parsed.feed.links if link.rel == "hub"] == ["hub"]
    assert parsed.entries[0].updated_parsed[:5] == (2026, 11, 25, 15, 30)
    assert "updated" not in parsed.entries[1]


def test_each_feed_has_its_own_extension_state():
    with_hub, without = small_feed(), small_feed(hub=None)
    assert b'rel="hub"' in with_hub.rss_str()
    assert b'rel="hub"' not in without.rss_str()
