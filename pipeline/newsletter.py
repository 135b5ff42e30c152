"""Scheduled newsletter issues: this period's scenes, numbered, recorded, written, sent.

One run, under the ledger's lock:
1. find the period that contains today (or --date);
2. if the ledger has an issue for it, that is the issue (idempotent: same bytes, no new number);
   otherwise compose one (or one per missed period with catch-up) from the scenes not yet
   featured, and record it in a single transaction;
3. write every recorded issue's files from the ledger (so files always agree with it);
4. with --send, send each unsent issue: state 'sending' is committed before the SMTP
   conversation and 'sent' after it, so a crash in between is visible and never re-sent blindly.
"""

from __future__ import annotations

import textwrap
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import jinja2

from pipeline import ledger as ledgers
from pipeline import mailer, output
from pipeline.diagnostics import PipelineError
from pipeline.faults import crash_point
from pipeline.ledger import Issue, Ledger
from pipeline.model import Dataset, Scene
from pipeline.schedule import Period, Schedule
from pipeline.settings import NewsletterSettings, Settings
from pipeline.writers import WriterOptions
from pipeline.writers.text import render_template

TEMPLATE = "newsletter.txt.j2"


class NeedsAttention(PipelineError):
    """An issue may or may not have been delivered: a person has to say which."""

    exit_code = 3


@dataclass
class Report:
    """What a run did, for the CLI to tell."""

    made: list[Issue] = field(default_factory=list)
    current: Issue | None = None
    sent: list[Issue] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    preview: list[tuple[str, bytes]] = field(default_factory=list)  # dry run: (subject, text)


def today_in(settings: NewsletterSettings) -> date:
    return datetime.now(ZoneInfo(settings.timezone)).date()


def state_dir(settings: Settings) -> Path:
    return settings.path(settings.newsletter.state_dir)


def run(
    dataset: Dataset,
    settings: Settings,
    options: WriterOptions,
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
            _make(dataset, settings, options, ledger, schedule, period, catch_up, dry_run, report)
        if dry_run:
            if report.current is not None and not report.preview:
                report.preview.append((report.current.subject, report.current.text))
            if send and report.preview:
                _send_test(report, news, to)
            return report
        write_files(ledger.issues(), out_dir)
        if send:
            if stuck:
                raise NeedsAttention(_stuck_message(stuck))
            _send_unsent(ledger, news, report, to)
    return report


def _make(
    dataset: Dataset,
    settings: Settings,
    options: WriterOptions,
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
        picked = choose(dataset, settings.newsletter, featured, known, cycle)
        if picked is None:
            report.notes.append(f"every scene has been featured: no issue for {p.label()}")
            return
        next_cycle, scenes = picked
        if next_cycle != cycle:  # wrapped around: a new round of every scene begins
            cycle, featured = next_cycle, set()
        featured |= {s.id for s in scenes}
        issue = compose(dataset, settings, options, number, p, cycle, scenes)
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


def choose(
    dataset: Dataset,
    news: NewsletterSettings,
    featured: set[str],
    known: set[str] | None,
    cycle: int,
) -> tuple[int, list[Scene]] | None:
    """The next scenes: new ones (added since the last issue) first, then the rest in order."""
    ordered = list(dataset.scenes)
    if news.order == "published":
        ordered.sort(key=lambda s: s.published)
    remaining = [s for s in ordered if s.id not in featured]
    if not remaining:
        if not news.wrap_around:
            return None
        cycle, remaining = cycle + 1, ordered
    if known is not None:
        remaining.sort(key=lambda s: s.id in known)  # stable: new scenes move to the front
    return cycle, remaining[: news.scenes_per_issue]


def compose(
    dataset: Dataset,
    settings: Settings,
    options: WriterOptions,
    number: int,
    period: Period,
    cycle: int,
    scenes: list[Scene],
) -> Issue:
    news = settings.newsletter
    positions = {s.id: i for i, s in enumerate(dataset.scenes, 1)}
    numbered = [SimpleNamespace(**dict(s), position=positions[s.id]) for s in scenes]
    info = SimpleNamespace(number=number, period=period.label(), start=period.start)
    text = render_template(
        TEMPLATE,
        options,
        collection=dataset.collection,
        issue=info,
        scenes=numbered,
        intro=news.intro,
        sign_off=news.sign_off,
        unsubscribe=news.unsubscribe,
    )
    subject = _subject(news, dataset, number, period, scenes)
    hour, minute = map(int, news.send_time.split(":"))
    when = period.send_time(time(hour, minute), ZoneInfo(news.timezone))
    # The Message-ID derives from the issue, so a re-send is recognisable as the same message.
    message_id = f"scenes-issue-{number}.{period.start:%Y%m%d}"
    eml = _eml(news, subject, text, message_id, format_datetime(when))
    return Issue(
        number=number,
        period=period.key,
        period_start=period.start.isoformat(),
        cycle=cycle,
        scene_ids=tuple(s.id for s in scenes),
        known_ids=tuple(s.id for s in dataset.scenes),
        subject=subject,
        text=text.encode("utf-8"),
        eml=eml,
        state="created",
        created_at="",
    )


def _subject(
    news: NewsletterSettings, dataset: Dataset, number: int, period: Period, scenes: list[Scene]
) -> str:
    try:
        rendered = (
            jinja2.Environment(undefined=jinja2.StrictUndefined)
            .from_string(news.subject)
            .render(
                title=dataset.collection.title,
                number=number,
                period=period.label(),
                headings=", ".join(s.heading for s in scenes),
            )
        )
    except jinja2.TemplateError as exc:
        raise PipelineError(f"newsletter.subject: template error: {exc}") from None
    return " ".join(rendered.split())


def _eml(
    news: NewsletterSettings, subject: str, text: str, message_id: str, date_header: str
) -> bytes:
    msg = EmailMessage()
    msg["Subject"] = subject
    msg["From"] = news.sender
    msg["To"] = news.recipient
    msg["Date"] = date_header
    domain = parseaddr(news.sender)[1].rpartition("@")[2]
    msg["Message-ID"] = f"<{message_id}@{domain}>"
    if news.unsubscribe.startswith(("http://", "https://", "mailto:")):
        msg["List-Unsubscribe"] = f"<{news.unsubscribe}>"
    msg.set_content(text, charset="utf-8")
    return _refold_headers(msg.as_bytes())


def _refold_headers(eml: bytes) -> bytes:
    """Python folds a header whose value fits a line of its own as "Name:\\n value", which many
    readers (Python's own parser included) read back with a leading space. Fold such ASCII
    headers at spaces instead, within 78 columns."""
    head, sep, body = eml.partition(b"\n\n")
    lines = head.split(b"\n")
    out: list[bytes] = []
    for line in lines:
        if out and line.startswith(b" ") and out[-1].endswith(b":") and line.isascii():
            name = out.pop()
            wrapped = textwrap.wrap(
                name.decode() + line.decode(),
                width=78,
                subsequent_indent=" ",
                break_long_words=False,
                break_on_hyphens=False,
            )
            out.extend(part.encode() for part in wrapped)
        else:
            out.append(line)
    return b"\n".join(out) + sep + body


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
        except mailer.NotSent:
            ledger.set_state(issue.number, "created", expect="sending")
            raise
        except mailer.Uncertain as exc:
            raise NeedsAttention(
                f"issue {issue.number}: {exc}\n" + _resolve_hint(issue.number)
            ) from None
        crash_point("after-smtp")
        ledger.set_state(issue.number, "sent", expect="sending", sent_to=recipients)
        report.sent.append(ledger.issue(issue.number) or issue)


def _send_test(report: Report, news: NewsletterSettings, to: str | None) -> None:
    """--dry-run --send: the preview goes to `to` (or the configured recipient), unrecorded."""
    subject, text = report.preview[0]
    now = datetime.now(UTC)  # a test message is not an issue: its own time and id
    message_id = f"scenes-test-{now:%Y%m%d%H%M%S}-{uuid.uuid4().hex[:8]}"
    eml = _eml(news, f"[TEST] {subject}", text.decode("utf-8"), message_id, format_datetime(now))
    mailer.send(eml, news.smtp, to)
    report.notes.append(f"test message sent to {to or news.recipient} (not recorded)")


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
