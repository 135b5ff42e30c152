"""One newsletter run, under the ledger's lock:

1. find the period that contains today (or --date);
2. if the ledger has an issue for it, that is the issue (idempotent: same bytes, no new number);
   otherwise compose one (or one per missed period with catch-up) from the scenes not yet
   featured, and record it in a single transaction;
3. write every recorded issue's files and the web archive from the ledger (so they agree);
4. with send, send the list the newest issue whose Date has come, if it is unsent: at most one
   issue a run, older unsent ones only when named (`send_older`; see `sending`); then the
   archive again, which publishes an issue once it is sent.

A dry run and a test send (`to`) open the ledger read-only: they record, write and mark nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from pipeline.errors import PipelineError, UsageError
from pipeline.faults import crash_point
from pipeline.newsletter import files, lawful, sending
from pipeline.newsletter.archive import write_archive
from pipeline.newsletter.brand import brand_of
from pipeline.newsletter.issues import (
    choose,
    compose,
    corrections_due,
    page_name,
    send_time,
    waiting,
)
from pipeline.newsletter.ledger import Issue, Ledger
from pipeline.newsletter.report import Report
from pipeline.newsletter.schedule import Period, Schedule
from pipeline.newsletter.store import LEDGER, open_ledger

if TYPE_CHECKING:
    from pipeline.model import Dataset
    from pipeline.newsletter.letter import Layout
    from pipeline.settings import NewsletterSettings, Settings


def today_in(settings: NewsletterSettings) -> date:
    return datetime.now(ZoneInfo(settings.timezone)).date()


def state_dir(settings: Settings) -> Path:
    return settings.path(settings.newsletter.state_dir)


def issues_dir(settings: Settings) -> Path:
    """Where issue files go by default: `<output_dir>/newsletter`."""
    return settings.path(settings.output_dir) / "newsletter"


def check_options(
    *,
    dry_run: bool,
    send: bool,
    to: str | None,
    recipient: str | None = None,
    send_older: Sequence[int] = (),
) -> None:
    """Combinations that mean nothing sensible, or something the operator did not mean."""
    from pipeline.setting_rules import one_mailbox, same_mailbox

    if to is not None:
        try:
            one_mailbox(to)
        except ValueError as exc:
            raise UsageError(f"--to {exc}") from None
    if to is not None and recipient and same_mailbox(to, recipient):
        raise UsageError(
            f"--to {to}: that is the list address ([newsletter] recipient); a test copy goes"
            " to one person, and the list gets an issue only from --send without --to"
        )
    if to is not None and not send:
        raise UsageError("--to names where --send sends a test copy: add --send")
    if dry_run and send and to is None:
        raise UsageError(
            "--dry-run --send sends a test copy, never to the list: add --to YOUR-ADDRESS"
        )
    if send_older and (dry_run or to is not None):
        raise UsageError(
            "--send-older sends that issue to the list; a dry run or a test copy (--to) never "
            "reaches the list: run them separately"
        )


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
    send_older: Sequence[int] = (),
    now: datetime | None = None,
    report: Report | None = None,
) -> Report:
    """`to` makes the run a test send: a copy to that address only, nothing recorded. `send`
    sends the list the newest issue due; `send_older` the older unsent issues named. `now`
    stands for the clock (what is due, and the Date of what is sent); `report`, when given,
    is filled in as the run goes, so what was done is known even when the run fails."""
    check_options(
        dry_run=dry_run,
        send=send,
        to=to,
        recipient=settings.newsletter.recipient,
        send_older=send_older,
    )
    clock = (lambda: now) if now is not None else (lambda: datetime.now(UTC))
    news = settings.newsletter
    schedule = Schedule(news.cadence, news.weekday)
    period = schedule.period_of(day)
    looking = dry_run or to is not None
    to_list = (send and not looking) or bool(send_older)
    if to_list:
        lawful.require_settings(news)
    if send and not dry_run:  # a list send or a test copy: the mail server's settings hold
        from pipeline.newsletter.mailer import refuse_clear_credentials

        refuse_clear_credentials(news.smtp)
    report = report if report is not None else Report()
    brand = brand_of(dataset, settings)
    folder = state_dir(settings)
    with open_ledger(folder, read_only=looking) as ledger:
        files.check_agreement(ledger, out_dir, folder / LEDGER)
        report.current = ledger.by_period(period.key)
        if report.current is None:
            zone = ZoneInfo(news.timezone)
            today = schedule.period_of(clock().astimezone(zone).date())
            made = _make(
                dataset, settings, layout, ledger, schedule, period, catch_up, report, today
            )
            if looking:
                report.preview = made
            else:
                _record(ledger, made, report, period)
        elif looking:
            report.preview = [report.current]
        if looking:
            if to is not None:
                report.said += sending.send_test(report.preview, news, to, clock)
            return report
        files.write_files(ledger.issues(), out_dir)
        write_archive(ledger.issues(), out_dir, news, brand, clock())
        if to_list:
            try:
                sending.send_due(ledger, news, report, clock, newest=send, older=tuple(send_older))
            finally:
                if report.sent:  # now published (the default rule): the archive says so
                    write_archive(ledger.issues(), out_dir, news, brand, clock())
    return report


def _make(
    dataset: Dataset,
    settings: Settings,
    layout: Layout,
    ledger: Ledger,
    schedule: Schedule,
    period: Period,
    catch_up: bool,
    report: Report,
    today: Period,
) -> list[Issue]:
    """The issues to make now, composed but not recorded (a dry run shows them). A period that
    has not ended, lying before an issue made ahead, gets none: that issue stands for it, and
    what is due is still sent. Only a period already past is an error (a mistyped --date)."""
    news = settings.newsletter
    latest = ledger.latest()
    periods = [period]
    if latest is not None:
        last = schedule.period_of(date.fromisoformat(latest.period_start))
        if last.start > period.start and period.start >= today.start:
            report.notes.append(
                f"no issue for {period.label()}: issue {latest.number} was made ahead for "
                f"{last.label()}"
            )
            return []
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
    ever, carried = ledger.last_featured(), ledger.carried()
    made: list[Issue] = []
    for p in periods:
        when = send_time(news, p)
        picked = choose(dataset, news, featured, known, cycle, when)
        if picked is None:
            report.notes.append(_none_left(dataset, when, p))
            break
        next_cycle, scenes = picked
        if next_cycle != cycle:  # wrapped around: a new round of every scene begins
            cycle, featured = next_cycle, set()
        featured |= {s.id for s in scenes}
        due = corrections_due(dataset, ever, carried, when)
        made.append(compose(dataset, settings, layout, number, p, cycle, scenes, due))
        carried |= set(made[-1].corrected)
        ever |= {s.id: number for s in scenes}
        number += 1
        known = set(made[-1].known_ids)
    last = periods[-1]
    report.notes += [
        f"{s.id} is published {s.published.isoformat()}, after the issue for {last.label()} "
        "is sent: it waits for the first issue sent after that"
        for s in waiting(dataset, send_time(news, last))
    ]
    return made


def _none_left(dataset: Dataset, when: datetime, period: Period) -> str:
    if waiting(dataset, when):
        return f"every scene published by then has been featured: no issue for {period.label()}"
    return f"every scene has been featured: no issue for {period.label()}"


def _record(ledger: Ledger, made: list[Issue], report: Report, period: Period) -> None:
    for issue in made:
        ledger.add(issue)
        crash_point("after-commit")
        report.made.append(issue)
    report.current = next((i for i in made if i.period == period.key), None)


def discard(
    dataset: Dataset | None, settings: Settings, number: int, out_dir: Path | None = None
) -> Issue:
    """Drop the latest issue if unsent, and its files, so the next run makes it again. The
    archive is rebuilt from `dataset` (its names); without one, its discarded page goes and
    the next run rebuilds the rest."""
    folder = out_dir if out_dir is not None else issues_dir(settings)
    with open_ledger(state_dir(settings)) as ledger:
        issue = ledger.discard(number)
        for path in (*files.issue_paths(folder, number), folder / page_name(number)):
            path.unlink(missing_ok=True)
        _rebuild_archive(dataset, settings, ledger, folder)
    return issue


def resolve(
    dataset: Dataset | None,
    settings: Settings,
    number: int,
    *,
    sent: bool,
    out_dir: Path | None = None,
) -> Issue:
    """A person's word on an issue left in 'sending': delivered, or not (send it again). A
    delivered issue is published in the archive at once."""
    folder = out_dir if out_dir is not None else issues_dir(settings)
    with open_ledger(state_dir(settings)) as ledger:
        ledger.set_state(number, "sent" if sent else "created", expect="sending")
        _rebuild_archive(dataset, settings, ledger, folder)
        return ledger.issue(number)  # type: ignore[return-value]


def _rebuild_archive(
    dataset: Dataset | None, settings: Settings, ledger: Ledger, folder: Path
) -> None:
    if dataset is None:
        return
    if folder.is_dir():
        brand = brand_of(dataset, settings)
        write_archive(ledger.issues(), folder, settings.newsletter, brand, datetime.now(UTC))


def history(settings: Settings) -> list[Issue]:
    with open_ledger(state_dir(settings), read_only=True) as ledger:
        return ledger.issues()
