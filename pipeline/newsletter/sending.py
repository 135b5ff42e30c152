"""Sending: a run sends the list at most one issue, the newest whose Date has come; an older
unsent issue goes only when named (`older`); a test copy goes to one address and changes
nothing in the ledger.

For the list, state 'sending' is committed before the SMTP conversation and 'sent' after it,
so a crash in between is visible and never re-sent blindly. Each message says where the issue
stands, and how to settle it when only a person can.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from pipeline.errors import Interrupted, LedgerError, NeedsDecision, NotSent, Refused
from pipeline.faults import crash_point
from pipeline.newsletter.lawful import require_issue
from pipeline.newsletter.schedule import date_of

if TYPE_CHECKING:
    from pipeline.newsletter.ledger import Issue, Ledger
    from pipeline.newsletter.mailer import Delivery
    from pipeline.newsletter.report import Report
    from pipeline.settings import NewsletterSettings

Clock = Callable[[], datetime]


def send_due(
    ledger: Ledger,
    news: NewsletterSettings,
    report: Report,
    clock: Clock,
    *,
    newest: bool = True,
    older: Sequence[int] = (),
) -> None:
    """Send the newest issue whose Date has come, if it is unsent (`newest`), and the older
    unsent issues named in `older`, oldest first. Every issue is checked before any is sent."""
    issues = ledger.issues()
    stuck = [i for i in issues if i.state == "sending"]
    if stuck:
        raise NeedsDecision(_stuck_message(stuck))
    now = clock()
    due = [i for i in issues if date_of(i.eml) <= now]
    report.held += [i for i in issues if i.state == "created" and date_of(i.eml) > now]
    chosen = {i.number: i for i in _named(issues, older, now)}
    if newest and due and due[-1].state == "created":
        chosen[due[-1].number] = due[-1]
    report.passed_over += [i for i in due[:-1] if i.state == "created" and i.number not in chosen]
    for issue in chosen.values():
        require_issue(issue, news)
    for number in sorted(chosen):
        _send_one(ledger, news, chosen[number], report, clock)


def _named(issues: list[Issue], older: Sequence[int], now: datetime) -> list[Issue]:
    """The issues named to be sent although a newer one is due: each must be unsent, and due."""
    by_number = {i.number: i for i in issues}
    named = []
    for number in sorted(set(older)):
        issue = by_number.get(number)
        if issue is None:
            raise LedgerError(
                f"--send-older {number}: there is no issue {number}; nothing was sent"
            )
        if issue.state == "sent":
            raise LedgerError(
                f"--send-older {number}: issue {number} was sent at {issue.sent_at}, and an "
                f"issue goes to the list once; nothing was sent. To send it again on purpose, "
                f"forward issue-{number:03d}.eml from a mail program"
            )
        if date_of(issue.eml) > now:
            raise LedgerError(
                f"--send-older {number}: issue {number} is not due before "
                f"{_when(issue)}, and nothing is sent before its date; nothing was sent"
            )
        named.append(issue)
    return named


def _send_one(
    ledger: Ledger, news: NewsletterSettings, issue: Issue, report: Report, clock: Clock
) -> None:
    from pipeline.newsletter import mailer  # smtplib and ssl, only when something is sent

    ledger.set_state(issue.number, "sending", expect="created")
    crash_point("after-sending-mark")
    delivery: Delivery | None = None
    handing_over = False
    try:
        client = mailer.connect(news.smtp)
        try:
            handing_over = True
            delivery = mailer.deliver(client, issue.eml, news.smtp, _local(clock, news))
        finally:
            mailer.close(client)
    except (NotSent, Refused) as exc:  # certainly not sent
        ledger.set_state(issue.number, "created", expect="sending")
        raise type(exc)(_not_sent(issue, exc)) from None
    except NeedsDecision as exc:
        raise NeedsDecision(
            f"issue {issue.number} may or may not have been delivered: {exc}. It stays "
            f"'sending', and nothing more is sent until you decide.\n{resolve_hint(issue)}"
        ) from None
    except (KeyboardInterrupt, Interrupted) as exc:
        exc.add_note(_after_interrupt(ledger, issue, handing_over, delivery))
        raise
    crash_point("after-smtp")
    _record_sent(ledger, issue, delivery)
    report.sent.append(ledger.issue(issue.number) or issue)


def _record_sent(ledger: Ledger, issue: Issue, delivery: Delivery) -> None:
    try:
        ledger.set_state(
            issue.number, "sent", expect="sending", sent_to=delivery.recipients, at=delivery.date
        )
    except (sqlite3.Error, LedgerError) as exc:
        raise NeedsDecision(
            f"issue {issue.number} was delivered to {delivery.recipients}, but the ledger could "
            f"not record it ({exc}). Once that is fixed, run `scenes newsletter resolve "
            f"{issue.number} --sent`"
        ) from None


def _after_interrupt(
    ledger: Ledger, issue: Issue, handing_over: bool, delivery: Delivery | None
) -> str:
    """Where an issue stands after Ctrl-C or SIGTERM during its send, recorded and said."""
    number = issue.number
    try:
        if delivery is not None:
            _record_sent(ledger, issue, delivery)
            return f"issue {number} had been delivered to {delivery.recipients}: it is recorded as sent"
        if not handing_over:
            ledger.set_state(number, "created", expect="sending")
            return (
                f"issue {number} was not sent (interrupted before it reached the mail server): "
                "it is unsent again, and the next `scenes newsletter --send` sends it"
            )
    except (sqlite3.Error, LedgerError, NeedsDecision) as exc:
        return f"issue {number}: {exc}"
    return (
        f"issue {number} was being handed to the mail server: it may or may not have been "
        f"delivered, so it stays 'sending' and nothing more is sent until you decide.\n"
        + resolve_hint(issue)
    )


def _not_sent(issue: Issue, exc: Exception) -> str:
    then = (
        "the next `scenes newsletter --send` tries again"
        if isinstance(exc, NotSent)
        else "retrying will not help until the cause is fixed"
    )
    return f"issue {issue.number} was not sent: {exc}. It is unsent ('created'); {then}"


def send_test(issues: list[Issue], news: NewsletterSettings, to: str, clock: Clock) -> list[str]:
    """A [TEST] copy of each issue to `to` alone: its own Message-ID and Date, as it is not the
    issue itself; the ledger never hears of it."""
    from pipeline.newsletter import mailer
    from pipeline.newsletter.message import retarget

    said = []
    for issue in issues:
        now = _local(clock, news)
        message_id = f"scenes-test-{issue.number}-{now:%Y%m%d%H%M%S}-{uuid.uuid4().hex[:8]}"
        eml = retarget(
            issue.eml, to=to, subject=f"[TEST] {issue.subject}", message_id=message_id, when=now
        )
        try:
            mailer.send(eml, news.smtp, lambda: _local(clock, news))
        except (NotSent, Refused, NeedsDecision) as exc:
            raise type(exc)(
                f"the test copy of issue {issue.number} to {to}: {exc} (the ledger is unchanged)"
            ) from None
        said.append(f"test copy of issue {issue.number} sent to {to} (the ledger is unchanged)")
    return said


def _stuck_message(stuck: list[Issue]) -> str:
    lines = [
        f"issue {i.number} was left in 'sending' by an interrupted run at {i.sending_at}: "
        "it may or may not have been delivered, so nothing is sent until you decide"
        for i in stuck
    ]
    return "\n".join([*lines, *(resolve_hint(i) for i in stuck)])


def resolve_hint(issue: Issue) -> str:
    """How a person settles an issue left in 'sending': with its exact Message-ID."""
    return (
        f"Check the mail server's log or a subscriber's inbox for Message-ID "
        f"{message_id(issue)}, then run `scenes newsletter resolve {issue.number} --sent` "
        f"(it arrived) or `scenes newsletter resolve {issue.number} --not-sent` (the next "
        "--send sends it)"
    )


def message_id(issue: Issue) -> str:
    import re

    head = issue.eml.partition(b"\n\n")[0]
    found = re.search(rb"^Message-ID:[ \t]*(<[^>\r\n]*>)", head, re.M | re.I)
    return (
        found.group(1).decode("ascii", "replace") if found else f"<scenes-issue-{issue.number}.…>"
    )


def _local(clock: Clock, news: NewsletterSettings) -> datetime:
    """The clock in the newsletter's zone, as a Date header shows it."""
    from zoneinfo import ZoneInfo

    return clock().astimezone(ZoneInfo(news.timezone))


def _when(issue: Issue) -> str:
    return date_of(issue.eml).strftime("%a %d %b %Y %H:%M %z")
