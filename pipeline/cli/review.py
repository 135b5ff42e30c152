"""`scenes review`: a thin layer over `pipeline.review`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from pipeline.cli.base import State, cli
from pipeline.errors import ReviewError


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
        applied = reviews.apply(result, path, settings, force=force)
        click.echo(f"{path}: {len(applied)} change(s) written and validated", err=True)
    elif result.conflicts:
        raise ReviewError(
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
