"""Rule 7 of issue 11: every fault ends in a documented state and a message, never a
traceback. In-process runs against a real SMTP server and real SQLite files."""

from __future__ import annotations

import errno
import shutil
import sqlite3

import pytest
from helpers import MONDAY, ledger_rows, parsed, settings, smtp_settings

from pipeline import portable
from pipeline.newsletter import store


def no_traceback(result) -> None:
    assert "Traceback" not in result.output


# -- the mail server -----------------------------------------------------------------------


def test_quit_error_after_the_message_was_accepted_means_sent(project, run_newsletter, smtp_server):
    smtp_settings(project, smtp_server.port)
    smtp_server.replies["QUIT"] = "421 4.4.2 Closing anyway"
    result = run_newsletter("--date", MONDAY, "--send")
    assert result.exit_code == 0, result.output
    assert len(smtp_server.messages) == 1 and ledger_rows(project)[0][2] == "sent"


def test_quit_error_after_a_refusal_means_not_sent(project, run_newsletter, smtp_server):
    smtp_settings(project, smtp_server.port)
    smtp_server.replies.update({"DATA": "451 4.3.0 Try later", "QUIT": "421 4.4.2 Bye"})
    result = run_newsletter("--date", MONDAY, "--send")
    assert result.exit_code == 75
    assert "refused the message: 451 4.3.0 Try later" in result.stderr
    no_traceback(result)
    assert ledger_rows(project)[0][2] == "created"


INTERNATIONAL = 'recipient = "Abonnés <abonnés@exämple.ca>"\n'


def test_international_address_without_smtputf8_is_certainly_not_sent(
    project, run_newsletter, smtp_server
):
    smtp_settings(project, smtp_server.port, INTERNATIONAL)
    result = run_newsletter("--date", MONDAY, "--send")
    assert result.exit_code == 69
    assert "does not support internationalised addresses (SMTPUTF8)" in result.stderr
    assert smtp_server.messages == [] and ledger_rows(project)[0][2] == "created"


def test_international_address_with_smtputf8_is_delivered(project, run_newsletter, smtputf8_server):
    smtp_settings(project, smtputf8_server.port, INTERNATIONAL)
    assert run_newsletter("--date", MONDAY, "--send").exit_code == 0
    (envelope,) = smtputf8_server.messages
    assert envelope.rcpt_tos == ["abonnés@exämple.ca"]
    assert "SMTPUTF8" in envelope.mail_options
    assert str(parsed(envelope)["To"]) == "Abonnés <abonnés@exämple.ca>"


# -- settings and flags that would inject headers ------------------------------------------


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ('sender = "News <news@example.com>\\nBcc: all@example.com"', "newsletter.sender"),
        ('recipient = "list@example.com\\r\\nBcc: all@example.com"', "newsletter.recipient"),
        ('unsubscribe = "https://example.com/u\\nBcc: all@example.com"', "newsletter.unsubscribe"),
        ('unsubscribe = "*|UNSUB|*"', "newsletter.unsubscribe"),
        ('recipient = "list@lists.runningmagazine.ca."', "newsletter.recipient"),
        ('postal_address = "1 Front St\\tToronto"', "newsletter.postal_address"),
        ('name = "Scenes\\nBcc: all@example.com"', "newsletter.name"),
    ],
)
def test_line_breaks_in_addresses_are_refused_with_file_and_line(
    project, run_newsletter, line, field
):
    settings(project, f'[newsletter]\ncadence = "weekly"\n{line}\n')
    result = run_newsletter("--date", MONDAY, "--dry-run")
    assert result.exit_code == 1
    assert f"scenes.toml:3:1: {field}: " in result.stderr
    no_traceback(result)
    assert not (project / "state").exists()


# -- the ledger ----------------------------------------------------------------------------


def test_ledger_held_by_another_program_is_busy(project, run_newsletter, monkeypatch):
    assert run_newsletter("--date", MONDAY).exit_code == 0
    monkeypatch.setattr(store, "WAIT_SECONDS", 0.2)
    other = sqlite3.connect(project / "state" / "newsletter.db", isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # e.g. a backup, or sqlite3 left open in a transaction
    try:
        result = run_newsletter("--date", "2026-11-30")
    finally:
        other.close()
    assert result.exit_code == 75
    assert "another program is using the ledger" in result.stderr
    assert "not a usable ledger" not in result.stderr
    assert len(ledger_rows(project)) == 1


def test_ledger_locked_by_another_run_is_busy(project, run_newsletter, monkeypatch):
    monkeypatch.setattr(store, "WAIT_SECONDS", 0.2)
    (project / "state").mkdir()
    with portable.file_lock(project / "state" / "newsletter.lock"):
        result = run_newsletter("--date", MONDAY)
    assert result.exit_code == 75
    assert "another `scenes newsletter` is running" in result.stderr


@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_damaged_ledger_names_the_file_and_the_way_back(project, run_newsletter, damage):
    run_newsletter("--date", MONDAY)
    run_newsletter("--date", "2026-11-30")
    path = project / "state" / "newsletter.db"
    data = path.read_bytes()
    if damage == "garbage":
        path.write_bytes(b"this is not a database\n" * 200)
    else:
        path.write_bytes(data[:100] + b"\0" * 200 + data[300 : len(data) // 2])
    result = run_newsletter("--date", "2026-12-07")
    assert result.exit_code == 1
    assert f"{path.relative_to(project)}: the ledger is damaged" in result.stderr
    assert "Restore it from your latest backup" in result.stderr
    no_traceback(result)


@pytest.mark.parametrize("how", ["deleted", "emptied", "older-backup"])
def test_a_ledger_that_lost_issues_the_files_have_is_refused(project, run_newsletter, how):
    run_newsletter("--date", MONDAY)
    path = project / "state" / "newsletter.db"
    shutil.copy(path, project / "backup.db")
    run_newsletter("--date", "2026-11-30")
    if how == "deleted":
        path.unlink()
    elif how == "emptied":
        path.write_bytes(b"")
    else:
        shutil.copy(project / "backup.db", path)
    for args in (["--date", "2026-12-07"], ["--date", "2026-12-07", "--dry-run"]):
        result = run_newsletter(*args)
        assert result.exit_code == 1
        lost = "issue 2" if how == "older-backup" else "issues 1–2"
        assert f"holds the files of {lost}, which the ledger does not have" in result.stderr
        assert "Restore the ledger from your latest backup" in result.stderr
    assert len(ledger_rows(project)) == (1 if how == "older-backup" else 0)


def test_a_ledger_from_elsewhere_is_refused(project, run_newsletter):
    settings(project, '[newsletter]\nsender = "Elsewhere <x@elsewhere.example>"\n')
    run_newsletter("--date", MONDAY)
    (project / "state" / "newsletter.db").rename(project / "elsewhere.db")
    (project / "scenes.toml").unlink()
    shutil.rmtree(project / "outputs")
    run_newsletter("--date", MONDAY)
    shutil.copy(project / "elsewhere.db", project / "state" / "newsletter.db")
    result = run_newsletter("--date", "2026-11-30")
    assert result.exit_code == 1
    assert "issue 1, which differ from the ledger's" in result.stderr


def test_full_disk_while_recording_leaves_the_ledger_as_it_was(
    project, run_newsletter, monkeypatch
):
    run_newsletter("--date", MONDAY)
    connect = sqlite3.connect

    def small_disk(*args, **kwargs):
        db = connect(*args, **kwargs)
        pages = db.execute("PRAGMA page_count").fetchone()[0]
        db.execute(f"PRAGMA max_page_count = {pages}")  # SQLite's own "disk full" (SQLITE_FULL)
        return db

    monkeypatch.setattr(store.sqlite3, "connect", small_disk)
    result = run_newsletter("--date", "2026-11-30")
    assert result.exit_code == 1
    assert "the disk is full; nothing was recorded and the ledger is as it was" in result.stderr
    no_traceback(result)
    monkeypatch.setattr(store.sqlite3, "connect", connect)
    assert [r[0] for r in ledger_rows(project)] == [1]
    assert run_newsletter("--date", "2026-11-30").exit_code == 0
    assert [r[0] for r in ledger_rows(project)] == [1, 2]


def test_full_disk_while_writing_files_keeps_the_issue_for_the_next_run(
    project, run_newsletter, monkeypatch
):
    from pipeline import output

    def full(_fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    fsync = output.os.fsync
    monkeypatch.setattr(output.os, "fsync", full)
    result = run_newsletter("--date", MONDAY)
    assert result.exit_code == 1
    assert "not written (the disk is full); the previous file is intact" in result.stderr
    monkeypatch.setattr(output.os, "fsync", fsync)
    assert [r[0] for r in ledger_rows(project)] == [1]  # recorded before its files
    assert run_newsletter("--date", MONDAY).exit_code == 0
    assert (project / "outputs" / "newsletter" / "issue-001.eml").exists()


# -- dry runs ------------------------------------------------------------------------------


def test_dry_run_creates_nothing(project, run_newsletter):
    result = run_newsletter("--date", MONDAY, "--dry-run")
    assert result.exit_code == 0 and result.stdout.startswith("Subject: Canadian Running #1")
    assert sorted(p.name for p in project.iterdir()) == ["source"]


def test_dry_run_reads_a_read_only_ledger(project, run_newsletter):
    run_newsletter("--date", MONDAY)
    state = project / "state"
    (state / "newsletter.lock").unlink(missing_ok=True)  # (a lock file held only while a run is)
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in state.iterdir()}
    (state / "newsletter.db").chmod(0o444)
    state.chmod(0o555)
    try:
        result = run_newsletter("--date", "2026-11-30", "--dry-run")
        history = run_newsletter("history")
    finally:
        state.chmod(0o755)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Subject: Canadian Running #2: Run Lola Run")
    assert history.stdout.splitlines()[1].split()[:3] == ["1", "weekly:2026-11-23", "created"]
    assert {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in state.iterdir()} == before
