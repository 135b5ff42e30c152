"""A scene dated ahead waits: no issue features it before it is published. The clock is the
issue's own send time (its period's first day at `send_time`), never the time of the run, so
an issue made early, late or again is the same. A placeholder date holds nothing back."""

from __future__ import annotations

import json

from corrected import correct
from helpers import MONDAY, ledger_rows, news

CHARIOTS = """
  - id: chariots-of-fire
    heading: Chariots of Fire
    films: [{title: Chariots of Fire, year: 1981}]
    blurb: The beach run.
    published: %s
"""


def add_scene(project, published: str, unconfirmed: bool = False) -> None:
    path = project / "source" / "scenes.yaml"
    scene = CHARIOTS % published + ("    unconfirmed: [published]\n" if unconfirmed else "")
    path.write_text(path.read_text(encoding="utf-8") + scene, encoding="utf-8")


def featured(project) -> list[list[str]]:
    return [json.loads(row[3]) for row in ledger_rows(project)]


def test_a_scene_waits_for_the_first_issue_after_it_is_published(project):
    # issues go out on Mondays at 07:00 UTC (the defaults); this scene comes out on a Tuesday
    add_scene(project, "2026-12-01T09:00:00-05:00")
    news(project, "--date", MONDAY)
    dry = news(project, "--date", "2026-11-30", "--dry-run", "--verbose")
    assert "Chariots of Fire" not in dry.stdout
    assert (
        "chariots-of-fire is published 2026-12-01T09:00:00-05:00, after the issue for week of "
        "30 November 2026 is sent: it waits for the first issue sent after that"
    ) in dry.stderr
    news(project, "--date", "2026-11-30")
    news(project, "--date", "2026-12-07")
    issues = featured(project)
    assert all("chariots-of-fire" not in scenes for scenes in issues[:2])
    assert issues[2][0] == "chariots-of-fire"  # new once published: it comes first


def test_published_at_the_send_time_is_in_that_issue(project):
    add_scene(project, "2026-11-30T07:00:00+00:00")
    news(project, "--date", MONDAY)
    news(project, "--date", "2026-11-30")
    assert featured(project)[1][0] == "chariots-of-fire"


def test_the_issue_made_late_is_the_issue_made_on_time(project):
    """The run's own clock changes nothing: a late run (or --catch-up) gives each period the
    scenes published by its send time."""
    add_scene(project, "2026-12-08T09:00:00-05:00")
    news(project, "--date", MONDAY, at="2026-11-23 07:00:00")
    news(project, "--date", "2026-12-14", "--catch-up", at="2026-12-20 12:00:00")
    issues = featured(project)
    assert ["chariots-of-fire" in scenes for scenes in issues] == [False, False, False, True]


def test_a_placeholder_date_holds_nothing_back(project):
    news(project, "--date", MONDAY)
    add_scene(project, "2099-06-01T09:00:00-05:00", unconfirmed=True)
    news(project, "--date", "2026-11-30")
    assert featured(project)[1][0] == "chariots-of-fire"


def test_every_scene_out_featured_and_one_waiting(project):
    add_scene(project, "2027-06-01T09:00:00-05:00")
    for week in ("2026-11-23", "2026-11-30", "2026-12-07", "2026-12-14", "2026-12-21"):
        news(project, "--date", week)
    run = news(project, "--date", "2026-12-28", "-v")
    assert (
        "every scene published by then has been featured: no issue for week of 28 December 2026"
        in run.stderr
    )
    assert len(ledger_rows(project)) == 5
    news(project, "--date", "2027-05-31")
    assert len(ledger_rows(project)) == 5  # sent at 07:00 UTC, before 14:00 UTC that day
    news(project, "--date", "2027-06-07")
    assert featured(project)[5] == ["chariots-of-fire"]


def test_a_correction_dated_ahead_waits_too(project):
    news(project, "--date", MONDAY)  # issue 1 features rocky-ii
    correct(project, when="2026-12-01T09:00:00-05:00")
    news(project, "--date", "2026-11-30")
    news(project, "--date", "2026-12-07")
    texts = [(project / "outputs" / "newsletter" / f"issue-00{n}.txt").read_text() for n in (2, 3)]
    assert "Corrections" not in texts[0]
    assert "Corrected December 1, 2026" in " ".join(texts[1].split())
