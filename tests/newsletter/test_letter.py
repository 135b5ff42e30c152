"""What reaches the reader: a letter in text and HTML, one-click unsubscribe, the web archive."""

from __future__ import annotations

import email
import email.policy
import re
import sqlite3

import feedparser
import pytest
from helpers import MONDAY, UNSUBSCRIBE, ledger_rows, parsed, settings, smtp_settings

ARCHIVE = "https://runningmagazine.ca/newsletter/"
LONG_UNSUBSCRIBE = "https://lists.runningmagazine.ca/unsubscribe/one-click?" + "t=" + "a1b2" * 32
MAKE = ["--date", MONDAY]


def letter_settings(project, extra: str = "") -> None:
    settings(
        project,
        f'[newsletter]\nunsubscribe = "{LONG_UNSUBSCRIBE}"\narchive_url = "{ARCHIVE}"\n{extra}',
    )


def eml(project, number: int = 1) -> bytes:
    return (project / "outputs" / "newsletter" / f"issue-{number:03d}.eml").read_bytes()


def read(raw: bytes) -> email.message.EmailMessage:
    return email.message_from_bytes(raw, policy=email.policy.default)


def test_the_eml_is_text_then_html(project, run_newsletter):
    letter_settings(project)
    assert run_newsletter(*MAKE).exit_code == 0
    msg = read(eml(project))
    assert msg.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in msg.iter_parts()] == ["text/plain", "text/html"]
    html = msg.get_body(("html",)).get_content()
    for heading in ("The Mummy Returns", "Rocky II", "Raiders of the Lost Ark"):
        assert f"{heading}</a></h2>" in html
    assert re.search(f'<a href="{ARCHIVE}issue-001.html"[^>]*>Read this issue on the web</a>', html)
    assert f"Read this issue on the web: {ARCHIVE}issue-001.html" in msg.get_body(
        ("plain",)
    ).get_content().replace("\n", " ")


def test_one_click_unsubscribe_headers_stay_whole(project, run_newsletter):
    letter_settings(project)
    run_newsletter(*MAKE)
    raw = eml(project)
    assert len(LONG_UNSUBSCRIBE) >= 150
    assert f"\nList-Unsubscribe: <{LONG_UNSUBSCRIBE}>\n".encode() in raw  # one line, unencoded
    assert b"\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\n" in raw
    msg = read(raw)
    assert msg["List-Unsubscribe"] == f"<{LONG_UNSUBSCRIBE}>"
    others = [line for line in raw.splitlines() if not line.startswith(b"List-Unsubscribe:")]
    assert max(map(len, others)) <= 78


def test_a_mailto_unsubscribe_has_no_one_click_post(project, run_newsletter):
    settings(
        project,
        '[newsletter]\nunsubscribe = "mailto:leave@runningmagazine.ca?subject=unsubscribe"\n',
    )
    run_newsletter(*MAKE)
    msg = read(eml(project))
    assert msg["List-Unsubscribe"] == "<mailto:leave@runningmagazine.ca?subject=unsubscribe>"
    assert msg["List-Unsubscribe-Post"] is None


def test_send_without_an_unsubscribe_link_says_what_to_set(project, run_newsletter, smtp_server):
    settings(
        project,
        f'[newsletter.smtp]\nhost = "127.0.0.1"\nport = {smtp_server.port}\nsecurity = "none"\n',
    )
    result = run_newsletter(*MAKE, "--send")
    assert result.exit_code == 1
    assert "set `unsubscribe` to the https:// URL" in result.stderr
    assert "[newsletter] section of scenes.toml" in result.stderr
    assert result.stderr.rstrip().endswith("nothing was made or sent")
    assert ledger_rows(project) == [] and smtp_server.messages == []


def test_an_issue_made_before_the_link_was_set_is_not_sent(project, run_newsletter, smtp_server):
    run_newsletter(*MAKE)  # no unsubscribe yet: its text and .eml have no link
    smtp_settings(project, smtp_server.port)
    result = run_newsletter(*MAKE, "--send")
    assert result.exit_code == 1
    assert "issue 1 was made without an unsubscribe link" in result.stderr
    assert "scenes newsletter discard 1" in result.stderr
    assert smtp_server.messages == []
    run_newsletter("discard", "1")
    assert run_newsletter(*MAKE, "--send").exit_code == 0
    assert parsed(smtp_server.messages[0])["List-Unsubscribe"] == f"<{UNSUBSCRIBE}>"


def test_the_html_is_safe_for_mail_programs(project, run_newsletter):
    letter_settings(project)
    run_newsletter(*MAKE)
    html = read(eml(project)).get_body(("html",)).get_content()
    assert '<html lang="en-CA"' in html
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert '<meta name="color-scheme" content="light dark">' in html
    for remote in ("<img", "src=", "url(", "<script", "<link", "@import", "utm_"):
        assert remote not in html  # no remote images, fonts, trackers or scripts
    links = re.findall(r'href="([^"]*)"', html)
    assert links and all(link.startswith(("https://", "mailto:")) for link in links)
    body = re.search(r"<body[^>]*>", html).group(0)
    # Inlined (css-inline): both colours on the elements that hold text, so a mail program's
    # dark mode inverts them together; the dark palette itself stays in <style>.
    assert "background-color: #ecebe6" in body and "color: #1c1c1c" in body
    letter = re.search(r'<div class="letter" style="([^"]*)"', html).group(1)
    assert "max-width: 600px" in letter and "background-color: #ffffff" in letter
    assert "@media (prefers-color-scheme: dark)" in html


def test_the_text_reads_as_a_letter(project, run_newsletter):
    letter_settings(project)
    run_newsletter(*MAKE)
    text = (project / "outputs" / "newsletter" / "issue-001.txt").read_text(encoding="utf-8")
    flat = " ".join(text.split())
    assert "Here are this issue’s running scenes from the movies." in flat
    assert "The Mummy Returns (2001), with Brendan Fraser as Rick O’Connell." in flat
    # The blurb states the numbers: they are not told again, only checked against reality.
    assert "Reality check: 1,673 km/h (1,040 mph) is physically absurd. About 37 times" in flat
    assert "as fast as 1,673" not in flat and "according to Philadelphia Magazine" not in flat
    assert "Tags:" not in text and "By the numbers" not in text
    assert "\n-- \n" in text
    assert flat.endswith(f"Unsubscribe: {LONG_UNSUBSCRIBE}")


def test_one_scene_is_this_issues_running_scene(project, run_newsletter):
    letter_settings(project, "scenes_per_issue = 1\n")
    run_newsletter(*MAKE)
    text = (project / "outputs" / "newsletter" / "issue-001.txt").read_text(encoding="utf-8")
    assert "Here is this issue’s running scene from the movies." in text
    assert "this issue’s running scene from" in read(eml(project)).get_body(("html",)).get_content()


@pytest.mark.parametrize(
    "subject",
    [
        "Canadian Running #{{ number }}: {{ headings }}",
        "{{ title }}, issue {{ number }} ({{ period }}): {{ headings }}",
        "#{{ number }} — {{ headings }} — «{{ title }}»",
        "Canadian Running #{{ number }}: the scenes of the week",
    ],
)
def test_subjects_read_back_exactly(project, run_newsletter, subject):
    letter_settings(project, f'subject = "{subject}"\nscenes_per_issue = 4\n')
    assert run_newsletter("--date", "2026-12-14", "--catch-up").exit_code == 0
    with sqlite3.connect(project / "state" / "newsletter.db") as db:
        subjects = dict(db.execute("SELECT number, subject FROM issues"))
    for number, expected in subjects.items():
        got = read(eml(project, number))["Subject"]
        assert got == expected and "  " not in got


def test_the_html_template_can_be_replaced(project, run_newsletter, invoke):
    printed = invoke("template", "newsletter-html")
    assert printed.exit_code == 0 and "{% for scene in scenes %}" in printed.output
    (project / "mine.html.j2").write_text(
        '<html lang="{{ collection.language }}"><body><p class="x">{{ subject }}</p></body></html>\n'
        "<style>.x { color: #123456; }</style>"
    )
    letter_settings(project, 'html_template = "mine.html.j2"\n')
    run_newsletter(*MAKE)
    html = read(eml(project)).get_body(("html",)).get_content()
    assert 'style="color: #123456;"' in html and "Canadian Running #1" in html


# -- the web archive -----------------------------------------------------------------------


def test_the_archive_is_rebuilt_from_the_ledger(project, run_newsletter):
    letter_settings(project, 'publish = "due"\n')  # another program sends the .eml files
    run_newsletter("--date", "2026-11-16")
    run_newsletter(*MAKE)
    folder = project / "outputs" / "newsletter"
    page = (folder / "issue-002.html").read_text(encoding="utf-8")
    assert "Run Lola Run</a></h2>" in page and 'href="index.html"' in page
    assert "Unsubscribe" not in page and "Read this issue on the web" not in page
    index = (folder / "index.html").read_text(encoding="utf-8")
    assert index.index('href="issue-002.html"') < index.index('href="issue-001.html"')
    assert "Run Lola Run, The Day After Tomorrow and Dante’s Peak" in index
    assert "Monday 23 November 2026" in index
    feed = feedparser.parse((folder / "issues.atom.xml").read_bytes())
    assert feed.bozo == 0 and feed.version == "atom10"
    assert [e.link for e in feed.entries] == [
        f"{ARCHIVE}issue-002.html",
        f"{ARCHIVE}issue-001.html",
    ]
    assert feed.feed.links[0].href == f"{ARCHIVE}issues.atom.xml"
    run_newsletter("discard", "2")
    assert not (folder / "issue-002.html").exists()
    assert "issue-002" not in (folder / "index.html").read_text(encoding="utf-8")
    (folder / "index.html").unlink()
    run_newsletter(*MAKE)
    assert (folder / "index.html").exists()


def test_a_version_1_ledger_is_upgraded_and_published(project, run_newsletter):
    from pipeline.newsletter import ledger

    settings(project, '[newsletter]\npublish = "due"\n')
    run_newsletter(*MAKE)
    path = project / "state" / "newsletter.db"
    with sqlite3.connect(path) as db:  # back to the first ledger's shape
        db.execute("ALTER TABLE issues DROP COLUMN page")
        db.execute("ALTER TABLE issues DROP COLUMN headings")
        db.execute("PRAGMA user_version = 1")
    (project / "outputs" / "newsletter" / "issue-001.html").unlink()
    assert run_newsletter("--date", "2026-11-30").exit_code == 0
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == ledger.VERSION
    assert "The Mummy Returns</a></h2>" in (
        project / "outputs" / "newsletter" / "issue-001.html"
    ).read_text(encoding="utf-8")


def test_the_letter_carries_the_reality_check(project, run_newsletter):
    letter_settings(project)
    run_newsletter(*MAKE)
    msg = read(eml(project))
    for part in ("plain", "html"):
        body = msg.get_body((part,)).get_content().replace("&nbsp;", " ").replace("\u00a0", " ")
        body = " ".join(body.split())
        assert (
            "Reality check: 1,673 km/h (1,040 mph) is physically absurd. About 37 times "
            "Usain Bolt’s top speed (44.72 km/h, Berlin 2009), and faster than sound" in body
        )


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("{{ collection.title }}\n{{ 1 / 0 }}\n", "mine.j2:2: template error: ZeroDivisionError"),
        ("\n\n{{ nope }}\n", "mine.j2:3: template error: 'nope' is undefined"),
        ('{{ "\\ud800" }}\n', "mine.j2: template error: the output holds U+D800"),
    ],
)
def test_a_mistake_in_the_issue_template_names_its_line(project, run_newsletter, source, message):
    (project / "mine.j2").write_text(source, encoding="utf-8")
    settings(project, '[newsletter]\ntemplate = "mine.j2"\n')
    result = run_newsletter("--dry-run", *MAKE)
    assert result.exit_code == 1
    assert message in result.stderr and "Traceback" not in result.stderr
    assert not (project / "state").exists()


RUN_CODE = '{{ cycler.__init__.__globals__.os.popen("touch MARK").read() }}'
"""A template's way to run a command, if it ran unsandboxed."""


@pytest.mark.parametrize("setting", ["subject", "preheader"])
def test_a_subject_setting_runs_no_code(project, run_newsletter, setting):
    """A settings file other people can write is no licence to run code: the subject is
    rendered in the sandbox, and what it refuses is located at the setting's line."""
    settings(project, f"# a comment\n[newsletter]\nname = \"N\"\n{setting} = '{RUN_CODE}'\n")
    result = run_newsletter("--dry-run", *MAKE)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"scenes.toml:4:1: newsletter.{setting}: template error: access to attribute '__init__'"
    )
    assert not (project / "MARK").exists()
    assert not (project / "state").exists()


@pytest.mark.parametrize(
    ("setting", "source", "message"),
    [
        ("subject", '{{ "x" * 2000000 }}', "'*' would make 2,000,000 characters or items"),
        ("subject", "{{ lipsum() }}", "'lipsum' is undefined"),
        ("preheader", "{{ (9 ** 9000) % 10 }}", "'**' would make a number of more than"),
    ],
)
def test_a_subject_setting_is_bounded(project, run_newsletter, setting, source, message):
    settings(project, f"[newsletter]\n{setting} = '{source}'\n")
    result = run_newsletter("--dry-run", *MAKE)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"scenes.toml:2:1: newsletter.{setting}: template error:")
    assert message in result.stderr


@pytest.mark.parametrize("setting", ["template", "html_template"])
def test_the_issue_templates_run_no_code(project, run_newsletter, setting):
    (project / "mine.j2").write_text(f"{{{{ name }}}}\n{RUN_CODE}\n", encoding="utf-8")
    settings(project, f'[newsletter]\n{setting} = "mine.j2"\n')
    result = run_newsletter("--dry-run", *MAKE)
    assert result.exit_code == 1
    assert "mine.j2:2: template error: access to attribute '__init__'" in result.stderr
    assert not (project / "MARK").exists()
    assert not (project / "state").exists()


def test_an_issue_template_cannot_empty_the_list_the_other_part_shows(project, run_newsletter):
    """The text and HTML templates get the same scenes: the text's cannot clear them."""
    (project / "mine.j2").write_text("{{ scenes.clear() }}\n", encoding="utf-8")
    settings(project, '[newsletter]\ntemplate = "mine.j2"\n')
    result = run_newsletter("--dry-run", *MAKE)
    assert result.exit_code == 1
    assert "mine.j2:1: template error: access to attribute 'clear'" in result.stderr


def test_a_copy_of_the_built_in_issue_templates_gives_the_golden_issue(tmp_path):
    """In the sandbox (a user's template) the letter is byte for byte the built-in one."""
    import sys

    from conftest import GOLDEN

    import pipeline
    from pipeline.newsletter import run
    from pipeline.newsletter.letter import Layout
    from pipeline.settings import settings_from
    from pipeline.templating import Template, builtin_source

    sys.path.insert(0, str(GOLDEN))
    from update import ISSUE_DAY, NEWSLETTER, NOW, ROOT

    layout = Layout(
        template=Template("mine.txt.j2", builtin_source("newsletter.txt.j2")),
        html_template=Template("mine.html.j2", builtin_source("newsletter.html.j2")),
    )
    settings = settings_from({"base_dir": str(tmp_path), "newsletter": NEWSLETTER})
    dataset = pipeline.load(ROOT / "source" / "scenes.yaml")
    run.run(dataset, settings, layout, ISSUE_DAY, tmp_path / "out", now=NOW)
    for name in ["issue-001.txt", "issue-001.html", "issue-001.eml"]:
        assert (tmp_path / "out" / name).read_bytes() == (
            GOLDEN / f"newsletter-{name}"
        ).read_bytes()


# -- what readers click and see first -------------------------------------------------------

ARTICLE = "https://runningmagazine.ca/the-scene/running-scenes-movies/"


def html_of(project, number: int = 1):
    import html5lib

    body = read(eml(project, number)).get_body(("html",)).get_content()
    return html5lib.parse(body, namespaceHTMLElements=False)


def flat(element) -> str:
    return " ".join("".join(element.itertext()).replace("\u00a0", " ").split())


def test_every_scene_links_to_its_section_of_the_article(project, run_newsletter, dataset):
    import pipeline

    letter_settings(project)
    run_newsletter(*MAKE)
    doc = html_of(project)
    headings = [h.find("a") for h in doc.iter("h2")]
    expected = [f"{ARTICLE}#{scene}" for scene in ("the-mummy-returns", "rocky-ii")]
    expected.append(f"{ARTICLE}#raiders-of-the-lost-ark")
    assert [a.get("href") for a in headings] == expected
    more = [a for a in doc.iter("a") if flat(a).startswith("Read more about")]
    assert [a.get("href") for a in more] == expected
    assert flat(more[1]) == "Read more about Rocky II"
    page = pipeline.render(dataset, "html").decode("utf-8")
    for url in expected:  # each anchor is a section of the article page
        assert f'id="{url.partition("#")[2]}"' in page
    text = read(eml(project)).get_body(("plain",)).get_content()
    assert f"Read more:\n{ARTICLE}#rocky-ii\n" in text


def test_links_follow_the_site_url(project, run_newsletter):
    letter_settings(project)
    with (project / "scenes.toml").open("a", encoding="utf-8") as toml:
        toml.write('\n[feed]\nitem_url = "https://example.org/scenes/{id}"\n')
    run_newsletter(*MAKE)
    first = next(html_of(project).iter("h2")).find("a").get("href")
    assert first == "https://example.org/scenes/the-mummy-returns"


def test_the_preheader_is_what_the_inbox_shows_first(project, run_newsletter):
    letter_settings(project)
    run_newsletter(*MAKE)
    doc = html_of(project)
    body = doc.find("body")
    first = body[0]
    assert first.get("class") == "preheader" and "display: none" in first.get("style")
    blurb = "It’s estimated that Rick O’Connell (Brendan Fraser) was running as fast as 1673 km/h"
    assert flat(first).startswith(blurb)
    assert "Read this issue on the web" not in flat(first)


def test_the_preheader_can_be_set(project, run_newsletter):
    letter_settings(project, 'preheader = "This week: {{ headings }}. Issue {{ number }}."\n')
    run_newsletter(*MAKE)
    first = html_of(project).find("body")[0]
    assert flat(first).replace("\u200c", "").rstrip() == (
        "This week: The Mummy Returns, Rocky II, Raiders of the Lost Ark. Issue 1."
    )


def test_film_titles_are_in_italics(project, run_newsletter):
    letter_settings(project)
    run_newsletter("--date", "2026-11-16")
    run_newsletter(*MAKE)
    credits = [flat(p) for p in html_of(project, 2).iter("p") if p.get("class") == "credits"]
    assert credits[0].startswith("Run Lola Run (Lola rennt, 1998), with Franka Potente")
    html = read(eml(project, 2)).get_body(("html",)).get_content()
    assert "<i>Run Lola Run</i> (<i>Lola rennt</i>, 1998), with Franka Potente" in html
    assert "<i>Dante’s Peak</i> (1997)" in html


def test_numbers_are_told_once_each_in_a_paragraph_of_its_own(project, run_newsletter):
    path = project / "source" / "scenes.yaml"
    data = path.read_text(encoding="utf-8")
    blurb = data.index("    blurb: >-\n      Given 20 minutes")
    end = data.index("    claims:", blurb)
    path.write_text(data[:blurb] + data[end:], encoding="utf-8")  # Run Lola Run, no blurb
    letter_settings(project)
    run_newsletter("--date", "2026-11-16")
    run_newsletter(*MAKE)
    numbers = [flat(p) for p in html_of(project, 2).iter("p") if p.get("class") == "numbers"]
    assert numbers[0].startswith("Time Lola has to come up with the money: 20 minutes.")
    assert numbers[1] == "Money Lola needs to save her boyfriend: 100,000 Deutsche Mark (DEM)."
    assert numbers[2].startswith("Reality check: 60 km/h (37 mph) is beyond any human.")
    text = (project / "outputs" / "newsletter" / "issue-002.txt").read_text(encoding="utf-8")
    assert "20 minutes.\n\nMoney Lola needs" in text  # no verdict for a deadline: none said
