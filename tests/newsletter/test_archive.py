"""The web archive as readers and link previews see it (html5lib, feedparser): only what was
sent, every issue with its subject, date and scenes, previous/next, a description and Open
Graph tags, a way to subscribe, and one name throughout, shared with the article page."""

from __future__ import annotations

import feedparser
import html5lib
import pytest
from helpers import MONDAY, parsed, smtp_settings

import pipeline

ARCHIVE = "https://runningmagazine.ca/newsletter/"
SUBSCRIBE = "https://runningmagazine.ca/newsletter/subscribe"
NS = {"h": "http://www.w3.org/1999/xhtml"}
WEEKS = ("2026-11-09", "2026-11-16", MONDAY)


def archive_settings(project, port: int, extra: str = "") -> None:
    smtp_settings(
        project, port, f'archive_url = "{ARCHIVE}"\nsubscribe_url = "{SUBSCRIBE}"\n{extra}'
    )


def folder(project):
    return project / "outputs" / "newsletter"


def page(project, name: str):
    return html5lib.parse((folder(project) / name).read_bytes(), namespaceHTMLElements=False)


def text_of(element) -> str:
    return " ".join("".join(element.itertext()).split())


def meta(doc, key: str) -> str | None:
    for element in doc.iter("meta"):
        if key in (element.get("name"), element.get("property")):
            return element.get("content")
    return None


def links(doc) -> dict[str, str]:
    """Link text -> href, for every <a> on the page."""
    return {text_of(a): a.get("href") for a in doc.iter("a")}


def published_pages(project) -> list[str]:
    return sorted(p.name for p in folder(project).glob("issue-*.html"))


def test_the_archive_shows_only_what_was_sent(project, run_newsletter, smtp_server):
    archive_settings(project, smtp_server.port)
    run_newsletter("--date", MONDAY)  # cron without --send: made, not sent
    assert published_pages(project) == []
    index = page(project, "index.html")
    assert "No issue has been published yet." in text_of(index.find("body"))
    feed = feedparser.parse((folder(project) / "issues.atom.xml").read_bytes())
    assert feed.bozo == 0 and feed.entries == []
    archive_settings(project, 1)  # the send fails: still nothing published
    assert run_newsletter("--date", MONDAY, "--send").exit_code == 75
    assert published_pages(project) == []
    archive_settings(project, smtp_server.port)
    assert run_newsletter("--date", MONDAY, "--send").exit_code == 0
    assert published_pages(project) == ["issue-001.html"]
    feed = feedparser.parse((folder(project) / "issues.atom.xml").read_bytes())
    assert [e.link for e in feed.entries] == [f"{ARCHIVE}issue-001.html"]


def test_publish_due_shows_what_another_program_sends(project, run_newsletter, smtp_server):
    archive_settings(project, smtp_server.port, 'publish = "due"\n')
    run_newsletter("--date", MONDAY)
    run_newsletter("--date", "2099-11-23")  # made ahead: not due, not shown
    assert published_pages(project) == ["issue-001.html"]


def test_a_resolved_issue_is_published_at_once(project, run_newsletter, smtp_server):
    archive_settings(project, smtp_server.port)
    smtp_server.on_data = lambda: "drop"
    assert run_newsletter("--date", MONDAY, "--send").exit_code == 3
    assert published_pages(project) == []
    assert run_newsletter("resolve", "1", "--sent").exit_code == 0
    assert published_pages(project) == ["issue-001.html"]


@pytest.fixture
def three_sent(project, run_newsletter, smtp_server):
    archive_settings(project, smtp_server.port)
    for week in WEEKS:
        assert run_newsletter("--date", week, "--send").exit_code == 0
    return project


def test_the_index_lists_subjects_dates_and_scenes(three_sent):
    index = page(three_sent, "index.html")
    entries = index.findall(".//div[@class='issue']")
    assert [text_of(e.find("h2")) for e in entries] == [
        "Canadian Running #3: Rocky III, I Am Legend, Forrest Gump",
        "Canadian Running #2: Run Lola Run, The Day After Tomorrow, Dante’s Peak",
        "Canadian Running #1: The Mummy Returns, Rocky II, Raiders of the Lost Ark",
    ]
    assert [e.find("h2/a").get("href") for e in entries] == [
        "issue-003.html",
        "issue-002.html",
        "issue-001.html",
    ]
    first = text_of(entries[2])
    assert "In this issue: The Mummy Returns, Rocky II and Raiders of the Lost Ark." in first
    when = entries[2].find(".//time")
    assert when.get("datetime").startswith(("20", "21"))  # the day it was sent
    assert text_of(when).split()[0] in (
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    )
    assert meta(index, "description").startswith("Every issue of the Canadian Running newsletter")
    assert meta(index, "og:url") == f"{ARCHIVE}index.html"


def test_each_page_links_the_previous_and_next_issues(three_sent):
    first, middle, last = (page(three_sent, f"issue-00{n}.html") for n in (1, 2, 3))
    pager = middle.find(".//nav[@class='pager']")
    assert [(a.get("rel"), a.get("href")) for a in pager.iter("a")] == [
        ("prev", "issue-001.html"),
        ("next", "issue-003.html"),
    ]
    assert "Issue 1, week of 9 November 2026" in text_of(pager)
    assert [a.get("rel") for a in first.find(".//nav[@class='pager']").iter("a")] == ["next"]
    assert [a.get("rel") for a in last.find(".//nav[@class='pager']").iter("a")] == ["prev"]
    head_links = {link.get("rel"): link.get("href") for link in middle.iter("link")}
    assert head_links["prev"] == "issue-001.html" and head_links["next"] == "issue-003.html"
    for number, doc in enumerate((first, middle, last), 1):
        raw = (folder(three_sent) / f"issue-00{number}.html").read_text(encoding="utf-8")
        assert "scenes:archive" not in raw  # every place the archive fills, filled
        assert meta(doc, "article:published_time")


def test_each_page_has_a_description_and_open_graph_tags(three_sent, smtp_server):
    doc = page(three_sent, "issue-002.html")
    sent = parsed(smtp_server.messages[1])
    assert text_of(doc.find(".//title")) == sent["Subject"]
    assert meta(doc, "og:title") == sent["Subject"]
    blurb = "Given 20 minutes to come up with 100,000 Deutsche Mark to save her boyfriend"
    assert meta(doc, "description").startswith(blurb)
    assert meta(doc, "og:description") == meta(doc, "description")
    assert meta(doc, "og:type") == "article"
    assert meta(doc, "og:url") == f"{ARCHIVE}issue-002.html"
    assert meta(doc, "og:site_name") == "Canadian Running"
    assert meta(doc, "og:locale") == "en_CA"
    canonical = [link for link in doc.iter("link") if link.get("rel") == "canonical"]
    assert canonical[0].get("href") == f"{ARCHIVE}issue-002.html"


def test_every_archive_page_links_to_subscribe(three_sent, run_newsletter, smtp_server):
    for name in ("index.html", "issue-001.html", "issue-002.html", "issue-003.html"):
        found = links(page(three_sent, name))
        assert found["Subscribe by email"] == SUBSCRIBE, name
        if name != "index.html":
            assert found["Every issue"] == "index.html"
    smtp_settings(three_sent, smtp_server.port, f'archive_url = "{ARCHIVE}"\n')  # no longer set
    run_newsletter("--date", MONDAY)
    for name in ("index.html", "issue-001.html"):
        assert "Subscribe by email" not in links(page(three_sent, name)), name


def test_one_name_throughout_shared_with_the_article_page(three_sent, dataset, smtp_server):
    article = html5lib.parse(pipeline.render(dataset, "html"), namespaceHTMLElements=False)
    name = text_of(article.find(".//p[@class='masthead__name']"))
    assert name == "Canadian Running" == dataset.collection.publisher
    for doc in (page(three_sent, "index.html"), page(three_sent, "issue-001.html")):
        assert text_of(doc.find(".//p[@class='masthead__brand']")) == name
        assert meta(doc, "og:site_name") == name
    assert text_of(page(three_sent, "index.html").find(".//title")).startswith(name)
    feed = feedparser.parse((folder(three_sent) / "issues.atom.xml").read_bytes())
    assert feed.feed.title == name and feed.feed.author == name
    mail = parsed(smtp_server.messages[0])
    assert mail["From"].addresses[0].display_name == "Scenes"  # the sender's own, as set
    letter = html5lib.parse(mail.get_body(("html",)).get_content(), namespaceHTMLElements=False)
    assert text_of(letter.find(".//p[@class='masthead__brand']")) == name
    assert mail["Subject"].startswith(f"{name} #1: ")


def test_a_newsletter_name_of_its_own(project, run_newsletter, smtp_server):
    smtp_settings(
        project,
        smtp_server.port,
        'sender = "news@runningmagazine.ca"\nname = "Running Scenes"\n',
    )
    assert run_newsletter("--date", MONDAY, "--send").exit_code == 0
    mail = parsed(smtp_server.messages[0])
    assert str(mail["From"]) == "Running Scenes <news@runningmagazine.ca>"
    assert mail["Subject"].startswith("Running Scenes #1: ")
    letter = html5lib.parse(mail.get_body(("html",)).get_content(), namespaceHTMLElements=False)
    assert text_of(letter.find(".//div[@class='masthead']")) == "Canadian Running Running Scenes"
    text = mail.get_body(("plain",)).get_content().splitlines()
    assert text[:2] == ["CANADIAN RUNNING", "Running Scenes"]
    index = page(project, "index.html")
    assert text_of(index.find(".//title")) == "Running Scenes: every issue"


def test_resolving_never_waits_for_a_dataset_being_edited(project, run_newsletter, smtp_server):
    archive_settings(project, smtp_server.port)
    smtp_server.on_data = lambda: "drop"
    assert run_newsletter("--date", MONDAY, "--send").exit_code == 3
    source = project / "source" / "scenes.yaml"
    source.write_text(source.read_text(encoding="utf-8") + "\n  - nonsense: [\n")
    result = run_newsletter("resolve", "1", "--sent")
    assert result.exit_code == 0, result.output
    assert "warning: the web archive is left for the next run to rebuild: source" in (result.stderr)
    assert "issue 1 marked sent" in result.stderr
    assert published_pages(project) == []  # the next run publishes it
