"""`scenes export`: the dataset in one or more formats, written atomically."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import click

from pipeline.cli.base import State, cli, progress_bar, warn

if TYPE_CHECKING:
    from pipeline.model import Dataset
    from pipeline.settings import Settings
    from pipeline.writers import Registry, WriterOptions
from pipeline.errors import OutputError, PipelineError, WriterError


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
    help="Jinja2 template for the text or html format, whichever is exported; with both, "
    "a name ending .html(.j2) is the page's (see `scenes template text|html`).",
)
@click.option("--width", type=click.IntRange(40, 200), help="Wrap plain text at this column.")
@click.option(
    "--reference-docx",
    type=click.Path(dir_okay=False),
    help="Build the DOCX on this document's styles (house style), as Pandoc's --reference-doc.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    help="Render formats in up to this many processes at once (default: one per core; "
    "from 1,000 scenes).",
)
@click.option(
    "--ping",
    is_flag=True,
    help="Then tell the WebSub hub ([feed] hub) about each feed it has not seen as it is now.",
)
@click.option(
    "--retire",
    multiple=True,
    metavar="ID",
    help="A published scene id removed for good: its guid leaves the feeds (recorded, so "
    "asked once). Repeat for several.",
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
    jobs: int | None,
    ping: bool,
    retire: tuple[str, ...],
) -> None:
    """Write the dataset in one or more formats, atomically.

    Files go to the output folder as scenes.<ext>; a file whose bytes would not
    change is left alone. A feed export is refused when it would drop or change
    a guid an earlier export published (see `former_ids` and --retire).

    \b
    Example:
      scenes export --format all
      scenes export -f json -f text --out public/
      scenes export --format text -o -            # to standard output
      scenes export --format text --template mine.txt.j2
      scenes export --format html --template page.html.j2
      scenes export --format docx --reference-docx house.docx
      scenes export --format all --jobs 1         # one process, whatever the size
      scenes export --format all --ping           # and tell the WebSub hub
      scenes export --format all --retire rocky-ii    # its scene is gone for good
    """
    from pipeline import api
    from pipeline.settings import with_overrides
    from pipeline.writers import discover

    if output == "":
        raise click.BadParameter(
            "empty: give a file name, or '-' for standard output", param_hint="'-o'"
        )
    if out is not None and not out.strip():
        raise click.BadParameter("empty: give a folder (default: outputs/)", param_hint="'--out'")
    if source is not None and not source.strip():
        raise click.BadParameter("empty: give the dataset's file", param_hint="'--source'")
    if output is not None and (len(formats) != 1 or formats[0].lower() == "all"):
        given = f"{formats[0]!r}" if len(formats) == 1 else f"{len(formats)} formats"
        raise click.UsageError(f"-o/--output takes exactly one --format, not {given}")
    if output is not None and out is not None:
        raise click.UsageError("--out (a folder) and -o/--output (one file) exclude each other")
    if output not in (None, "-"):
        _refuse_overwriting_an_input(output, source, template, reference_docx, state.settings)
    registry = discover()
    warn(registry.problems)
    try:
        names = registry.expand(formats)
    except PipelineError as exc:
        raise click.BadParameter(str(exc), param_hint="'--format'") from None
    for flag, value, users in (
        ("--template", template, ("text", "html")),
        ("--width", width, ("text",)),
        ("--reference-docx", reference_docx, ("docx",)),
    ):
        if value is not None and not set(users) & set(names):
            raise click.UsageError(
                f"{flag} applies to the {' or '.join(users)} format, which is not exported"
            )
    _check_ping(ping, output, names, state.settings)
    # --source names the dataset this export is of (its record of published ids is beside it)
    given = str(Path(source).absolute()) if source is not None else None
    settings = with_overrides(state.settings, text_width=width, source=given)
    environ_epoch = os.environ.get("SOURCE_DATE_EPOCH")
    options = api.writer_options(settings, template, reference_docx, environ_epoch, names)
    _note_reference(registry, formats, options)
    dataset = api.load(source, settings)
    if output is not None:
        api.export_one(dataset, names[0], output, options, registry, retire, _say)
        return
    failure = None
    with progress_bar(len(dataset.scenes), "exporting") as step:
        try:
            written = api.export(
                dataset,
                formats,
                out,
                options,
                registry,
                progress=step,
                jobs=jobs,  # None: per core
                retire=retire,
                report=_say,
            )
        except (WriterError, OutputError) as exc:
            if not hasattr(exc, "written"):  # nothing was exported (the folder, the lock...)
                raise
            failure = exc  # the other formats are written: the hub may hear of them
            written = []
    for item in written:
        _say(f"{'wrote' if item.changed else 'unchanged'} {item.path} ({item.format})")
    if ping:
        _ping(dataset, formats, out, options, registry, failure)
    if failure is not None:
        raise failure


def _say(line: str) -> None:
    click.echo(line, err=True)


def _check_ping(ping: bool, output: str | None, names: list[str], settings: Settings) -> None:
    """--ping tells the hub about the feeds in the output folder: it needs a hub, and a feed
    exported there."""
    from pipeline.identity import FEED_FORMATS

    if not ping:
        return
    if output is not None:
        raise click.UsageError(
            "--ping tells the hub about the feeds in the output folder; -o writes elsewhere"
        )
    if not set(names) & set(FEED_FORMATS):
        raise click.UsageError(
            f"--ping applies to the feed formats ({', '.join(FEED_FORMATS)}), none of which "
            "is exported"
        )
    if settings.feed.hub is None:
        raise click.UsageError("--ping needs a hub: set [feed] hub in the settings")


def _ping(
    dataset: Dataset,
    formats: tuple[str, ...],
    out: str | None,
    options: WriterOptions,
    registry: Registry,
    failure: PipelineError | None,
) -> None:
    """Ping after writing; with a failed format, say what the ping met and report the
    format's failure (the more basic one) last."""
    from pipeline import api

    try:
        api.ping(dataset, formats, out, options, registry, report=_say)
    except PipelineError as exc:
        if failure is None:
            raise
        _say(exc.render())


def _refuse_overwriting_an_input(
    output: str, source: str | None, template: str | None, reference: str | None, settings: Settings
) -> None:
    """`-o` naming the dataset, the template, the reference document or the dataset's record
    of published ids would replace what the export is made from (or held to): a usage error,
    before anything is read or written."""
    from pipeline.identity import record_path
    from pipeline.settings import with_overrides

    dataset = source if source is not None else settings.path(settings.source)
    inputs = {
        "the dataset": dataset,
        "the --template file": template,
        "the --reference-docx file": reference,
        "the record of published ids": record_path(
            with_overrides(settings, source=str(Path(dataset).absolute()))
        ),
    }
    for what, path in inputs.items():
        if path is not None and _same_file(Path(output), Path(path)):
            raise click.UsageError(f"-o {output} is {what}: an export never replaces its input")


def _same_file(a: Path, b: Path) -> bool:
    """One file by any path, links included; or, where one does not exist yet (a dataset's
    first record of published ids), one path once resolved."""
    try:
        return a.samefile(b)
    except OSError:
        pass
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def _note_reference(registry: Registry, formats: tuple[str, ...], options: WriterOptions) -> None:
    """A house document lacking some styles still works (the built-in ones stand in): say so.
    What it reaches outside itself with is left out of the export: warn, naming it."""
    if options.reference_docx is None or "docx" not in registry.expand(formats):
        return
    from pipeline.writers.docx import left_out, missing_styles

    dropped = left_out(options.reference_docx, options.reference_name)
    if dropped:
        warn([dropped])

    missing = missing_styles(options.reference_docx)
    if missing:
        click.echo(
            f"note: {options.reference_name} lacks the style{'s' if len(missing) != 1 else ''} "
            f"{', '.join(missing)}; "
            "the built-in definitions are used",
            err=True,
        )
