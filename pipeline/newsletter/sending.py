"""Sending: the list gets each unsent issue once its Date has come; a test copy goes to one
address and changes nothing in the ledger.

For the list, state 'sending' is committed before the SMTP conversation and 'sent' after it,
so a crash in between is visible and never re-sent blindly.
"""

from __future__ import annotations

import sqlite3
import uuid
from datetime import datetime
from typing import TYPE_CHECKING

from pipeline.errors import LedgerError, NeedsDecision, NotSent, Refused, SettingsError
from pipeline.faults import crash_point
from pipeline.newsletter.schedule import date_of

if TYPE_CHECKING:
    from pipeline.newsletter.ledger import Issue, Ledger
    from pipeline.newsletter.report import Report
    from pipeline.settings import NewsletterSettings

NO_UNSUBSCRIBE = (
    "`--send` sends to the list only with an unsubscribe link: set `unsubscribe` in the "
    "[newsletter] section of scenes.toml to the https:// URL (or mailto: address) where readers "
    "unsubscribe, then run again; nothing was made or sent"
)


def require_unsubscribe(news: NewsletterSettings) -> None:
    if news.unsubscribe is None:
        raise SettingsError(NO_UNSUBSCRIBE)


def send_due(ledger: Ledger, news: NewsletterSettings, report: Report, now: datetime) -> None:
    """Send every unsent issue whose Date has come, oldest first; later ones wait."""
    stuck = [i for i in ledger.issues() if i.state == "sending"]
    if stuck:
        raise NeedsDecision(_stuck_message(stuck))
    for issue in ledger.issues():
        if issue.state != "created":
            continue
        if date_of(issue.eml) > now:
            report.held.append(issue)
            continue
        _check_unsubscribe(issue)
        _send_one(ledger, news, issue, report)


def _send_one(ledger: Ledger, news: NewsletterSettings, issue: Issue, report: Report) -> None:
    from pipeline.newsletter import mailer  # smtplib and ssl, only when something is sent

    ledger.set_state(issue.number, "sending", expect="created")
    crash_point("after-sending-mark")
    try:
        recipients = mailer.send(issue.eml, news.smtp)
    except (NotSent, Refused):
        ledger.set_state(issue.number, "created", expect="sending")
        raise
    except NeedsDecision as exc:
        raise NeedsDecision(
            f"issue {issue.number}: {exc}\n" + _resolve_hint(issue.number)
        ) from None
    crash_point("after-smtp")
    try:
        ledger.set_state(issue.number, "sent", expect="sending", sent_to=recipients)
    except (sqlite3.Error, LedgerError) as exc:
        raise NeedsDecision(
            f"issue {issue.number} was delivered to {recipients}, but the ledger could not "
            f"record it ({exc}). Once that is fixed, run `scenes newsletter resolve "
            f"{issue.number} --sent`"
        ) from None
    report.sent.append(ledger.issue(issue.number) or issue)


def _check_unsubscribe(issue: Issue) -> None:
    """An issue made before `unsubscribe` was set carries no link: it must be made again."""
    head = issue.eml.partition(b"\n\n")[0].lower()
    if b"\nlist-unsubscribe:" not in head:
        raise SettingsError(
            f"issue {issue.number} was made without an unsubscribe link, so it is not sent: "
            f"run `scenes newsletter discard {issue.number}`, then `scenes newsletter --send` "
            "makes it again with the link"
        )


def send_test(issues: list[Issue], news: NewsletterSettings, to: str, now: datetime) -> list[str]:
    from pipeline.newsletter import mailer
    from pipeline.newsletter.message import retarget

    """A [TEST] copy of each issue to `to` alone: its own Message-ID and Date, as it is not the
    issue itself; the ledger never hears of it."""
    said = []
    for issue in issues:
        message_id = f"scenes-test-{issue.number}-{now:%Y%m%d%H%M%S}-{uuid.uuid4().hex[:8]}"
        eml = retarget(
            issue.eml, to=to, subject=f"[TEST] {issue.subject}", message_id=message_id, when=now
        )
        mailer.send(eml, news.smtp)
        said.append(f"test copy of issue {issue.number} sent to {to} (the ledger is unchanged)")
    return said


def _stuck_message(stuck: list[Issue]) -> str:
    lines = [
        f"issue {i.number} was left in 'sending' by an interrupted run at {i.sending_at}: "
        "it may or may not have been delivered"
        for i in stuck
    ]
    return "\n".join([*lines, *(_resolve_hint(i.number) for i in stuck)])


def _resolve_hint(number: int) -> str:
    return (
        f"check the mail server's log or a subscriber's inbox for Message-ID scenes-issue-{number}.*, "
        f"then run `scenes newsletter resolve {number} --sent` or `--not-sent`"
    )
