"""`scenes newsletter` and its subcommands: a thin layer over `pipeline.newsletter`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from pipeline.cli import State, cli, progress_bar


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
    day: Any,
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
    from pipeline import newsletter as news

    state: State = ctx.obj
    settings = state.settings
    options = api.writer_options(settings, template=_newsletter_template(settings))
    dataset = api.load(source, settings)
    when = day.date() if day else news.today_in(settings.newsletter)
    folder = Path(out) if out else settings.path(settings.output_dir) / "newsletter"
    with progress_bar(len(dataset.scenes), 1, "newsletter from") as step:
        step("issue")
        report = news.run(
            dataset,
            settings,
            options,
            when,
            folder,
            catch_up=catch_up,
            dry_run=dry_run,
            send=send,
            to=to,
        )
    for subject, text in report.preview:
        click.echo(f"Subject: {subject}\n\n{text.decode('utf-8')}")
    for issue in report.made:
        scenes = ", ".join(issue.scene_ids)
        click.echo(f"made issue {issue.number} ({issue.period}): {scenes}", err=True)
    if report.current is not None and report.current not in report.made:
        click.echo(
            f"issue {report.current.number} ({report.current.period}) already made: {report.current.state}",
            err=True,
        )
    for issue in report.sent:
        click.echo(f"sent issue {issue.number} to {issue.sent_to}", err=True)
    for note in report.notes:
        click.echo(note, err=True)


def _newsletter_template(settings: Any) -> str | None:
    template = settings.newsletter.template
    return str(settings.path(template)) if template else None


@newsletter.command()
@click.pass_obj
def history(state: State) -> None:
    """List past issues: number, period, state, when sent, scenes.

    \b
    Example:
      scenes newsletter history
    """
    from pipeline import ledger
    from pipeline import newsletter as news

    with ledger.open_ledger(news.state_dir(state.settings)) as book:
        issues = book.issues()
    if not issues:
        click.echo("no issues yet")
    for issue in issues:
        sent = f" {issue.sent_at}" if issue.sent_at else ""
        click.echo(
            f"{issue.number:>4}  {issue.period}  {issue.state}{sent}  {', '.join(issue.scene_ids)}"
        )


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
    from pipeline import ledger
    from pipeline import newsletter as news

    with ledger.open_ledger(news.state_dir(state.settings)) as book:
        book.set_state(number, "sent" if was_sent else "created", expect="sending")
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
    from pipeline import ledger
    from pipeline import newsletter as news

    settings = state.settings
    folder = Path(out) if out else settings.path(settings.output_dir) / "newsletter"
    with ledger.open_ledger(news.state_dir(settings)) as book:
        book.discard(number)
        for path in news.issue_paths(folder, number):
            path.unlink(missing_ok=True)
    click.echo(f"issue {number} discarded", err=True)
