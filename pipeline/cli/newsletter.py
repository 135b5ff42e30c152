"""`scenes newsletter` and its subcommands: a thin layer over `pipeline.newsletter.run`."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from pipeline.cli.base import State, cli

if TYPE_CHECKING:
    from pipeline.model import Dataset


def _address(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    """`--to` is held to the settings' rules for addresses (no line breaks, a real mailbox)."""
    from pipeline.setting_rules import one_mailbox

    if value is None:
        return None
    try:
        return one_mailbox(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def _day(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    """`--date`: a day of the calendar as YYYY-MM-DD; a well-formed day that does not exist
    (2026-02-29) is told apart from a malformed one."""
    import re

    if value is None:
        return None
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        raise click.BadParameter(f"{value!r} is not a date as YYYY-MM-DD (like 2026-11-30)")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a day of the calendar") from None


@cli.group(invoke_without_command=True)
@click.option(
    "--date",
    "day",
    callback=_day,
    metavar="YYYY-MM-DD",
    help="Make the issue of the period containing this day (default: today, in the newsletter's time zone).",
)
@click.option("--catch-up", is_flag=True, help="One issue per missed period, not just this one.")
@click.option("--dry-run", is_flag=True, help="Show the issue; record, write and send nothing.")
@click.option(
    "--send",
    is_flag=True,
    help="Send the list the newest issue whose date has come, if unsent (one issue a run).",
)
@click.option(
    "--send-older",
    "send_older",
    type=click.IntRange(min=1),
    multiple=True,
    metavar="NUMBER",
    help="Send the list this unsent issue although a newer one is due (repeatable).",
)
@click.option(
    "--to",
    callback=_address,
    help="With --send: a [TEST] copy to this address only; the ledger is not changed.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False),
    help="Folder for issue files and the web archive (default: outputs/newsletter).",
)
@click.option("--source", type=click.Path(dir_okay=False), help="Dataset to use.")
@click.option("-v", "--verbose", is_flag=True, help="Also say when nothing was done, and why.")
@click.pass_context
def newsletter(
    ctx: click.Context,
    day: date | None,
    catch_up: bool,
    dry_run: bool,
    send: bool,
    send_older: tuple[int, ...],
    to: str | None,
    out: str | None,
    source: str | None,
    verbose: bool,
) -> None:
    """Make this period's newsletter issue (cron runs this), and optionally send it.

    Idempotent: run it as often as you like; each period gets exactly one
    issue, and a run that does nothing prints nothing (--verbose says why).
    An issue is sent only once its date has come, and a run sends the list
    at most one issue (the newest due; older unsent ones only with
    --send-older). Exit codes: 0 done (or nothing to do), 1 error, 2 usage
    error, 3 an issue needs a person (delivery uncertain), 69 the mail
    server refused for good (5xx), 75 try again later (busy, mail server
    unreachable or refusing for now).

    \b
    Example:
      scenes newsletter                       # this period's issue
      scenes newsletter --dry-run             # preview it
      scenes newsletter --send --to me@example.com   # a test copy to yourself
      scenes newsletter --send                # make it and send the newest due
      scenes newsletter --send-older 7        # send issue 7, passed over before
      scenes newsletter --date 2026-11-30 --catch-up
    """
    if ctx.invoked_subcommand is not None:
        _no_run_options(ctx)
        return
    if out is not None and (dry_run or to is not None):
        raise click.UsageError("--out: a dry run or a test send writes no files")
    from pipeline import api
    from pipeline.cli.newsletter_tell import tell
    from pipeline.newsletter import run
    from pipeline.newsletter.letter import read_layout
    from pipeline.newsletter.report import Report

    state: State = ctx.obj
    settings = state.settings
    # before the dataset is read
    run.check_options(
        dry_run=dry_run,
        send=send,
        to=to,
        recipient=settings.newsletter.recipient,
        send_older=send_older,
    )
    dataset = api.load(source, settings)
    report = Report()
    # A dry run or a test send is someone at a terminal: say why nothing was shown or sent.
    telling = {"verbose": verbose or dry_run or to is not None, "preview": dry_run}
    try:
        run.run(
            dataset,
            settings,
            read_layout(settings),
            day if day else run.today_in(settings.newsletter),
            Path(out) if out else run.issues_dir(settings),
            catch_up=catch_up,
            dry_run=dry_run,
            send=send,
            to=to,
            send_older=send_older,
            report=report,
        )
    except BaseException:  # what was made or sent before the failure, then the failure
        tell(report, **telling)
        raise
    tell(report, **telling)


def _no_run_options(ctx: click.Context) -> None:
    """`scenes newsletter --send history` would silently ignore --send: refuse instead, saying
    what would work: the option after the subcommand when it takes it, else the run alone."""
    given = [
        f"--{name.replace('_', '-')}".replace("--day", "--date")
        for name, value in ctx.params.items()
        if value not in (None, False)
        and ctx.get_parameter_source(name) is not click.core.ParameterSource.DEFAULT
    ]
    if not given:
        return
    name = ctx.invoked_subcommand or ""
    command = ctx.command.get_command(ctx, name) if isinstance(ctx.command, click.Group) else None
    takes = {opt for param in (command.params if command else ()) for opt in param.opts}
    moved = [option for option in given if option in takes]
    foreign = [option for option in given if option not in takes]
    if foreign:
        raise click.UsageError(
            f"`scenes newsletter {name}` takes no {', '.join(foreign)}: "
            f"{'it is' if len(foreign) == 1 else 'they are'} for a run "
            f"(`scenes newsletter {' '.join(foreign)} …`, without `{name}`)"
        )
    raise click.UsageError(
        f"put {', '.join(moved)} after the subcommand: `scenes newsletter {name} {' '.join(moved)} …`"
    )


@newsletter.command()
@click.pass_obj
def history(state: State) -> None:
    """List past issues: number, period, state, when sent (UTC), scenes.

    \b
    Example:
      scenes newsletter history
    """
    from pipeline.cli.newsletter_tell import history_table
    from pipeline.newsletter import run

    issues = run.history(state.settings)
    for line in history_table(issues) if issues else ["no issues yet"]:
        click.echo(line)


@newsletter.command()
@click.argument("number", type=click.IntRange(min=1))
@click.option("--sent", "sent", is_flag=True, help="It was delivered.")
@click.option("--not-sent", "not_sent", is_flag=True, help="It was not: send it again next run.")
@click.option(
    "--out",
    type=click.Path(file_okay=False),
    help="Folder of issue files and the archive (default: outputs/newsletter).",
)
@click.option("--source", type=click.Path(dir_okay=False), help="Dataset to use.")
@click.pass_obj
def resolve(
    state: State, number: int, sent: bool, not_sent: bool, out: str | None, source: str | None
) -> None:
    """Say what happened to an issue left in 'sending' by an interrupted run.

    A delivered issue is published in the web archive at once.

    \b
    Example:
      scenes newsletter resolve 7 --sent
      scenes newsletter resolve 7 --not-sent
    """
    if sent == not_sent:  # neither, or both: which one was meant cannot be guessed
        raise click.UsageError("say either --sent or --not-sent")
    was_sent = sent
    from pipeline.newsletter import run

    dataset = _for_the_archive(state, source)
    run.resolve(dataset, state.settings, number, sent=was_sent, out_dir=Path(out) if out else None)
    click.echo(f"issue {number} marked {'sent' if was_sent else 'unsent'}", err=True)


@newsletter.command()
@click.argument("number", type=click.IntRange(min=1))
@click.option(
    "--out",
    type=click.Path(file_okay=False),
    help="Folder of issue files (default: outputs/newsletter).",
)
@click.option("--source", type=click.Path(dir_okay=False), help="Dataset to use.")
@click.pass_obj
def discard(state: State, number: int, out: str | None, source: str | None) -> None:
    """Drop the latest issue if unsent, so the next run makes it again from current data.

    \b
    Example:
      scenes newsletter discard 7 && scenes newsletter --dry-run
    """
    from pipeline.newsletter import run

    dataset = _for_the_archive(state, source)
    run.discard(dataset, state.settings, number, Path(out) if out else None)
    click.echo(f"issue {number} discarded", err=True)


def _for_the_archive(state: State, source: str | None) -> Dataset | None:
    """The dataset, for the archive's names. Settling the ledger must not wait for a dataset
    being edited: when it cannot be read, the archive is left to the next run, and it says so."""
    from pipeline import api
    from pipeline.cli.base import warn
    from pipeline.errors import PipelineError

    try:
        return api.load(source, state.settings)
    except PipelineError as exc:
        first = exc.render().splitlines()[0]
        warn([f"the web archive is left for the next run to rebuild: {first}"])
        return None
