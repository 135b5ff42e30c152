"""The sending rules of issue 23, each against a real SMTP server (aiosmtpd on 127.0.0.1) and
read back with `email` and policy.default: what a list send needs (a postal address, real
addresses), when a message is dated, one issue a run, and what a failure says."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from datetime import datetime

import pytest
from conftest import scenes_env
from helpers import (
    LIST,
    MONDAY,
    POSTAL,
    ledger_rows,
    news,
    parsed,
    settings,
    smtp_settings,
)

ME = "Me <me@example.org>"
MESSAGE_ID = "<scenes-issue-1.20261123@runningmagazine.ca>"


def nothing_made(project) -> bool:
    return ledger_rows(project) == [] and not (project / "outputs").exists()


def words(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


# -- the postal address --------------------------------------------------------------------


def test_the_postal_address_is_in_both_parts(project, run_newsletter, smtp_server):
    smtp_settings(project, smtp_server.port)
    assert run_newsletter("--date", MONDAY, "--send").exit_code == 0
    msg = parsed(smtp_server.messages[0])
    text = msg.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert "\n-- \n" in text and POSTAL in text.split("\n-- \n", 1)[1]  # each line its own
    html = msg.get_body(("html",)).get_content()
    footer = html[html.index('<div class="footer"') :]
    assert "Toronto, ON M5J 2M2<br>Canada</p>" in footer
    assert words(POSTAL) in words(re.sub(r"<[^>]+>", " ", footer))


def test_no_list_send_without_a_postal_address(project, run_newsletter, smtp_server):
    smtp_settings(project, smtp_server.port)
    toml = (project / "scenes.toml").read_text(encoding="utf-8")
    settings(project, re.sub(r"postal_address = .*\n", "", toml))
    result = run_newsletter("--date", MONDAY, "--send")
    assert result.exit_code == 1
    assert "set `postal_address`" in result.stderr and "CAN-SPAM" in result.stderr
    assert result.stderr.rstrip().endswith("nothing was made or sent")
    assert smtp_server.messages == [] and nothing_made(project)
    # A test copy needs none of it.
    assert run_newsletter("--date", MONDAY, "--send", "--to", ME).exit_code == 0
    assert [m.rcpt_tos for m in smtp_server.messages] == [["me@example.org"]]


def test_an_issue_made_before_the_address_was_set_is_made_again(
    project, run_newsletter, smtp_server
):
    smtp_settings(project, smtp_server.port)
    toml = (project / "scenes.toml").read_text(encoding="utf-8")
    settings(project, re.sub(r"postal_address = .*\n", "", toml))
    assert run_newsletter("--date", MONDAY).exit_code == 0  # cron, before the address was set
    settings(project, toml)
    result = run_newsletter("--date", MONDAY, "--send")
    assert result.exit_code == 1
    assert (
        "issue 1 was made without the postal address now set (`postal_address`) in both its text and its HTML"
        in (result.stderr)
    )
    assert "scenes newsletter discard 1" in result.stderr
    assert smtp_server.messages == [] and ledger_rows(project)[0][2] == "created"
    assert run_newsletter("discard", "1").exit_code == 0
    assert run_newsletter("--date", MONDAY, "--send").exit_code == 0
    assert "Toronto" in parsed(smtp_server.messages[0]).get_body(("plain",)).get_content()


def test_a_template_that_leaves_the_address_out_is_not_sent(project, run_newsletter, smtp_server):
    from pipeline.templating import builtin_source

    mine = builtin_source("newsletter.txt.j2").split("{% if postal_address %}")[0]
    (project / "mine.j2").write_text(mine, encoding="utf-8")
    smtp_settings(project, smtp_server.port, 'template = "mine.j2"\n')
    result = run_newsletter("--date", MONDAY, "--send")
    assert result.exit_code == 1
    assert (
        "without the postal address now set (`postal_address`) in both its text and its HTML"
        in result.stderr
    )
    assert smtp_server.messages == []


# -- reserved domains -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "setting", "domain"),
    [
        ('recipient = "Subscribers <subscribers@example.com>"', "recipient", "example.com"),
        ('recipient = "list@Lists.EXAMPLE.NET"', "recipient", "example.net"),
        ('recipient = "list@news.example.org"', "recipient", "example.org"),
        ('recipient = "list@lists.example"', "recipient", ".example"),
        ('recipient = "list@mailer.test"', "recipient", ".test"),
        ('sender = "News <news@runningmagazine.invalid>"', "sender", ".invalid"),
        ('sender = "news@localhost"', "sender", "localhost"),
        ('sender = "news@box.localhost"', "sender", ".localhost"),
        ('sender = "newsletter@example.com"', "sender", "example.com"),
    ],
)
def test_reserved_domains_are_refused_for_the_list(
    project, run_newsletter, smtp_server, line, setting, domain
):
    smtp_settings(project, smtp_server.port, f"{line}\n")
    result = run_newsletter("--date", MONDAY, "--send")
    assert result.exit_code == 1, result.output
    assert f"set `{setting}` to a real address" in result.stderr
    assert f"is in {domain}, a domain reserved for examples" in result.stderr
    assert smtp_server.messages == [] and nothing_made(project)
    # A test copy is not the list: it goes, from the same settings, and records nothing.
    test = run_newsletter("--date", MONDAY, "--send", "--to", "Me <me@mailbox.test>")
    assert test.exit_code == 0, test.output
    assert [m.rcpt_tos for m in smtp_server.messages] == [["me@mailbox.test"]]
    assert nothing_made(project)


def test_the_defaults_are_placeholders_and_say_so(project, run_newsletter, smtp_server):
    """With only `unsubscribe` set, --send once mailed subscribers@example.com and recorded
    issue 1 as sent; now it names every setting still missing, and makes nothing."""
    settings(
        project,
        '[newsletter]\nunsubscribe = "https://runningmagazine.ca/u"\n'
        f'[newsletter.smtp]\nhost = "127.0.0.1"\nport = {smtp_server.port}\nsecurity = "none"\n',
    )
    result = run_newsletter("--date", MONDAY, "--send")
    assert result.exit_code == 1
    for setting in ("postal_address", "sender", "recipient"):
        assert f"set `{setting}`" in result.stderr
    assert "newsletter@example.com is in example.com" in result.stderr
    assert smtp_server.messages == [] and nothing_made(project)


def test_an_issue_made_for_a_placeholder_list_is_made_again(project, run_newsletter, smtp_server):
    smtp_settings(project, smtp_server.port, 'recipient = "subscribers@example.com"\n')
    assert run_newsletter("--date", MONDAY).exit_code == 0  # made (cron), never sent
    smtp_settings(project, smtp_server.port)
    result = run_newsletter("--date", MONDAY, "--send")
    assert result.exit_code == 1
    assert f"issue 1 was made to subscribers@example.com (`recipient` now says {LIST})" in (
        result.stderr
    )
    assert "scenes newsletter discard 1" in result.stderr and smtp_server.messages == []


# -- the Date: when the message is handed to the server ------------------------------------

needs_faketime = pytest.mark.skipif(
    shutil.which("faketime") is None, reason="faketime is not installed (.ci/run installs it)"
)


@needs_faketime
def test_the_date_is_when_the_message_is_handed_over(project, smtp_server):
    """Issue 1 is made on 2 November (cron, without --send) and sent on 23 November: readers
    see 23 November, in the newsletter's zone; the stored issue keeps its period's Date."""
    smtp_settings(project, smtp_server.port, 'timezone = "America/Toronto"\n')
    news(project, "--date", "2026-11-02", at="2026-11-02 12:05:00")
    stored = (project / "outputs" / "newsletter" / "issue-001.eml").read_bytes()
    assert b"\nDate: Mon, 02 Nov 2026 07:00:00 -0500\n" in stored
    run = news(project, "--date", "2026-11-02", "--send", at="2026-11-23 14:15:00")
    assert "sent issue 1" in run.stderr
    msg = parsed(smtp_server.messages[0])
    sent = msg["Date"].datetime
    assert sent.utcoffset().total_seconds() == -5 * 3600  # America/Toronto in November
    assert datetime.fromisoformat("2026-11-23T09:15:00-05:00") <= sent
    assert sent <= datetime.fromisoformat("2026-11-23T09:16:00-05:00")
    # Everything else is the issue as stored: only the Date differs.
    assert re.sub(
        rb"\r?\nDate: [^\r\n]*",
        b"",
        smtp_server.messages[0].original_content.replace(b"\r\n", b"\n"),
    ) == re.sub(rb"\nDate: [^\n]*", b"", stored)
    assert (project / "outputs" / "newsletter" / "issue-001.eml").read_bytes() == stored
    index = (project / "outputs" / "newsletter" / "index.html").read_text(encoding="utf-8")
    assert "Monday 23 November 2026" in index and "2 November" not in index


def test_a_test_copy_is_dated_when_it_is_sent(project, run_newsletter, smtp_server):
    smtp_settings(project, smtp_server.port)
    before = datetime.now().astimezone()
    assert run_newsletter("--date", "2026-11-02", "--send", "--to", ME).exit_code == 0
    sent = parsed(smtp_server.messages[0])["Date"].datetime
    assert before.replace(microsecond=0) <= sent <= datetime.now().astimezone()


# -- one issue a run -------------------------------------------------------------------------


def test_catch_up_makes_issues_and_sends_only_the_newest(project, run_newsletter, smtp_server):
    smtp_settings(project, smtp_server.port)
    assert run_newsletter("--date", "2026-11-02").exit_code == 0  # made; the send failed
    result = run_newsletter("--date", MONDAY, "--catch-up", "--send")
    assert result.exit_code == 0, result.output
    assert [r[0] for r in ledger_rows(project)] == [1, 2, 3, 4]
    assert [parsed(m)["Message-ID"] for m in smtp_server.messages] == [
        MESSAGE_ID.replace("1.", "4.")
    ]
    assert [r[2] for r in ledger_rows(project)] == ["created", "created", "created", "sent"]
    for number in (1, 2, 3):
        assert (
            f"issue {number} (weekly:" in result.stderr
            and f"`scenes newsletter --send-older {number}` sends it" in result.stderr
        )
    again = run_newsletter("--date", MONDAY, "--send")
    assert again.exit_code == 0 and again.output == ""  # said once; --verbose says it again
    told = run_newsletter("--date", MONDAY, "--send", "--verbose")
    assert "--send-older 2" in told.stderr and len(smtp_server.messages) == 1
    history = run_newsletter("history").stdout.splitlines()
    rows = {line.split()[0]: line for line in history if line[:5].strip().isdigit()}
    assert [rows[n].split()[2:4] for n in "123"] == [["passed", "over"]] * 3
    assert rows["4"].split()[2] == "sent"  # its time, to the minute, in UTC
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", " ".join(rows["4"].split()[3:5]))
    column = rows["1"].index("passed over")
    assert [row[column:].split()[0] for row in rows.values()] == ["passed"] * 3 + ["sent"]
    assert (
        "issue 1 was passed over (a newer issue was sent): "
        "`scenes newsletter --send-older 1` sends it" in history
    )


def test_an_older_issue_goes_only_when_named(project, run_newsletter, smtp_server):
    smtp_settings(project, smtp_server.port)
    run_newsletter("--date", "2026-11-16")
    run_newsletter("--date", MONDAY, "--send")  # sends issue 2, passes over issue 1
    result = run_newsletter("--date", MONDAY, "--send-older", "1")
    assert result.exit_code == 0, result.output
    assert "sent issue 1" in result.stderr
    subjects = [parsed(m)["Subject"] for m in smtp_server.messages]
    assert [s.split(":")[0] for s in subjects] == ["Canadian Running #2", "Canadian Running #1"]
    assert [r[2] for r in ledger_rows(project)] == ["sent", "sent"]
    twice = run_newsletter("--date", MONDAY, "--send-older", "1")
    assert twice.exit_code == 1
    assert "issue 1 was sent at" in twice.stderr and "goes to the list once" in twice.stderr
    missing = run_newsletter("--date", MONDAY, "--send-older", "9")
    assert missing.exit_code == 1 and "there is no issue 9" in missing.stderr
    assert len(smtp_server.messages) == 2


def test_send_older_never_sends_before_the_date(project, run_newsletter, smtp_server):
    smtp_settings(project, smtp_server.port)
    run_newsletter("--date", "2099-11-23")
    result = run_newsletter("--date", "2099-11-23", "--send-older", "1")
    assert result.exit_code == 1
    assert "issue 1 is not due before Mon 23 Nov 2099 07:00 +0000" in result.stderr
    assert smtp_server.messages == []


def test_send_and_send_older_together_send_both_oldest_first(project, run_newsletter, smtp_server):
    smtp_settings(project, smtp_server.port)
    run_newsletter("--date", "2026-11-09")
    run_newsletter("--date", "2026-11-16")
    result = run_newsletter("--date", MONDAY, "--send", "--send-older", "1")
    assert result.exit_code == 0, result.output
    numbers = [parsed(m)["Subject"].split(":")[0] for m in smtp_server.messages]
    assert numbers == ["Canadian Running #1", "Canadian Running #3"]
    assert "--send-older 2" in result.stderr  # still passed over, and said so


@pytest.mark.parametrize(
    "args",
    [
        ["--send-older", "1", "--dry-run"],
        ["--send-older", "1", "--send", "--to", ME],
        ["--send-older", "0"],
        ["--send-older", "one"],
        ["--send-older", "1", "history"],
    ],
)
def test_send_older_with_what_never_reaches_the_list_is_a_usage_error(
    project, run_newsletter, smtp_server, args
):
    smtp_settings(project, smtp_server.port)
    result = run_newsletter(*args)
    assert result.exit_code == 2, result.output
    assert smtp_server.messages == [] and nothing_made(project)


# -- what a failure says ---------------------------------------------------------------------


def test_a_failed_send_says_what_was_made_and_where_it_stands(project, run_newsletter):
    smtp_settings(project, 1)  # nothing listens on port 1
    result = run_newsletter("--date", MONDAY, "--send")
    assert result.exit_code == 75
    lines = result.stderr.splitlines()
    assert lines[0].startswith("made issue 1 (weekly:2026-11-23)")
    assert lines[1].startswith("issue 1 was not sent: cannot reach the mail server 127.0.0.1:1")
    assert lines[1].endswith(
        "It is unsent ('created'); the next `scenes newsletter --send` tries again"
    )


def test_a_permanent_refusal_says_so(project, run_newsletter, smtp_server):
    smtp_settings(project, smtp_server.port)
    smtp_server.replies["RCPT"] = "550 5.1.1 No such list"
    result = run_newsletter("--date", MONDAY, "--send")
    assert result.exit_code == 69
    assert "made issue 1" in result.stderr
    assert "issue 1 was not sent: 127.0.0.1" in result.stderr and "No such list" in result.stderr
    assert "retrying will not help until the cause is fixed" in result.stderr


def test_a_dropped_connection_gives_the_exact_message_id(project, run_newsletter, smtp_server):
    smtp_settings(project, smtp_server.port)
    smtp_server.on_data = lambda: "drop"
    result = run_newsletter("--date", MONDAY, "--send")
    assert result.exit_code == 3
    assert "made issue 1" in result.stderr
    assert "issue 1 may or may not have been delivered" in result.stderr
    assert f"for Message-ID {MESSAGE_ID}, then run `scenes newsletter resolve 1 --sent`" in (
        result.stderr
    )
    assert ledger_rows(project)[0][2] == "sending"
    again = run_newsletter("--date", MONDAY, "--send")
    assert again.exit_code == 3 and MESSAGE_ID in again.stderr and "*" not in again.stderr


def test_ctrl_c_while_the_message_is_handed_over(project, smtp_server):
    """The issue was in the server's hands when Ctrl-C came: it may have been delivered, so
    it stays 'sending', and the message says so at once, with the exact Message-ID."""
    smtp_settings(project, smtp_server.port)
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "newsletter", "--date", MONDAY, "--send"],
        cwd=project,
        env=scenes_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )

    def interrupt() -> float:
        os.kill(process.pid, signal.SIGINT)
        return 3.0  # no answer before the interrupt lands

    smtp_server.on_data = interrupt
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr
    lines = stderr.splitlines()
    assert lines[0].startswith("made issue 1") and lines[1] == "interrupted"
    assert "issue 1 was being handed to the mail server: it may or may not have been" in stderr
    assert f"Message-ID {MESSAGE_ID}" in stderr and "resolve 1 --sent" in stderr
    assert ledger_rows(project)[0][2] == "sending"


def test_ctrl_c_before_the_server_has_the_message(project, run_newsletter, monkeypatch):
    from pipeline.newsletter import mailer

    def interrupted(_settings):
        raise KeyboardInterrupt

    smtp_settings(project, 1)
    monkeypatch.setattr(mailer, "connect", interrupted)
    result = run_newsletter("--date", MONDAY, "--send")
    assert result.exit_code == 130
    assert "issue 1 was not sent (interrupted before it reached the mail server)" in (result.stderr)
    assert ledger_rows(project)[0][2] == "created"


def test_ctrl_c_after_the_server_took_the_message(
    project, run_newsletter, smtp_server, monkeypatch
):
    from pipeline.newsletter import mailer

    close = mailer.close

    def interrupted(client):
        close(client)
        raise KeyboardInterrupt

    smtp_settings(project, smtp_server.port)
    monkeypatch.setattr(mailer, "close", interrupted)
    result = run_newsletter("--date", MONDAY, "--send")
    assert result.exit_code == 130
    assert f"issue 1 had been delivered to Subscribers <{LIST}>: it is recorded as sent" in (
        result.stderr
    )
    assert ledger_rows(project)[0][2] == "sent" and len(smtp_server.messages) == 1


@pytest.mark.parametrize("setting", ["sender", "recipient"])
def test_a_sender_or_recipient_of_two_mailboxes_is_a_settings_error(
    project, run_newsletter, smtp_server, setting
):
    """A From of two mailboxes needs a Sender header (RFC 5322), a To of two mails more than
    the list: one address each, located in the settings."""
    two = f'{setting} = "Scenes <news@runningmagazine.ca>, other@runningmagazine.ca"\n'
    smtp_settings(project, smtp_server.port, two)
    result = run_newsletter("--date", MONDAY, "--send")
    assert result.exit_code == 1
    lines = (project / "scenes.toml").read_text().splitlines()
    line = next(n for n, text in enumerate(lines, 1) if text.startswith(f"{setting} ="))
    assert f"scenes.toml:{line}:1: newsletter.{setting}: " in result.stderr
    assert "give one address" in result.stderr
    assert smtp_server.messages == [] and nothing_made(project)


def test_credentials_never_go_unencrypted_to_another_machine(project, run_newsletter, monkeypatch):
    """security = "none" with a user name set: the password would cross the network in the
    clear. Refused before connecting (to a server on this machine it is allowed: the tests'
    own aiosmtpd)."""
    smtp_settings(project, 25)
    text = (
        (project / "scenes.toml")
        .read_text()
        .replace('host = "127.0.0.1"', 'host = "mail.runningmagazine.ca"')
    )
    (project / "scenes.toml").write_text(text)
    monkeypatch.setenv("SCENES_SMTP_USERNAME", "editor")
    monkeypatch.setenv("SCENES_SMTP_PASSWORD", "hunter2")
    result = run_newsletter("--date", MONDAY, "--send")
    assert result.exit_code == 1
    assert 'security = "none" would send the password' in result.stderr
    assert "hunter2" not in result.stderr and nothing_made(project)
