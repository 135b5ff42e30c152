"""The sending rules of issue 11, each as the operator meets it (in-process runs, real SMTP)."""

from __future__ import annotations

import itertools
import shutil
from datetime import UTC, date, datetime

import pytest
from helpers import FUTURE, LIST, MONDAY, ledger_rows, parsed, settings, smtp_settings

ME = "Me <me@example.org>"


def nothing_recorded(project) -> bool:
    return not (project / "state").exists() and not (project / "outputs").exists()


# -- 1. a dry run never reaches the list ---------------------------------------------------


def test_dry_run_send_without_to_is_a_usage_error(project, run_newsletter, smtp_server):
    smtp_settings(project, smtp_server.port)
    result = run_newsletter("--date", MONDAY, "--dry-run", "--send")
    assert result.exit_code == 2
    assert "never to the list: add --to YOUR-ADDRESS" in result.stderr
    assert smtp_server.messages == [] and nothing_recorded(project)


def test_dry_run_send_to_reaches_only_that_address(project, run_newsletter, smtp_server):
    smtp_settings(project, smtp_server.port)
    result = run_newsletter("--date", MONDAY, "--dry-run", "--send", "--to", ME)
    assert result.exit_code == 0, result.output
    (envelope,) = smtp_server.messages
    assert envelope.rcpt_tos == ["me@example.org"]
    assert parsed(envelope)["Subject"].startswith("[TEST] Canadian Running #1")
    assert nothing_recorded(project)


@pytest.mark.parametrize(
    "to",
    [
        f"me@example.org, {LIST}",  # a second address
        f"grp: me@example.org, {LIST};",  # a group
        f"me@example.org; {LIST}",  # a malformed list
        LIST,  # the list itself
        LIST.upper(),
        f"<{LIST}>",
        f"Someone <{LIST}>",
        # As a mail server reads them, these are the list too (found by a break-it pass):
        'X <"subscribers"@lists.runningmagazine.ca>',  # a quoted local part
        '"sub\\scribers"@lists.runningmagazine.ca',  # an escape inside the quotes
        "subscribers+test@lists.runningmagazine.ca",  # a sub-address most servers deliver
        "subscribers@LISTS.RunningMagazine.CA",
    ],
)
@pytest.mark.parametrize("dry_run", [(), ("--dry-run",)])
def test_a_test_copy_goes_to_one_mailbox_never_the_list(
    project, run_newsletter, smtp_server, to, dry_run
):
    smtp_settings(project, smtp_server.port)
    result = run_newsletter("--date", MONDAY, *dry_run, "--send", "--to", to)
    assert result.exit_code == 2, result.output
    assert "--to" in result.stderr and "Traceback" not in result.stderr
    assert smtp_server.messages == [] and nothing_recorded(project)


# -- 2. --send --to is a test send: the ledger never changes -------------------------------


def test_send_to_an_address_is_a_test_send(project, run_newsletter, smtp_server):
    smtp_settings(project, smtp_server.port)
    result = run_newsletter("--date", MONDAY, "--send", "--to", ME)
    assert result.exit_code == 0, result.output
    assert "test copy of issue 1 sent to Me <me@example.org> (the ledger is unchanged)" in (
        result.stderr
    )
    assert [m.rcpt_tos for m in smtp_server.messages] == [["me@example.org"]]
    assert nothing_recorded(project)
    # The real send afterwards still goes to the list, as issue 1.
    assert run_newsletter("--date", MONDAY, "--send").exit_code == 0
    assert smtp_server.messages[-1].rcpt_tos == [LIST]
    assert parsed(smtp_server.messages[-1])["Subject"].startswith("Canadian Running #1:")
    assert ledger_rows(project)[0][2] == "sent"


def test_a_test_send_of_a_sent_issue_leaves_the_ledger_as_it_was(
    project, run_newsletter, smtp_server
):
    smtp_settings(project, smtp_server.port)
    run_newsletter("--date", MONDAY, "--send")
    ledger = (project / "state" / "newsletter.db").read_bytes()
    result = run_newsletter("--date", MONDAY, "--send", "--to", ME)
    assert result.exit_code == 0
    assert [m.rcpt_tos for m in smtp_server.messages] == [[LIST], ["me@example.org"]]
    test_copy = parsed(smtp_server.messages[1])
    assert test_copy["Message-ID"] != parsed(smtp_server.messages[0])["Message-ID"]
    assert (project / "state" / "newsletter.db").read_bytes() == ledger


# -- 3. only issues whose date has come are sent -------------------------------------------


def test_an_issue_made_ahead_waits_for_its_date(project, run_newsletter, smtp_server):
    smtp_settings(project, smtp_server.port)
    result = run_newsletter("--date", FUTURE, "--send")
    assert result.exit_code == 0
    assert "made issue 1 (weekly:2099-11-23)" in result.stderr
    assert "issue 1 is not sent before its date, Mon 23 Nov 2099 07:00 +0000" in result.stderr
    assert smtp_server.messages == []
    assert ledger_rows(project)[0][2] == "created"
    folder = project / "outputs" / "newsletter"
    assert not (folder / "issue-001.html").exists()  # not published before its date either
    assert "issue-001" not in (folder / "index.html").read_text(encoding="utf-8")
    again = run_newsletter("--date", FUTURE, "--send")  # the hourly job: silent while it waits
    assert again.exit_code == 0 and again.output == ""


def test_due_is_reckoned_in_the_configured_zone(project, dataset, smtp_server):
    """Kiritimati is 14 hours ahead of UTC: its Monday 07:00 is Sunday 17:00 UTC."""
    from pipeline.newsletter import run
    from pipeline.newsletter.letter import Layout
    from pipeline.settings import load_settings

    smtp_settings(project, smtp_server.port, 'timezone = "Pacific/Kiritimati"\n')
    loaded, _ = load_settings("scenes.toml")
    monday = date(2026, 12, 7)
    out = project / "outputs" / "newsletter"
    before = datetime(2026, 12, 6, 16, 59, tzinfo=UTC)
    report = run.run(dataset, loaded, Layout(), monday, out, send=True, now=before)
    assert [i.number for i in report.held] == [1] and smtp_server.messages == []
    at = datetime(2026, 12, 6, 17, 0, tzinfo=UTC)
    report = run.run(dataset, loaded, Layout(), monday, out, send=True, now=at)
    assert [i.number for i in report.sent] == [1]
    assert parsed(smtp_server.messages[0])["Date"] == "Mon, 07 Dec 2026 07:00:00 +1400"


def test_an_issue_made_ahead_never_blocks_what_is_due(project, dataset, smtp_server):
    """Issue 1 (week of 23 Nov) unsent, issue 2 made ahead for 7 Dec: the cron run in the week
    of 30 Nov makes nothing for that week and still sends issue 1; a past date is an error."""
    from pipeline.errors import PipelineError
    from pipeline.newsletter import run
    from pipeline.newsletter.letter import Layout
    from pipeline.settings import load_settings

    smtp_settings(project, smtp_server.port)
    loaded, _ = load_settings("scenes.toml")
    out = project / "outputs" / "newsletter"
    week1 = datetime(2026, 11, 23, 9, tzinfo=UTC)
    run.run(dataset, loaded, Layout(), date(2026, 11, 23), out, now=week1)
    run.run(dataset, loaded, Layout(), date(2026, 12, 10), out, now=week1)
    week2 = datetime(2026, 12, 1, 8, tzinfo=UTC)
    report = run.run(dataset, loaded, Layout(), date(2026, 12, 1), out, send=True, now=week2)
    assert report.made == [] and [i.number for i in report.sent] == [1]
    assert [i.number for i in report.held] == [2]
    assert report.notes == [
        "no issue for week of 30 November 2026: issue 2 was made ahead for week of 7 December 2026"
    ]
    assert [m.rcpt_tos for m in smtp_server.messages] == [[LIST]]
    with pytest.raises(PipelineError, match="issues are never made for the past"):
        run.run(dataset, loaded, Layout(), date(2026, 11, 16), out, now=week2)


# -- 4. contradictory flags are usage errors -----------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["resolve", "1", "--sent", "--not-sent"],
        ["resolve", "1", "--not-sent", "--sent"],
        ["resolve", "1"],
        ["resolve", "0", "--sent"],
        ["discard", "-1"],
        ["--send", "history"],
        ["--dry-run", "resolve", "1", "--sent"],
        ["--to", "me@example.org"],
        ["--dry-run", "--to", "me@example.org"],
        ["--dry-run", "--out", "elsewhere"],
        ["--send", "--to", "me@example.org", "--out", "elsewhere"],
        ["--send", "--to", "me@example.org\nBcc: all@example.com"],
        ["--send", "--to", "not an address"],
        ["--date", "2026-13-01"],
        ["--date", "2026-02-30"],
        ["--date", "yesterday"],
        ["--date", "9999-12-31"],
        ["--date", "0001-01-01"],
        ["--date", "1899-12-31"],
    ],
)
def test_usage_errors(project, run_newsletter, args):
    result = run_newsletter(*args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "Error:" in result.stderr
    assert nothing_recorded(project)


def test_the_ends_of_the_calendar_are_explained(project, run_newsletter):
    late = run_newsletter("--date", "9999-12-31")
    assert "9999-12-31: no issue can be made for the week containing it" in late.stderr
    assert "between 1900-01-01 and 9998-12-31" in late.stderr
    early = run_newsletter("--date", "0001-01-01", "--dry-run")
    assert "0001-01-01: no issue can be made for the week" in early.stderr
    settings(project, '[newsletter]\ncadence = "monthly"\n')
    assert run_newsletter("--date", "9998-12-01", "--dry-run").exit_code == 0
    assert run_newsletter("--date", "1900-01-01", "--dry-run").exit_code == 0


def test_every_combination_of_flags_means_what_it_says(project, run_newsletter, smtp_server):
    """All 64 combinations: each is a usage error, or reaches exactly whom it says; the list
    gets at most one issue, and only from --send or --send-older without a dry run or --to."""
    smtp_settings(project, smtp_server.port)
    flags = {
        "catch_up": ["--catch-up"],
        "dry_run": ["--dry-run"],
        "send": ["--send"],
        "older": ["--send-older", "1"],
        "to": ["--to", ME],
        "out": ["--out", "outputs/newsletter"],
    }
    for chosen in itertools.product([False, True], repeat=len(flags)):
        on = dict(zip(flags, chosen, strict=True))
        args = ["--date", MONDAY] + [a for name, a in flags.items() if on[name] for a in a]
        for folder in ("state", "outputs"):
            shutil.rmtree(project / folder, ignore_errors=True)
        smtp_server.messages.clear()
        result = run_newsletter(*args)
        looking = on["dry_run"] or on["to"]
        usage = (
            (on["to"] and not on["send"])
            or (on["dry_run"] and on["send"] and not on["to"])
            or (on["out"] and looking)
            or (on["older"] and looking)
        )
        assert result.exit_code == (2 if usage else 0), (args, result.output)
        reached = [m.rcpt_tos for m in smtp_server.messages]
        if usage:
            expected = []
        elif on["to"]:
            expected = [["me@example.org"]]
        else:
            expected = [[LIST]] if on["send"] or on["older"] else []
        assert reached == expected, args
        assert (project / "state").exists() == (not usage and not looking), args


# -- 5. silence when nothing happened ------------------------------------------------------


def test_nothing_happened_says_nothing(project, run_newsletter, smtp_server):
    smtp_settings(project, smtp_server.port)
    first = run_newsletter("--date", MONDAY, "--send")
    assert "made issue 1" in first.stderr and "sent issue 1" in first.stderr
    again = run_newsletter("--date", MONDAY, "--send")
    assert again.exit_code == 0 and again.output == ""
    told = run_newsletter("--date", MONDAY, "--send", "--verbose")
    assert "issue 1 (weekly:2026-11-23) already made: sent" in told.stderr


# -- 6. a permanent refusal has its own exit code ------------------------------------------


@pytest.mark.parametrize(
    ("command", "reply", "code"),
    [
        ("RCPT", "550 5.1.1 No such list", 69),
        ("DATA", "554 5.7.1 Message rejected as spam", 69),
        ("RCPT", "450 4.2.1 Mailbox busy, try later", 75),
        ("DATA", "451 4.3.0 Local error, try later", 75),
    ],
)
def test_refusals(project, run_newsletter, smtp_server, command, reply, code):
    smtp_settings(project, smtp_server.port)
    smtp_server.replies[command] = reply
    result = run_newsletter("--date", MONDAY, "--send")
    assert result.exit_code == code
    assert reply.split(" ", 1)[1] in result.stderr
    assert ledger_rows(project)[0][2] == "created"  # certainly not sent: the next run may try
    del smtp_server.replies[command]
    assert run_newsletter("--date", MONDAY, "--send").exit_code == 0
    assert len(smtp_server.messages) == 1


def test_a_test_send_with_nothing_to_send_says_so(project, run_newsletter, smtp_server):
    smtp_settings(project, smtp_server.port, "scenes_per_issue = 13\n")
    run_newsletter("--date", "2026-11-16")  # every scene, in one issue
    result = run_newsletter("--date", MONDAY, "--send", "--to", ME)
    assert result.exit_code == 0 and result.stdout == ""
    assert "every scene has been featured: no issue for week of 23 November 2026" in result.stderr
    assert smtp_server.messages == []


@pytest.mark.parametrize(
    ("day", "said"),
    [
        ("2026-02-29", "is not a day of the calendar"),
        ("2026-13-01", "is not a day of the calendar"),
        ("2026-04-31", "is not a day of the calendar"),
        ("26-1-1", "is not a date as YYYY-MM-DD"),
        ("2026-11-30T00:00", "is not a date as YYYY-MM-DD"),
        ("tomorrow", "is not a date as YYYY-MM-DD"),
    ],
)
def test_a_day_that_does_not_exist_is_told_from_a_malformed_one(project, run_newsletter, day, said):
    result = run_newsletter("--date", day, "--dry-run")
    assert result.exit_code == 2 and said in result.stderr, result.stderr
    assert nothing_recorded(project)
    assert run_newsletter("--date", "2024-02-29", "--dry-run").exit_code == 0  # a leap day


def test_a_test_copy_may_go_to_an_international_mailbox(project, run_newsletter):
    """RFC 6531: a local part beyond ASCII is a mailbox (for servers that speak SMTPUTF8),
    not 'more than one address'."""
    result = run_newsletter("--date", MONDAY, "--dry-run", "--send", "--to", "josé@example.org")
    assert "give one address" not in result.stderr
