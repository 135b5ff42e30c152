"""`scenes formats`, `schema` and `template`: what the package offers, to read or copy."""

from __future__ import annotations

import click

from pipeline.cli.base import cli, warn
from pipeline.errors import PipelineError


@cli.command()
def formats() -> None:
    """List the output formats: name, file, provider, media type.

    \b
    Example:
      scenes formats
    """
    from pipeline.cli.table import table
    from pipeline.writers import discover, output_name

    registry = discover()
    warn(registry.problems)
    rows = []
    for name in registry.names():
        provider = registry.entry(name).provider
        try:
            writer = registry.get(name)
            rows.append((name, output_name(writer), provider, writer.media_type))
        except PipelineError as exc:
            rows.append((name, "-", provider, f"unavailable: {exc}"))
    for line in table(("FORMAT", "FILE", "PROVIDER", "MEDIA TYPE"), rows):
        click.echo(line)


@cli.command()
@click.option("--export", "export_", is_flag=True, help="The schema of the JSON export.")
@click.option("--source", "source", is_flag=True, help="The schema of the dataset (default).")
def schema(export_: bool, source: bool) -> None:
    """Print a JSON Schema: of the dataset (default) or of the JSON export.

    The repository ships both under schema/; the dataset's first line points
    editors at it for completion and live errors.

    \b
    Example:
      scenes schema > schema/scenes.schema.json
      scenes schema --export
    """
    from pipeline import schema as schemas

    if export_ and source:
        raise click.UsageError("--export and --source ask for two schemas: give one")
    chosen = schemas.export_schema() if export_ else schemas.source_schema()
    click.echo(schemas.dumps(chosen), nl=False)


@cli.command()
@click.argument("name", required=False)
@click.option("--list", "show_list", is_flag=True, help="List every built-in template and part.")
def template(name: str | None, show_list: bool) -> None:
    """Print a built-in template or part, to copy and adapt.

    NAME is a layout (text, html, newsletter, newsletter-html) or any built-in
    file (see --list),
    e.g. _scene.txt.j2: put your copy in a template folder ([text]
    template_dir) to replace that part alone.

    \b
    Example:
      scenes template text > mine.txt.j2
      scenes export --format text --template mine.txt.j2
      scenes template html > page.html.j2
      scenes template --list
      scenes template _scene.txt.j2 > templates/_scene.txt.j2
    """
    from pipeline import templating

    if show_list and name is not None:
        raise click.UsageError(f"--list lists every template; it takes no NAME ({name!r})")
    name = name or "text"
    if show_list:
        from pipeline.cli.table import table

        parts = [("", f) for f in templating.names() if f not in templating.BUILTIN.values()]
        for line in table(("LAYOUT", "FILE"), [*templating.BUILTIN.items(), *parts]):
            click.echo(line)
        return
    file = templating.BUILTIN.get(name, name)
    try:
        source = templating.builtin_source(file)
    except (FileNotFoundError, OSError):
        choices = ", ".join([*templating.BUILTIN, *templating.names()])
        raise click.BadParameter(f"one of {choices}, not {name!r}", param_hint="NAME") from None
    click.echo(source, nl=False)
