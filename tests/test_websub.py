"""WebSub: the feeds name the hub, and `scenes export --ping` tells a real HTTP hub on
127.0.0.1 about each feed whose bytes it has not seen, one publish request per feed."""

from __future__ import annotations

import json

import feedparser
import pytest
from corrected import correct
from feedlint import lint_atom, lint_rss
from hub import closed_port, serve
from lxml import etree

import pipeline
from pipeline.settings import settings_from
from pipeline.writers import WriterOptions

BASE = "https://feeds.runningmagazine.ca/"
FEEDS = {
    "rss": f"{BASE}scenes.rss.xml",
    "atom": f"{BASE}scenes.atom.xml",
    "jsonfeed": f"{BASE}scenes.feed.json",
}
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def hub():
    hub, server = serve()
    yield hub
    server.shutdown()
    server.server_close()


def use_hub(project, url: str, extra: str = "") -> None:
    (project / "scenes.toml").write_text(
        f'[feed]\nbase_url = "{BASE}"\nhub = "{url}"\n{extra}', encoding="utf-8"
    )


def feed_bytes(project) -> dict[str, bytes]:
    out = project / "outputs"
    return {name: (out / url.rsplit("/", 1)[1]).read_bytes() for name, url in FEEDS.items()}


# -- the feeds name the hub -------------------------------------------------------------------


def test_every_feed_names_the_hub_and_itself(dataset):
    options = WriterOptions(
        settings=settings_from({"feed": {"hub": "https://hub.example.net/", "base_url": BASE}})
    )
    rss = etree.fromstring(pipeline.render(dataset, "rss", options))
    links = [(e.get("rel"), e.get("href")) for e in rss.find("channel").iter(f"{ATOM}link")]
    assert links == [("self", FEEDS["rss"]), ("hub", "https://hub.example.net/")]
    atom = etree.fromstring(pipeline.render(dataset, "atom", options))
    rels = {e.get("rel"): e.get("href") for e in atom.findall(f"{ATOM}link")}
    assert rels["hub"] == "https://hub.example.net/" and rels["self"] == FEEDS["atom"]
    assert len(atom.findall(f"{ATOM}link[@rel='hub']")) == 1
    feed = json.loads(pipeline.render(dataset, "jsonfeed", options))
    assert feed["hubs"] == [{"type": "WebSub", "url": "https://hub.example.net/"}]
    assert feed["feed_url"] == FEEDS["jsonfeed"]
    for fmt in ("rss", "atom"):
        parsed = feedparser.parse(pipeline.render(dataset, fmt, options))
        assert parsed.bozo == 0
        hubs = [link.href for link in parsed.feed.links if link.rel == "hub"]
        assert hubs == ["https://hub.example.net/"]
    assert lint_rss(pipeline.render(dataset, "rss", options), FEEDS["rss"]) == []
    assert lint_atom(pipeline.render(dataset, "atom", options), FEEDS["atom"]) == []


def test_without_a_hub_no_feed_names_one(dataset):
    for fmt in ("rss", "atom", "jsonfeed"):
        data = pipeline.render(dataset, fmt)
        assert b'"hub"' not in data and b"hubs" not in data


@pytest.mark.parametrize(
    ("hub", "accepted"),
    [
        ("https://pubsubhubbub.example.net/", True),
        ("http://127.0.0.1:8080/hub", True),
        ("http://127.9.9.9/hub", True),
        ("http://localhost:8080/", True),
        ("http://[::1]:8080/", True),
        ("http://hub.example.net/", False),  # plain http across a network
        ("http://10.0.0.1/", False),
        ("ftp://hub.example.net/", False),
        ("hub.example.net", False),
    ],
)
def test_a_hub_is_https_or_on_this_machine(invoke, project, hub, accepted):
    use_hub(project, hub)
    result = invoke("export", "-f", "json")
    assert (result.exit_code == 0) is accepted, result.output
    if not accepted:
        assert "scenes.toml:3:" in result.stderr and "feed.hub" in result.stderr


# -- --ping ----------------------------------------------------------------------------------


def test_one_publish_request_per_changed_feed(invoke, project, hub):
    use_hub(project, hub.url)
    result = invoke("export", "--ping")
    assert result.exit_code == 0, result.output
    assert sorted(hub.topics()) == sorted(FEEDS.values())
    for request in hub.requests:
        assert request.path == "/hub"
        assert request.content_type == "application/x-www-form-urlencoded"
        assert request.form["hub.mode"] == ["publish"]
    assert f"pinged {hub.url}: {FEEDS['rss']} (rss) changed" in result.stderr

    hub.requests.clear()
    again = invoke("export", "--ping")  # nothing changed: the hub hears nothing
    assert again.exit_code == 0
    assert hub.requests == []
    assert "knows every feed already: nothing to ping" in again.stderr

    correct(project)  # every feed carries the scene: all three change
    invoke("export", "--ping")
    assert sorted(hub.topics()) == sorted(FEEDS.values())


def test_only_the_feeds_that_changed_are_announced(invoke, project, hub):
    use_hub(project, hub.url)
    assert invoke("export", "-f", "rss", "-f", "atom", "--ping").exit_code == 0
    assert sorted(hub.topics()) == [FEEDS["atom"], FEEDS["rss"]]
    hub.requests.clear()
    result = invoke("export", "--ping")  # all formats: only the JSON Feed is new
    assert result.exit_code == 0
    assert hub.topics() == [FEEDS["jsonfeed"]]
    hub.requests.clear()
    invoke("export", "-f", "text", "-f", "rss", "--ping")  # formats other than feeds: no ping
    assert hub.requests == []


def test_an_unreachable_hub_is_said_and_the_files_are_written(invoke, project):
    port = closed_port()
    use_hub(project, f"http://127.0.0.1:{port}/hub")
    result = invoke("export", "--ping")
    assert result.exit_code == 75
    assert "unreachable" in result.stderr
    assert "the files were written; 0 of 3 feed(s) announced" in result.stderr
    assert "Traceback" not in result.output
    written = feed_bytes(project)
    assert all(written.values())
    assert (project / "outputs" / "scenes.docx").exists()
    hub, server = serve(port)  # the hub is back: it hears what it missed, though unchanged
    try:
        again = invoke("export", "--ping")
    finally:
        server.shutdown()
        server.server_close()
    assert again.exit_code == 0
    assert sorted(hub.topics()) == sorted(FEEDS.values())
    assert feed_bytes(project) == written


def test_a_hub_that_refuses(invoke, project, hub):
    hub.status, hub.body = 400, b"hub.url not allowed\r\nX-Injected: yes"
    use_hub(project, hub.url)
    result = invoke("export", "-f", "rss", "--ping")
    assert result.exit_code == 69
    assert "the hub refused the ping (400 Bad Request): hub.url not allowed X-Injected" in (
        result.stderr
    )
    assert (project / "outputs" / "scenes.rss.xml").exists()
    hub.status = 204
    hub.requests.clear()
    assert invoke("export", "-f", "rss", "--ping").exit_code == 0
    assert hub.topics() == [FEEDS["rss"]]  # refused before: announced now


@pytest.mark.parametrize(("status", "code"), [(503, 75), (429, 75), (404, 69)])
def test_a_hub_that_fails(invoke, project, hub, status, code):
    hub.status = status
    use_hub(project, hub.url)
    result = invoke("export", "-f", "atom", "--ping")
    assert result.exit_code == code
    assert f"({status} " in result.stderr


def test_a_hub_that_moved_is_not_followed(invoke, project, hub):
    hub.status, hub.headers = 301, {"Location": "https://hub.example.net/new"}
    use_hub(project, hub.url)
    result = invoke("export", "-f", "atom", "--ping")
    assert result.exit_code == 69
    assert "moved to https://hub.example.net/new; set [feed] hub to that address" in (result.stderr)
    assert len(hub.requests) == 1


def test_a_hub_slower_than_the_timeout(invoke, project, hub):
    hub.delay = 1.0
    use_hub(project, hub.url, "hub_timeout = 0.2\n")
    result = invoke("export", "-f", "rss", "--ping")
    assert result.exit_code == 75
    assert "no answer within 0.2 seconds" in result.stderr


def test_a_new_hub_hears_of_every_feed(invoke, project, hub):
    use_hub(project, hub.url)
    invoke("export", "--ping")
    other, server = serve()
    try:
        use_hub(project, other.url)
        assert invoke("export", "--ping").exit_code == 0
        assert sorted(other.topics()) == sorted(FEEDS.values())
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-f", "rss", "-o", "feed.xml", "--ping"], "-o writes elsewhere"),
        (["-f", "rss", "-o", "-", "--ping"], "-o writes elsewhere"),
        (["-f", "json", "--ping"], "--ping applies to the feed formats"),
        (["-f", "json", "-f", "docx", "--ping"], "--ping applies to the feed formats"),
    ],
)
def test_ping_without_a_feed_to_announce_is_a_usage_error(invoke, project, hub, args, message):
    use_hub(project, hub.url)
    result = invoke("export", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert not (project / "outputs" / "scenes.json").exists()
    assert hub.requests == []


def test_ping_needs_a_hub(invoke, project):
    result = invoke("export", "--ping")
    assert result.exit_code == 2
    assert "--ping needs a hub: set [feed] hub in the settings" in result.stderr
    assert not (project / "outputs").exists() or not any((project / "outputs").iterdir())


def test_a_failed_format_still_pings_the_feeds_written(invoke, project, hub):
    use_hub(project, hub.url)
    (project / "broken.txt.j2").write_text("{{ nothing.here }}", encoding="utf-8")
    result = invoke("export", "-f", "text", "-f", "rss", "--template", "broken.txt.j2", "--ping")
    assert result.exit_code == 1
    assert hub.topics() == [FEEDS["rss"]]
