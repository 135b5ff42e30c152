"""One newsletter run, under the ledger's lock:

1. find the period that contains today (or --date);
2. if the ledger has an issue for it, that is the issue (idempotent: same bytes, no new number);
   otherwise compose one (or one per missed period with catch-up) from the scenes not yet
   featured, and record it in a single transaction;
3. write every recorded issue's files from the ledger (so files always agree with it);
4. with send, send each unsent issue: state 'sending' is committed before the SMTP
   conversation and 'sent' after it, so a crash in between is visible and never re-sent blindly.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from pipeline import output
from pipeline.errors import NeedsDecision, NotSent, PipelineError
from pipeline.faults import crash_point
from pipeline.newsletter import ledger as ledgers
from pipeline.newsletter import mailer
from pipeline.newsletter.issues import Layout, choose, compose
from pipeline.newsletter.ledger import Issue, Ledger
from pipeline.newsletter.message import build_eml
from pipeline.newsletter.schedule import Period, Schedule
from pipeline.struct import Factory, struct

if TYPE_CHECKING:
    from pipeline.model import Dataset
    from pipeline.settings import NewsletterSettings, Settings


@struct(frozen=False)
class Report:
    """What a run did, for the CLI to tell."""

    made: list[Issue] = Factory(list)
    current: Issue | None = None
    sent: list[Issue] = Factory(list)
    notes: list[str] = Factory(list)
    preview: list[tuple[str, bytes]] = Factory(list)  # dry run: (subject, text)


def today_in(settings: NewsletterSettings) -> date:
    return datetime.now(ZoneInfo(settings.timezone)).date()


def state_dir(settings: Settings) -> Path:
    return settings.path(settings.newsletter.state_dir)


def issues_dir(settings: Settings) -> Path:
    """Where issue files go by default: `<output_dir>/newsletter`."""
    return settings.path(settings.output_dir) / "newsletter"


def run(
    dataset: Dataset,
    settings: Settings,
    layout: Layout,
    day: date,
    out_dir: Path,
    *,
    catch_up: bool = False,
    dry_run: bool = False,
    send: bool = False,
    to: str | None = None,
) -> Report:
    news = settings.newsletter
    schedule = Schedule(news.cadence, news.weekday)
    period = schedule.period_of(day)
    report = Report()
    with ledgers.open_ledger(state_dir(settings)) as ledger:
        stuck = [i for i in ledger.issues() if i.state == "sending"]
        existing = ledger.by_period(period.key)
        if existing is not None:
            report.current = existing
        else:
            _make(dataset, news, layout, ledger, schedule, period, catch_up, dry_run, report)
        if dry_run:
            if report.current is not None and not report.preview:
                report.preview.append((report.current.subject, report.current.text))
            if send and report.preview:
                _send_test(report, news, to)
            return report
        write_files(ledger.issues(), out_dir)
        if send:
            if stuck:
                raise NeedsDecision(_stuck_message(stuck))
            _send_unsent(ledger, news, report, to)
    return report


def _make(
    dataset: Dataset,
    news: NewsletterSettings,
    layout: Layout,
    ledger: Ledger,
    schedule: Schedule,
    period: Period,
    catch_up: bool,
    dry_run: bool,
    report: Report,
) -> None:
    latest = ledger.latest()
    periods = [period]
    if latest is not None:
        last = schedule.period_of(date.fromisoformat(latest.period_start))
        if last.start > period.start:
            raise PipelineError(
                f"{period.label()} is before the latest issue (#{latest.number}, "
                f"{last.label()}); issues are never made for the past"
            )
        if catch_up:
            periods = list(schedule.between(last, period))
    number = latest.number + 1 if latest else 1
    cycle = ledger.current_cycle()
    featured = ledger.featured(cycle)
    known = set(latest.known_ids) if latest else None
    for p in periods:
        picked = choose(dataset, news, featured, known, cycle)
        if picked is None:
            report.notes.append(f"every scene has been featured: no issue for {p.label()}")
            return
        next_cycle, scenes = picked
        if next_cycle != cycle:  # wrapped around: a new round of every scene begins
            cycle, featured = next_cycle, set()
        featured |= {s.id for s in scenes}
        issue = compose(dataset, news, layout, number, p, cycle, scenes)
        if dry_run:
            report.preview.append((issue.subject, issue.text))
        else:
            ledger.add(issue)
            crash_point("after-commit")
            report.made.append(issue)
        if p == period:
            report.current = None if dry_run else issue
        number += 1
        known = {s.id for s in dataset.scenes}


def issue_paths(out_dir: Path, number: int) -> tuple[Path, Path]:
    stem = f"issue-{number:03d}"
    return out_dir / f"{stem}.txt", out_dir / f"{stem}.eml"


def write_files(issues: list[Issue], out_dir: Path) -> None:
    """Make the files agree with the ledger: each issue's text and .eml, as recorded."""
    output.prepare_folder(out_dir)
    for stale in out_dir.glob(".issue-*.tmp"):  # left by a run killed mid-write
        stale.unlink(missing_ok=True)
    for issue in issues:
        text_path, eml_path = issue_paths(out_dir, issue.number)
        output.write_atomic(text_path, issue.text)
        crash_point("after-text-file")
        output.write_atomic(eml_path, issue.eml)


def _send_unsent(ledger: Ledger, news: NewsletterSettings, report: Report, to: str | None) -> None:
    for issue in ledger.issues():
        if issue.state != "created":
            continue
        ledger.set_state(issue.number, "sending", expect="created")
        crash_point("after-sending-mark")
        try:
            recipients = mailer.send(issue.eml, news.smtp, to)
        except NotSent:
            ledger.set_state(issue.number, "created", expect="sending")
            raise
        except NeedsDecision as exc:
            raise NeedsDecision(
                f"issue {issue.number}: {exc}\n" + _resolve_hint(issue.number)
            ) from None
        crash_point("after-smtp")
        ledger.set_state(issue.number, "sent", expect="sending", sent_to=recipients)
        report.sent.append(ledger.issue(issue.number) or issue)


def _send_test(report: Report, news: NewsletterSettings, to: str | None) -> None:
    """dry run + send: the preview goes to `to` (or the configured recipient), unrecorded."""
    subject, text = report.preview[0]
    now = datetime.now(UTC)  # a test message is not an issue: its own time and id
    message_id = f"scenes-test-{now:%Y%m%d%H%M%S}-{uuid.uuid4().hex[:8]}"
    eml = build_eml(news, f"[TEST] {subject}", text.decode("utf-8"), message_id, now)
    mailer.send(eml, news.smtp, to)
    report.notes.append(f"test message sent to {to or news.recipient} (not recorded)")


def discard(settings: Settings, number: int, out_dir: Path | None = None) -> Issue:
    """Drop the latest issue if unsent, and its files, so the next run makes it again."""
    folder = out_dir if out_dir is not None else issues_dir(settings)
    with ledgers.open_ledger(state_dir(settings)) as ledger:
        issue = ledger.discard(number)
        for path in issue_paths(folder, number):
            path.unlink(missing_ok=True)
    return issue


def resolve(settings: Settings, number: int, *, sent: bool) -> None:
    """A person's word on an issue left in 'sending': delivered, or not (send it again)."""
    with ledgers.open_ledger(state_dir(settings)) as ledger:
        ledger.set_state(number, "sent" if sent else "created", expect="sending")


def history(settings: Settings) -> list[Issue]:
    with ledgers.open_ledger(state_dir(settings)) as ledger:
        return ledger.issues()


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
