"""`scenes newsletter` and its subcommands: a thin layer over `pipeline.newsletter.run`."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from pipeline.cli.base import State, cli

if TYPE_CHECKING:
    from pipeline.newsletter.issues import Layout
    from pipeline.newsletter.run import Report
    from pipeline.settings import Settings


@cli.group(invoke_without_command=True)
@click.option(
    "--date",
    "day",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Make the issue of the period containing this day (default: today, in the newsletter's time zone).",
)
@click.option("--catch-up", is_flag=True, help="One issue per missed period, not just this one.")
@click.option("--dry-run", is_flag=True, help="Show the issue; record, write and send nothing.")
@click.option("--send", is_flag=True, help="Send unsent issues over SMTP.")
@click.option("--to", help="Send to this address instead (with --dry-run: a test to yourself).")
@click.option(
    "--out",
    type=click.Path(file_okay=False),
    help="Folder for issue files (default: outputs/newsletter).",
)
@click.option("--source", type=click.Path(dir_okay=False), help="Dataset to use.")
@click.pass_context
def newsletter(
    ctx: click.Context,
    day: datetime | None,
    catch_up: bool,
    dry_run: bool,
    send: bool,
    to: str | None,
    out: str | None,
    source: str | None,
) -> None:
    """Make this period's newsletter issue (cron runs this), and optionally send it.

    Idempotent: run it as often as you like; each period gets exactly one
    issue. Exit codes: 0 done (or nothing new to send), 1 error, 3 an issue
    needs a person (delivery uncertain), 75 try again later (busy, mail
    server unreachable).

    \b
    Example:
      scenes newsletter                       # this period's issue
      scenes newsletter --dry-run             # preview it
      scenes newsletter --dry-run --send --to me@example.com   # test mail
      scenes newsletter --send                # make and send
      scenes newsletter --date 2026-11-30 --catch-up
    """
    if ctx.invoked_subcommand is not None:
        return
    from pipeline import api
    from pipeline.newsletter import run

    state: State = ctx.obj
    settings = state.settings
    dataset = api.load(source, settings)
    report = run.run(
        dataset,
        settings,
        _layout(settings),
        day.date() if day else run.today_in(settings.newsletter),
        Path(out) if out else run.issues_dir(settings),
        catch_up=catch_up,
        dry_run=dry_run,
        send=send,
        to=to,
    )
    _tell(report)


def _layout(settings: Settings) -> Layout:
    """The newsletter's own template and width: the text export's settings never apply."""
    from pipeline import api
    from pipeline.newsletter.issues import Layout

    news = settings.newsletter
    template = api.read_template(settings.path(news.template)) if news.template else None
    return Layout(template=template, width=news.width)


def _tell(report: Report) -> None:
    for subject, text in report.preview:
        click.echo(f"Subject: {subject}\n\n{text.decode('utf-8')}")
    for issue in report.made:
        scenes = ", ".join(issue.scene_ids)
        click.echo(f"made issue {issue.number} ({issue.period}): {scenes}", err=True)
    current = report.current
    if current is not None and current not in report.made:
        click.echo(
            f"issue {current.number} ({current.period}) already made: {current.state}", err=True
        )
    for issue in report.sent:
        click.echo(f"sent issue {issue.number} to {issue.sent_to}", err=True)
    for note in report.notes:
        click.echo(note, err=True)


@newsletter.command()
@click.pass_obj
def history(state: State) -> None:
    """List past issues: number, period, state, when sent, scenes.

    \b
    Example:
      scenes newsletter history
    """
    from pipeline.newsletter import run

    issues = run.history(state.settings)
    if not issues:
        click.echo("no issues yet")
    for issue in issues:
        sent = f" {issue.sent_at}" if issue.sent_at else ""
        scenes = ", ".join(issue.scene_ids)
        click.echo(f"{issue.number:>4}  {issue.period}  {issue.state}{sent}  {scenes}")


@newsletter.command()
@click.argument("number", type=int)
@click.option("--sent", "was_sent", flag_value=True, default=None, help="It was delivered.")
@click.option(
    "--not-sent", "was_sent", flag_value=False, help="It was not: send it again next run."
)
@click.pass_obj
def resolve(state: State, number: int, was_sent: bool | None) -> None:
    """Say what happened to an issue left in 'sending' by an interrupted run.

    \b
    Example:
      scenes newsletter resolve 7 --sent
      scenes newsletter resolve 7 --not-sent
    """
    if was_sent is None:
        raise click.UsageError("say --sent or --not-sent")
    from pipeline.newsletter import run

    run.resolve(state.settings, number, sent=was_sent)
    click.echo(f"issue {number} marked {'sent' if was_sent else 'unsent'}", err=True)


@newsletter.command()
@click.argument("number", type=int)
@click.option(
    "--out",
    type=click.Path(file_okay=False),
    help="Folder of issue files (default: outputs/newsletter).",
)
@click.pass_obj
def discard(state: State, number: int, out: str | None) -> None:
    """Drop the latest issue if unsent, so the next run makes it again from current data.

    \b
    Example:
      scenes newsletter discard 7 && scenes newsletter --dry-run
    """
    from pipeline.newsletter import run

    run.discard(state.settings, number, Path(out) if out else None)
    click.echo(f"issue {number} discarded", err=True)
