"""Corrections in the newsletter: a sent issue is never sent again; the next issue carries a
short Corrections section for the scenes an earlier issue featured, each correction once."""

from __future__ import annotations

import html5lib
from corrected import LINE, correct
from helpers import MONDAY, news, parsed, smtp_settings

LATER = "2026-12-20 12:00:00"
"""The clock (UTC) for the sends: every issue below is due by then."""


def test_the_next_issue_carries_each_correction_once(project, smtp_server):
    smtp_settings(project, smtp_server.port)
    news(project, "--date", MONDAY, "--send", at=LATER)  # issue 1: Mummy, Rocky II, Raiders
    correct(project)
    news(project, "--date", "2026-11-30", "--send", at=LATER)
    news(project, "--date", "2026-12-07", "--send", at=LATER)
    assert len(smtp_server.messages) == 3  # a sent issue is never sent again
    first, second, third = (parsed(m) for m in smtp_server.messages)
    assert "Corrections" not in first.get_body(("plain",)).get_content().replace("\r\n", "\n")

    plain = second.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert plain.count("Corrections\n-----------") == 1
    assert " ".join(plain.split()).count("Corrected ") == 1
    assert f"2. Rocky II (issue 1). {LINE}" in " ".join(plain.split())
    html = html5lib.parse(second.get_body(("html",)).get_content(), namespaceHTMLElements=False)
    lines = [p for p in html.iter("p") if p.get("class") == "correction"]
    assert len(lines) == 1
    assert " ".join("".join(lines[0].itertext()).split()) == f"2. Rocky II (issue 1). {LINE}"
    assert lines[0].find("a").get("href").endswith("#rocky-ii")

    assert "Corrections" not in third.get_body(("plain",)).get_content().replace(
        "\r\n", "\n"
    )  # carried once
    correct(project, when="2026-12-10T09:00:00-05:00", text="A second fix.")
    news(project, "--date", "2026-12-14", "--send", at=LATER)
    fourth = (
        parsed(smtp_server.messages[3]).get_body(("plain",)).get_content().replace("\r\n", "\n")
    )
    assert "2. Rocky II (issue 1). Corrected December 10, 2026: A second fix." in " ".join(
        fourth.split()
    )


def test_a_scene_corrected_before_it_is_featured_needs_no_correction_line(project):
    correct(project, "forrest-gump")  # featured in issue 3 for the first time
    for day in (MONDAY, "2026-11-30", "2026-12-07", "2026-12-14"):
        news(project, "--date", day)
    texts = [
        (project / "outputs" / "newsletter" / f"issue-00{n}.txt").read_text() for n in (1, 2, 3, 4)
    ]
    assert "Forrest Gump" in texts[2]
    assert not any("Corrections" in text for text in texts)


def test_a_dry_run_shows_the_corrections_and_records_none(project):
    news(project, "--date", MONDAY)
    correct(project)
    dry = news(project, "--date", "2026-11-30", "--dry-run")
    assert "Corrections" in dry.stdout
    news(project, "--date", "2026-11-30")
    text = (project / "outputs" / "newsletter" / "issue-002.txt").read_text()
    assert "Rocky II (issue 1). Corrected" in " ".join(text.split())


def test_a_discarded_issue_gives_its_corrections_back(project):
    news(project, "--date", MONDAY)
    correct(project)
    news(project, "--date", "2026-11-30")
    news(project, "discard", "2")
    news(project, "--date", "2026-11-30")
    text = (project / "outputs" / "newsletter" / "issue-002.txt").read_text()
    assert "Rocky II (issue 1). Corrected" in " ".join(text.split())


def test_a_renamed_scene_is_not_featured_again_nor_new(project):
    news(project, "--date", MONDAY)
    path = project / "source" / "scenes.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("  - id: rocky-ii\n", "  - id: rocky-2\n    former_ids: [rocky-ii]\n"),
        encoding="utf-8",
    )
    correct(project, "rocky-2")
    news(project, "--date", "2026-11-30")
    second = (project / "outputs" / "newsletter" / "issue-002.txt").read_text()
    assert "Rocky II (issue 1). Corrected" in " ".join(second.split())
    assert "2. Rocky II\n" not in second  # not featured a second time
