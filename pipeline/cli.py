"""The `scenes` command: a thin layer over `pipeline.api`.

Each command parses options, calls the API and reports. Errors are turned into messages in one
place (`ScenesGroup.invoke`): 1 for data and export errors, 2 for usage errors (click's own).
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator
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


def _warn(problems: list[str]) -> None:
    for problem in problems:
        click.echo(f"warning: {problem}", err=True)


def main() -> None:
    # pydantic scans every installed package for its plugins at the first model: 15 ms of
    # start-up that the command line never needs. (Only the CLI decides this, not the library.)
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    cli(prog_name="scenes")


__all__ = ["cli", "main"]


# The newsletter and review commands live in their own modules; importing them registers them.
from pipeline import cli_newsletter, cli_review  # noqa: E402, F401
