"""`scenes serve`: a thin layer over `pipeline.preview`."""

from __future__ import annotations

import os
import time
from typing import TYPE_CHECKING

import click

from pipeline.cli.base import State, cli, warn

if TYPE_CHECKING:
    from pipeline.preview.site import Outcome

DEFAULT_PORT = 8000


def _address(_ctx: click.Context, _param: click.Parameter, value: str) -> str:
    """An IP address (or `localhost`): a host name would mean a name lookup, and whichever
    address it gave."""
    import ipaddress

    if value == "localhost":
        return "127.0.0.1"
    try:
        return str(ipaddress.ip_address(value.strip("[]")))
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not an IP address (e.g. 127.0.0.1, 0.0.0.0, ::1)"
        ) from None


@cli.command()
@click.option(
    "-p",
    "--port",
    type=click.IntRange(0, 65535),
    default=DEFAULT_PORT,
    show_default=True,
    help="Port to listen on; 0 picks a free one (the URL is printed).",
)
@click.option(
    "--bind",
    "address",
    default="127.0.0.1",
    show_default=True,
    callback=_address,
    metavar="ADDRESS",
    help="Address to listen on. Any but a loopback one lets other machines read the preview.",
)
@click.option("--open", "open_browser", is_flag=True, help="Open the preview in a web browser.")
@click.option("--source", type=click.Path(dir_okay=False), help="Dataset to preview.")
@click.pass_obj
def serve(state: State, port: int, address: str, open_browser: bool, source: str | None) -> None:
    """Preview every output live: rebuilt on each save, open pages reloaded.

    Builds into a temporary folder (never outputs/, never the newsletter's
    ledger) and serves it with an index: the article page, the text at its
    width, the feeds, the JSON, this period's newsletter issue, the reality
    check, the DOCX. A change that breaks the data or a template keeps the
    last good pages and shows every problem over them. Ctrl-C stops it.

    \b
    Example:
      scenes serve                        # then open http://127.0.0.1:8000/
      scenes serve --port 0 --open        # any free port, in your browser
      scenes serve --bind 0.0.0.0         # others on your network may look
    """
    from pipeline.preview.serve import is_loopback
    from pipeline.preview.serve import serve as run
    from pipeline.writers import discover

    if not is_loopback(address):
        warn(
            [
                f"listening on {address}: anyone who can reach this machine can read the "
                "preview (unpublished data, the next newsletter)"
            ]
        )
    registry = discover()
    warn(registry.problems)

    def ready(url: str) -> None:
        click.echo(f"serving {url} (Ctrl-C to stop)")
        if open_browser:
            import webbrowser

            webbrowser.open(url)

    run(
        address,
        port,
        config=state.config,
        source=source,
        source_date_epoch=os.environ.get("SOURCE_DATE_EPOCH"),
        registry=registry,
        ready=ready,
        report=_tell,
    )


def _tell(outcome: Outcome) -> None:
    """One line per build on standard error: what changed, what was rebuilt, how long it
    took, problems found (then the problems themselves, as the commands print them)."""
    first = not outcome.changed
    cause = f"{', '.join(outcome.changed)} changed" if not first else "first build"
    if outcome.rebuilt:
        done = f"{'built' if first else 'rebuilt'} {', '.join(outcome.rebuilt)}"
    else:
        done = "nothing built" if first else "no output changed"
    parts = [f"{time.strftime('%H:%M:%S')} {cause}: {done} in {outcome.seconds:.2f} s"]
    if outcome.count:
        problems = f"{outcome.count} problem{'s' if outcome.count != 1 else ''}"
        parts.append(problems if first else f"{problems}; the pages show the last good build")
    click.echo("; ".join(parts), err=True)
    if outcome.problems:
        click.echo(outcome.problems, err=True)
