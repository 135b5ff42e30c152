"""Scheduled newsletter issues: numbering, the ledger, catch-up, crashes, concurrency, SMTP."""

from __future__ import annotations

import email
import email.policy
import json
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from conftest import ROOT, scenes_env
from helpers import LIST, MONDAY, issue_files, ledger_rows, news, settings, smtp_settings

from pipeline.newsletter.schedule import Period, Schedule


def assert_files_agree_with_ledger(project: Path) -> None:
    with sqlite3.connect(project / "state" / "newsletter.db") as db:
        rows = db.execute("SELECT number, text, eml FROM issues").fetchall()
    files = {k: v for k, v in issue_files(project).items() if k.endswith((".eml", ".txt"))}
    assert sorted(files) == sorted(
        f"issue-{n:03d}.{ext}" for n, _, _ in rows for ext in ("eml", "txt")
    )
    for number, text, eml in rows:
        assert files[f"issue-{number:03d}.txt"] == text
        assert files[f"issue-{number:03d}.eml"] == eml


# -- periods ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cadence", "day", "start", "end"),
    [
        ("weekly", date(2026, 11, 24), date(2026, 11, 23), date(2026, 11, 30)),
        ("weekly", date(2026, 11, 23), date(2026, 11, 23), date(2026, 11, 30)),
        ("weekly", date(2026, 11, 22), date(2026, 11, 16), date(2026, 11, 23)),
        ("daily", date(2026, 3, 8), date(2026, 3, 8), date(2026, 3, 9)),
        ("monthly", date(2026, 2, 28), date(2026, 2, 1), date(2026, 3, 1)),
        ("monthly", date(2024, 12, 31), date(2024, 12, 1), date(2025, 1, 1)),
    ],
)
def test_period_of(cadence, day, start, end):
    assert Schedule(cadence).period_of(day) == Period(start, end, cadence)


def test_periods_between_skip_nothing():
    schedule = Schedule("weekly", "friday")
    first = schedule.period_of(date(2026, 1, 2))
    later = schedule.period_of(date(2026, 1, 25))
    assert [p.start.isoformat() for p in schedule.between(first, later)] == [
        "2026-01-09",
        "2026-01-16",
        "2026-01-23",
    ]


# -- issues -------------------------------------------------------------------------------


def test_first_issue_and_its_files(project):
    run = news(project, "--date", "2026-11-25")
    assert "made issue 1 (weekly:2026-11-23)" in run.stderr
    assert ledger_rows(project) == [
        (
            1,
            "weekly:2026-11-23",
            "created",
            json.dumps(["the-mummy-returns", "rocky-ii", "raiders-of-the-lost-ark"]),
        )
    ]
    text = (project / "outputs" / "newsletter" / "issue-001.txt").read_text(encoding="utf-8")
    assert "Issue 1, week of 23 November 2026" in text
    assert "1. The Mummy Returns" in text and "3. Raiders of the Lost Ark" in text
    assert "4. Run Lola Run" not in text
    assert "\n-- \nThe whole list:" in text  # the signature separator keeps its space
    assert "UNSUB" not in text and "Tags:" not in text
    assert_files_agree_with_ledger(project)


def test_eml_is_a_proper_message(project):
    news(project, "--date", MONDAY)
    raw = (project / "outputs" / "newsletter" / "issue-001.eml").read_bytes()
    assert all(len(line) <= 78 for line in raw.splitlines())  # no unsubscribe header here
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    assert (
        msg["Subject"]
        == "Canadian Running #1: The Mummy Returns, Rocky II, Raiders of the Lost Ark"
    )
    assert msg["Message-ID"] == "<scenes-issue-1.20261123@example.com>"
    assert msg["Date"] == "Mon, 23 Nov 2026 07:00:00 +0000"
    assert msg.get_content_type() == "multipart/alternative"
    text = msg.get_body(preferencelist=("plain",))
    assert text.get_content_charset() == "utf-8"
    assert "Rick O’Connell" in text.get_content()


def test_same_period_again_reproduces_the_issue(project):
    news(project, "--date", MONDAY)
    before = issue_files(project)
    run = news(project, "--date", "2026-11-29")
    assert run.stdout == run.stderr == ""  # nothing happened: cron mails nothing
    run = news(project, "--date", "2026-11-29", "--verbose")
    assert "issue 1 (weekly:2026-11-23) already made: created" in run.stderr
    assert issue_files(project) == before
    assert len(ledger_rows(project)) == 1


def test_deleted_files_are_restored_from_the_ledger(project):
    news(project, "--date", MONDAY)
    before = issue_files(project)
    (project / "outputs" / "newsletter" / "issue-001.eml").unlink()
    news(project, "--date", MONDAY)
    assert issue_files(project) == before


def test_next_period_gets_the_next_scenes(project):
    news(project, "--date", MONDAY)
    news(project, "--date", "2026-11-30")
    rows = ledger_rows(project)
    assert [r[0] for r in rows] == [1, 2]
    assert json.loads(rows[1][3]) == ["run-lola-run", "the-day-after-tomorrow", "dantes-peak"]


def test_three_week_gap_makes_one_issue(project):
    news(project, "--date", MONDAY)
    news(project, "--date", "2026-12-16")
    assert [r[1] for r in ledger_rows(project)] == ["weekly:2026-11-23", "weekly:2026-12-14"]


def test_three_week_gap_with_catch_up_makes_one_per_period(project):
    news(project, "--date", MONDAY)
    news(project, "--date", "2026-12-16", "--catch-up")
    rows = ledger_rows(project)
    assert [r[1] for r in rows] == [
        "weekly:2026-11-23",
        "weekly:2026-11-30",
        "weekly:2026-12-07",
        "weekly:2026-12-14",
    ]
    featured = [s for r in rows for s in json.loads(r[3])]
    assert len(featured) == len(set(featured)) == 12
    assert_files_agree_with_ledger(project)


def test_all_featured_says_so_and_makes_nothing(project):
    for week in ("2026-11-23", "2026-11-30", "2026-12-07", "2026-12-14", "2026-12-21"):
        news(project, "--date", week)
    assert len(ledger_rows(project)) == 5  # 13 scenes, 3 per issue
    run = news(project, "--date", "2026-12-28")
    assert run.returncode == 0 and run.stderr == ""
    run = news(project, "--date", "2026-12-28", "-v")
    assert "every scene has been featured: no issue for week of 28 December 2026" in run.stderr
    assert len(ledger_rows(project)) == 5


def test_wrap_around_starts_a_new_round(project):
    settings(project, "[newsletter]\nscenes_per_issue = 7\nwrap_around = true\n")
    news(project, "--date", "2026-11-23")
    news(project, "--date", "2026-11-30")
    news(project, "--date", "2026-12-07")
    rows = ledger_rows(project)
    assert json.loads(rows[2][3])[0] == "the-mummy-returns"


def test_a_new_scene_is_featured_in_the_next_issue(project):
    news(project, "--date", MONDAY)
    path = project / "source" / "scenes.yaml"
    path.write_text(
        path.read_text(encoding="utf-8")
        + """
  - id: chariots-of-fire
    heading: Chariots of Fire
    films: [{title: Chariots of Fire, year: 1981}]
    blurb: The beach run.
    published: 2026-11-25T09:00:00-05:00
""",
        encoding="utf-8",
    )
    news(project, "--date", "2026-11-30")
    assert json.loads(ledger_rows(project)[1][3]) == [
        "chariots-of-fire",
        "run-lola-run",
        "the-day-after-tomorrow",
    ]


def test_dry_run_records_and_writes_nothing(project):
    run = news(project, "--date", MONDAY, "--dry-run")
    assert run.stdout.startswith("Subject: Canadian Running #1: The Mummy Returns")
    assert ledger_rows(project) == []
    assert issue_files(project) == {}


def test_a_past_date_before_the_latest_issue_is_refused(project):
    """A period already over (here 16 Nov 2026, before this test could run) gets no issue once
    a later one exists; the current period after an issue made ahead is a test in test_rules."""
    news(project, "--date", "2026-11-30")
    run = news(project, "--date", "2026-11-16", check=False)
    assert run.returncode == 1
    assert (
        "week of 16 November 2026 is before the latest issue (#1, week of 30 November 2026)"
        in run.stderr
    )


def test_history_and_discard(project):
    news(project, "--date", MONDAY)
    news(project, "--date", "2026-11-30")
    history = news(project, "history").stdout.splitlines()
    assert history[0].split() == ["ISSUE", "PERIOD", "STATE", "SENT", "(UTC)", "SCENES"]
    rows = [line.split() for line in history if line[:5].strip().isdigit()]
    assert [row[:4] for row in rows] == [
        ["1", "weekly:2026-11-23", "created", "-"],
        ["2", "weekly:2026-11-30", "created", "-"],
    ]
    assert max(map(len, history)) <= 80
    refused = news(project, "discard", "1", check=False)
    assert refused.returncode == 1 and "not the latest" in refused.stderr
    news(project, "discard", "2")
    assert [r[0] for r in ledger_rows(project)] == [1]
    assert sorted(issue_files(project)) == [  # unsent: no issue page in the archive
        "index.html",
        "issue-001.eml",
        "issue-001.txt",
        "issues.atom.xml",
    ]
    news(project, "--date", "2026-11-30")
    assert [r[0] for r in ledger_rows(project)] == [1, 2]


# -- crashes and concurrency --------------------------------------------------------------


@pytest.mark.parametrize("point", ["after-commit", "after-text-file"])
def test_killed_run_then_rerun_makes_exactly_one_issue(project, point):
    news(project, "--date", MONDAY)
    killed = news(project, "--date", "2026-11-30", crash=point, check=False)
    assert killed.returncode == -9
    news(project, "--date", "2026-11-30")
    rows = ledger_rows(project)
    assert [r[0] for r in rows] == [1, 2]
    assert not list((project / "outputs" / "newsletter").glob(".*.tmp"))
    assert_files_agree_with_ledger(project)


def test_killed_before_commit_leaves_no_trace(project):
    # Killed inside the transaction: SQLite rolls it back, so the period is simply made later.
    killed = news(project, "--date", MONDAY, crash="before-commit", check=False)
    assert killed.returncode == -9
    assert ledger_rows(project) == []
    news(project, "--date", MONDAY)
    assert [r[0] for r in ledger_rows(project)] == [1]


def test_two_runs_at_the_same_moment_make_one_issue(project):
    command = [sys.executable, "-m", "pipeline", "newsletter", "--date", MONDAY]
    runs = [
        subprocess.Popen(command, cwd=project, env=scenes_env(), stderr=subprocess.PIPE, text=True)
        for _ in range(4)
    ]
    results = [(p.wait(timeout=60), p.stderr.read()) for p in runs]
    assert [code for code, _ in results] == [0, 0, 0, 0], results
    assert sum("made issue 1" in err for _, err in results) == 1
    assert len(ledger_rows(project)) == 1
    assert_files_agree_with_ledger(project)


# -- sending ------------------------------------------------------------------------------


def test_send_through_a_real_smtp_server(project, smtp_server):
    smtp_settings(project, smtp_server.port)
    run = news(project, "--date", MONDAY, "--send")
    assert f"sent issue 1 to Subscribers <{LIST}>" in run.stderr
    (envelope,) = smtp_server.messages
    assert envelope.rcpt_tos == [LIST]
    msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
    assert (
        msg["Subject"]
        == "Canadian Running #1: The Mummy Returns, Rocky II, Raiders of the Lost Ark"
    )
    assert msg["From"] == "Scenes <news@runningmagazine.ca>"
    assert msg["Message-ID"] == "<scenes-issue-1.20261123@runningmagazine.ca>"
    assert "Issue 1, week of 23 November 2026" in msg.get_body(("plain",)).get_content()
    assert ledger_rows(project)[0][2] == "sent"
    news(project, "--date", MONDAY, "--send")  # again: nothing is sent twice
    assert len(smtp_server.messages) == 1


def test_test_send_to_yourself_records_nothing(project, smtp_server):
    smtp_settings(project, smtp_server.port)
    run = news(project, "--date", MONDAY, "--dry-run", "--send", "--to", "Me <me@example.org>")
    assert (
        "test copy of issue 1 sent to Me <me@example.org> (the ledger is unchanged)" in run.stderr
    )
    (envelope,) = smtp_server.messages
    assert envelope.rcpt_tos == ["me@example.org"]
    assert email.message_from_bytes(envelope.content, policy=email.policy.default)[
        "Subject"
    ].startswith("[TEST] Canadian Running #1")
    assert ledger_rows(project) == []


def test_unreachable_server_is_retried_later(project, smtp_server):
    smtp_settings(project, 1)  # nothing listens on port 1
    run = news(project, "--date", MONDAY, "--send", check=False)
    assert run.returncode == 75
    assert "cannot reach the mail server 127.0.0.1:1" in run.stderr
    assert ledger_rows(project)[0][2] == "created"
    smtp_settings(project, smtp_server.port)
    news(project, "--date", MONDAY, "--send")
    assert len(smtp_server.messages) == 1


def test_crash_between_sending_and_sent_is_never_resent_blindly(project, smtp_server):
    smtp_settings(project, smtp_server.port)
    killed = news(project, "--date", MONDAY, "--send", crash="after-smtp", check=False)
    assert killed.returncode == -9
    assert len(smtp_server.messages) == 1
    assert ledger_rows(project)[0][2] == "sending"
    again = news(project, "--date", MONDAY, "--send", check=False)
    assert again.returncode == 3
    assert "issue 1 was left in 'sending' by an interrupted run" in again.stderr
    assert "scenes newsletter resolve 1 --sent" in again.stderr
    assert len(smtp_server.messages) == 1
    news(project, "resolve", "1", "--sent")
    news(project, "--date", MONDAY, "--send")
    assert ledger_rows(project)[0][2] == "sent"
    assert len(smtp_server.messages) == 1


def test_crash_before_the_smtp_conversation_can_be_resolved_as_not_sent(project, smtp_server):
    smtp_settings(project, smtp_server.port)
    news(project, "--date", MONDAY, "--send", crash="after-sending-mark", check=False)
    assert smtp_server.messages == []
    news(project, "resolve", "1", "--not-sent")
    news(project, "--date", MONDAY, "--send")
    assert len(smtp_server.messages) == 1


def test_credentials_come_from_the_environment(project, smtp_server, monkeypatch):
    smtp_settings(project, smtp_server.port)
    assert "password" not in (project / "scenes.toml").read_text(encoding="utf-8")
    monkeypatch.setenv("SCENES_SMTP_USERNAME", "")
    news(project, "--date", MONDAY, "--send")
    assert len(smtp_server.messages) == 1


def test_cron_environment(project):
    """What cron gives: LC_ALL=C, a minimal PATH, no terminal."""
    env = {"PATH": "/usr/bin:/bin", "LC_ALL": "C", "PYTHONPATH": str(ROOT), "HOME": str(project)}
    run = subprocess.run(
        [sys.executable, "-m", "pipeline", "newsletter", "--date", MONDAY],
        capture_output=True,
        text=True,
        cwd=project,
        env=env,
        stdin=subprocess.DEVNULL,
    )
    assert run.returncode == 0, run.stderr
    assert "O’Connell" in (project / "outputs" / "newsletter" / "issue-001.txt").read_text(
        encoding="utf-8"
    )


def test_the_text_exports_template_never_reaches_the_newsletter(project):
    (project / "ids.j2").write_text("{% for s in scenes %}{{ s.id }}\n{% endfor %}")
    (project / "scenes.toml").write_text('[text]\ntemplate = "ids.j2"\n')
    run = news(project, "--dry-run", "--date", MONDAY)
    assert "1. The Mummy Returns" in run.stdout
    assert "It’s estimated that Rick O’Connell" in run.stdout
