"""`scenes review`: a thin layer over `pipeline.review`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from pipeline.cli.base import State, cli
from pipeline.errors import Unresolved, UsageError

if TYPE_CHECKING:
    from pipeline.review import Applied, Review


@cli.command()
@click.argument("document", type=click.Path(dir_okay=False))
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
    copy) and with the dataset now. Exit 0 when everything in the document is
    (or, without --apply, would be) in the dataset; 4 when anything is not:
    conflicts, changes that cannot apply, unmapped text, pending tracked
    changes (each is listed); 1 on errors, with nothing written.

    \b
    Example:
      scenes review edited.docx
      scenes review edited.docx --apply
      scenes review edited.docx --apply --accept-pending
    """
    from pipeline import api
    from pipeline import review as reviews
    from pipeline.review.package import Limits, read_file

    if force and not apply_:
        raise UsageError("--force only matters with --apply (it takes the document's side)")
    settings = state.settings
    path = api.dataset_path(source, settings)
    data = reviews.read_source(path, settings)
    limits = Limits(settings.limits.review_scenes)
    result = reviews.review(
        read_file(document, limits),
        document,
        data.dataset,
        accept_pending=accept_pending,
        limits=limits,
    )
    result = reviews.settle(result, data, force=force)  # the preview validates as --apply does
    _show_review(result)
    if apply_:
        _show_applied(path, reviews.apply(result, data, force=force), result)
    unresolved = result.unresolved(forced=force)
    if unresolved:
        what = ", ".join(_count(n, kind) for kind, n in unresolved.items())
        raise Unresolved(f"{'not applied' if apply_ else 'to resolve'}: {what} (listed above)")


def _count(n: int, kind: str) -> str:
    plural = {
        "change that cannot apply": "changes that cannot apply",
        "addition to a credits line": "additions to credits lines",
    }.get(kind, kind + "s")
    return f"{n} {kind if n == 1 else plural}"


def _value(v: Any) -> str:
    """A value exactly: text as it is when nothing in it is invisible (line breaks, tabs,
    leading or trailing spaces), else quoted with escapes; other values as JSON."""
    if v is None:
        return "(nothing)"
    if isinstance(v, str) and v and v == v.strip() and v.isprintable():
        return v
    shown = json.dumps(v, ensure_ascii=False)  # invisible characters (a no-break space) escaped
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in shown)


def _show_review(result: Review) -> None:
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
        click.secho(f"  - {_value(change.before)}", fg="red")
        click.secho(f"  + {_value(change.after)}", fg="green")
        if change.status == "conflict":
            click.secho(
                f"  now in the dataset: {_value(change.current)} ({change.reason})", fg="yellow"
            )
        elif change.status == "cannot":
            click.secho(f"  {change.reason}", fg="yellow")
    for owner, label, pending in result.pending:
        click.echo(
            f"pending {pending.kind} by {pending.author or 'someone'} in {owner} {label}"
            + pending.shown
        )
    for owner, label, comment in result.comments:
        click.echo(f"comment by {comment.author or 'someone'} on {owner} {label}: {comment.text}")
    for item in result.unmapped:
        if item.line and not item.inside:
            click.echo(
                f"added to the {item.line} line after {item.after}: {item.text!r} "
                f"(not applied: add it to the YAML by hand)"
            )
            continue
        inside = f" in {item.inside}" if item.inside in ("footnote", "endnote") else ""
        inside = inside or (f" in bookmark {item.inside!r}" if item.inside else "")
        click.echo(
            f"unmapped text{inside} after {item.after or 'the start'}: {item.text!r} "
            "(not applied; copy it by hand)"
        )


def _show_applied(path: Path, applied: Applied, result: Review) -> None:
    """What --apply wrote and, one line each, what it did not."""
    if applied.written:
        count = len(applied.written)
        changes = f"{count} change{'s' if count != 1 else ''}"
        click.echo(f"{path}: {changes} written and validated", err=True)
    else:
        click.echo(f"{path}: nothing written", err=True)
    for change in applied.skipped:
        why = "conflict" if change.status == "conflict" else change.reason
        click.echo(f"not written: {change.owner} {change.field} ({why})", err=True)
    for item in result.unmapped:
        what = (
            f"added to the {item.line} line" if item.line and not item.inside else "unmapped text"
        )
        click.echo(f"not written: {what} after {item.after or 'the start'}", err=True)
    if not result.accepted_pending:
        for owner, label, pending in result.pending:
            click.echo(
                f"not written: pending {pending.kind} in {owner} {label} (use --accept-pending)",
                err=True,
            )
