"""The `scenes` command: a thin layer over `pipeline.api`.

Each command parses options, calls the API and reports. Errors are turned into messages in one
place (`ScenesGroup.invoke`): 1 for data and export errors, 2 for usage errors (click's own).
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import click

from pipeline.diagnostics import PipelineError

EXIT_ERROR = 1


class ScenesGroup(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PipelineError as exc:
            click.echo(exc.render(), err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            ctx.exit(130)
        except BrokenPipeError:
            sys.stderr.close()  # the reader went away (e.g. `| head`): nothing left to say
            ctx.exit(EXIT_ERROR)


class State:
    """Settings, read on first use so `--help` and usage errors never touch the file."""

    def __init__(self, config: str | None) -> None:
        self.config = config
        self._settings: Any = None

    @property
    def settings(self) -> Any:
        if self._settings is None:
            from pipeline.settings import load_settings

            self._settings, _ = load_settings(self.config)
        return self._settings


@click.group(cls=ScenesGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--config",
    type=click.Path(dir_okay=False),
    envvar="SCENES_CONFIG",
    help="Settings file (default: ./scenes.toml if present, else built-in defaults).",
)
@click.version_option(package_name="scenes", prog_name="scenes")
@click.pass_context
def cli(ctx: click.Context, config: str | None) -> None:
    """Validate the scenes dataset and export it to every format.

    \b
    Example:
      scenes validate
      scenes export --format all
    """
    ctx.obj = State(config)


@cli.command()
@click.argument("path", required=False, type=click.Path(dir_okay=False))
@click.pass_obj
def validate(state: State, path: str | None) -> None:
    """Check the dataset and report every problem as path:line:col.

    PATH defaults to the `source` setting (source/scenes.yaml). Exits 0 when
    valid, 1 when not.

    \b
    Example:
      scenes validate
      scenes validate drafts/scenes.yaml
    """
    from pipeline.api import load

    settings = state.settings
    shown = path or str(settings.path(settings.source))
    dataset = load(path, settings)
    n = len(dataset.scenes)
    click.echo(f"{shown}: valid, {n} scene{'s' if n != 1 else ''}")


@cli.command()
@click.option(
    "-f",
    "--format",
    "formats",
    multiple=True,
    default=["all"],
    show_default=True,
    metavar="FORMAT",
    help="Format to write; repeat for several; 'all' for every one (see `scenes formats`).",
)
@click.option("--out", type=click.Path(file_okay=False), help="Output folder (default: outputs/).")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True),
    help="Write one format to this file instead; '-' for standard output.",
)
@click.option("--source", type=click.Path(dir_okay=False), help="Dataset to export.")
@click.option(
    "--template",
    type=click.Path(dir_okay=False),
    help="Jinja2 template for the text format (see `scenes template text`).",
)
@click.option("--width", type=click.IntRange(40, 200), help="Wrap plain text at this column.")
@click.option(
    "--reference-docx",
    type=click.Path(dir_okay=False),
    help="Build the DOCX on this document's styles (house style), as Pandoc's --reference-doc.",
)
@click.pass_obj
def export(
    state: State,
    formats: tuple[str, ...],
    out: str | None,
    output: str | None,
    source: str | None,
    template: str | None,
    width: int | None,
    reference_docx: str | None,
) -> None:
    """Write the dataset in one or more formats, atomically.

    Files go to the output folder as scenes.<ext>; a file whose bytes would not
    change is left alone.

    \b
    Example:
      scenes export --format all
      scenes export -f json -f text --out public/
      scenes export --format text -o -            # to standard output
      scenes export --format text --template mine.txt.j2
      scenes export --format docx --reference-docx house.docx
    """
    from pipeline import api
    from pipeline.settings import with_overrides
    from pipeline.writers import discover

    settings = with_overrides(state.settings, text_width=width)
    if output is not None and (len(formats) != 1 or formats[0] == "all"):
        raise click.UsageError("-o/--output takes exactly one --format (not 'all')")
    options = api.writer_options(
        settings, template, reference_docx, os.environ.get("SOURCE_DATE_EPOCH")
    )
    registry = discover()
    _warn(registry.problems)
    try:
        registry.expand(formats)
    except PipelineError as exc:
        raise click.BadParameter(str(exc), param_hint="'--format'") from None
    dataset = api.load(source, settings)
    if output is not None:
        written = [api.export_one(dataset, formats[0], output, options, registry)]
    else:
        names = registry.expand(formats)
        with progress_bar(len(dataset.scenes), len(names), "exporting") as step:
            written = api.export(dataset, formats, out, options, registry, progress=step)
    for item in written:
        if str(item.path) != "-":
            verb = "wrote" if item.changed else "unchanged"
            click.echo(f"{verb} {item.path} ({item.format})", err=True)


@cli.command()
def formats() -> None:
    """List the output formats: name, extension, media type, provider.

    \b
    Example:
      scenes formats
    """
    from pipeline.api import output_name
    from pipeline.writers import discover

    registry = discover()
    _warn(registry.problems)
    rows = [("FORMAT", "FILE", "MEDIA TYPE", "PROVIDER")]
    for name in registry.names():
        provider = registry.entry(name).provider
        try:
            writer = registry.get(name)
            rows.append((name, output_name(writer), writer.media_type, provider))
        except PipelineError as exc:
            rows.append((name, "-", f"unavailable: {exc}", provider))
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        click.echo("  ".join([*cells, row[3]]))


@cli.command()
@click.option("--export", "which", flag_value="export", help="The schema of the JSON export.")
@click.option(
    "--source",
    "which",
    flag_value="source",
    default=True,
    help="The schema of the dataset (default).",
)
def schema(which: str) -> None:
    """Print a JSON Schema: of the dataset (default) or of the JSON export.

    The repository ships both under schema/; the dataset's first line points
    editors at it for completion and live errors.

    \b
    Example:
      scenes schema > schema/scenes.schema.json
      scenes schema --export
    """
    from pipeline import schema as schemas

    chosen = schemas.export_schema() if which == "export" else schemas.source_schema()
    click.echo(schemas.dumps(chosen), nl=False)


@cli.command()
@click.argument("format", default="text")
def template(format: str) -> None:
    """Print a built-in template (text or newsletter), to copy and adapt.

    \b
    Example:
      scenes template text > mine.txt.j2
      scenes export --format text --template mine.txt.j2
      scenes export --format docx --reference-docx house.docx
    """
    names = {"text": "scenes.txt.j2", "newsletter": "newsletter.txt.j2"}
    if format not in names:
        raise click.BadParameter(f"one of {', '.join(names)}, not {format!r}", param_hint="FORMAT")
    from pipeline.writers.text import default_template_source

    click.echo(default_template_source(names[format]), nl=False)


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


PROGRESS_FROM = 2000  # scenes: below this, work is quick enough to need no bar


@contextlib.contextmanager
def progress_bar(scenes: int, steps: int, label: str) -> Iterator[Callable[[str], None]]:
    """A bar on a terminal for large datasets; nothing at all otherwise (cron, pipes, CI)."""
    if scenes < PROGRESS_FROM or not sys.stderr.isatty():
        yield lambda _name: None
        return
    with click.progressbar(
        length=steps, label=f"{label} {scenes:,} scenes", file=sys.stderr
    ) as bar:
        done = [False]

        def step(name: str) -> None:
            if done[0]:
                bar.update(1)
            done[0] = True
            bar.label = f"{label} {scenes:,} scenes: {name}"
            bar.render_progress()

        yield step
        bar.update(1)


@cli.command()
@click.argument("document", type=click.Path(exists=True, dir_okay=False))
@click.option("--apply", "apply_", is_flag=True, help="Write the changes into the dataset.")
@click.option("--accept-pending", is_flag=True, help="Count pending tracked changes as accepted.")
@click.option("--force", is_flag=True, help="With --apply: on conflicts, take the document's side.")
@click.option("--source", type=click.Path(dir_okay=False), help="Dataset to compare and change.")
@click.pass_obj
def review(
    state: State,
    document: str,
    apply_: bool,
    accept_pending: bool,
    force: bool,
    source: str | None,
) -> None:
    """Show what editors changed in an exported DOCX; with --apply, write it to the data.

    Compares the document with the data it was exported from (it carries a
    copy) and with the dataset now. Exit 0 when there is nothing to resolve,
    1 on conflicts or errors.

    \b
    Example:
      scenes review edited.docx
      scenes review edited.docx --apply
      scenes review edited.docx --apply --accept-pending
    """
    from pipeline import api
    from pipeline import review as reviews

    settings = state.settings
    path = Path(source) if source else settings.path(settings.source)
    current = api.load(path, settings)
    result = reviews.review(
        Path(document).read_bytes(), document, current, accept_pending=accept_pending
    )
    _show_review(result)
    if apply_:
        applied = reviews.apply(result, path, force=force)
        click.echo(f"{path}: {len(applied)} change(s) written and validated", err=True)
    elif result.conflicts:
        raise PipelineError(
            f"{len(result.conflicts)} conflict(s) between the document and the dataset"
        )


def _show_review(result: Any) -> None:
    def value(v: Any) -> str:
        return v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)

    if not result.changes:
        click.echo("no changes")
    for change in result.changes:
        tag = {
            "apply": "",
            "already": " (already in the dataset)",
            "conflict": " CONFLICT",
            "cannot": " CANNOT APPLY",
        }[change.status]
        click.secho(f"{change.owner} {change.field}{tag}", bold=True)
        click.secho(f"  - {value(change.before)}", fg="red")
        click.secho(f"  + {value(change.after)}", fg="green")
        if change.status == "conflict":
            click.secho(
                f"  now in the dataset: {value(change.current)} ({change.reason})", fg="yellow"
            )
        elif change.status == "cannot":
            click.secho(f"  {change.reason}", fg="yellow")
    for owner, label, pending in result.pending:
        click.echo(
            f"pending {pending.kind} by {pending.author or 'someone'} in {owner} {label}: {pending.text!r}"
        )
    for owner, label, comment in result.comments:
        click.echo(f"comment by {comment.author or 'someone'} on {owner} {label}: {comment.text}")
    for after, text in result.unmapped:
        click.echo(
            f"unmapped text after {after or 'the start'}: {text!r} (not applied; copy it by hand)"
        )


def _warn(problems: list[str]) -> None:
    for problem in problems:
        click.echo(f"warning: {problem}", err=True)


def main() -> None:
    # pydantic scans every installed package for its plugins at the first model: 15 ms of
    # start-up that the command line never needs. (Only the CLI decides this, not the library.)
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    cli(prog_name="scenes")


__all__ = ["cli", "main"]
