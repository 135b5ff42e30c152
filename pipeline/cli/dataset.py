"""`scenes validate` and `scenes check`: what the dataset holds, and what its numbers mean."""

from __future__ import annotations

import click

from pipeline.cli.base import State, cli


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
    n = len(load(path, settings).scenes)
    click.echo(f"{shown}: valid, {n} scene{'s' if n != 1 else ''}")


@cli.command()
@click.argument("path", required=False, type=click.Path(dir_okay=False))
@click.option(
    "--markdown",
    is_flag=True,
    help="Every scene and claim as a Markdown table (verdict and why), as the docs hold it.",
)
@click.pass_obj
def check(state: State, path: str | None, markdown: bool) -> None:
    """Judge every claim by its written rule: the reality check.

    A runner's speed is set against Usain Bolt's top speed and the speed of
    sound, the speed of a hazard the runner outruns likewise, a distance run
    by who covers it (amateurs, club runners); a time without a distance,
    money and counts get no verdict. Verdicts: within reach of amateurs, for
    club runners, beyond any human, physically absurd.

    \b
    Example:
      scenes check
      scenes check --markdown
      scenes check drafts/scenes.yaml
    """
    from pipeline import reality
    from pipeline.api import load

    dataset = load(path, state.settings)
    if markdown:  # a table's row is one line, however long
        for line in reality.table(dataset):
            click.echo(line)
        return
    from pipeline.cli.table import fitted

    for line in reality.report(dataset):
        for piece in fitted(line):
            click.echo(piece)
