"""What `scenes newsletter` says: news on standard error (what was made, sent, passed over),
the rest only when asked; and the lines of `history`."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from pipeline.newsletter.ledger import Issue
    from pipeline.newsletter.report import Report


def tell(report: Report, *, verbose: bool, preview: bool) -> None:
    """News only: what was made, sent or asked for. Cron mails whatever a job prints, so a run
    that changed nothing is silent unless asked (--verbose, or a dry run)."""
    for issue in report.preview if preview else ():
        click.echo(f"Subject: {issue.subject}\n\n{issue.text.decode('utf-8')}")
    for issue in report.made:
        click.echo(
            f"made issue {issue.number} ({issue.period}): {', '.join(issue.scene_ids)}", err=True
        )
    for issue in report.sent:
        click.echo(f"sent issue {issue.number} to {issue.sent_to}", err=True)
    for line in report.said:
        click.echo(line, err=True)
    made = {i.number for i in report.made}
    for issue in report.passed_over:
        if verbose or report.sent:
            click.echo(
                f"issue {issue.number} ({issue.period}) was not sent: a run sends the list only "
                f"the newest issue due; `scenes newsletter --send-older {issue.number}` sends it",
                err=True,
            )
    for issue in report.held:
        if verbose or issue.number in made:
            click.echo(
                f"issue {issue.number} is not sent before its date, {_date(issue)}", err=True
            )
    current = report.current
    if verbose and current is not None and current.number not in made:
        click.echo(
            f"issue {current.number} ({current.period}) already made: {current.state}", err=True
        )
    if verbose:
        for note in report.notes:
            click.echo(note, err=True)


def _date(issue: object) -> str:
    from pipeline.newsletter.schedule import date_of

    return date_of(issue.eml).strftime("%a %d %b %Y %H:%M %z")  # type: ignore[attr-defined]


def history_table(issues: list[Issue]) -> list[str]:
    """`scenes newsletter history`: one row per issue, oldest first, in the same columns
    whatever each issue's state; then how to send each unsent issue a newer one passed over."""
    from pipeline.cli.table import table

    newest_sent = max((i.number for i in issues if i.state == "sent"), default=0)
    passed = [i.number for i in issues if i.state == "created" and i.number < newest_sent]
    rows = [
        (
            str(issue.number).rjust(5),
            issue.period,
            "passed over" if issue.number in passed else issue.state,
            _sent_at(issue.sent_at),
            ", ".join(issue.scene_ids),
        )
        for issue in issues
    ]
    lines = table(("ISSUE", "PERIOD", "STATE", "SENT (UTC)", "SCENES"), rows)
    for number in passed:
        lines.append(
            f"issue {number} was passed over (a newer issue was sent): "
            f"`scenes newsletter --send-older {number}` sends it"
        )
    return lines


def _sent_at(stamp: str | None) -> str:
    """The ledger's UTC time to the minute ("2026-11-23 12:00"), or "-" when unsent."""
    return stamp[:16].replace("T", " ") if stamp else "-"
