"""What exporting a feed adds to writing files: the guard on published identity (before any
file is written) and the WebSub ping (after), both driven by `api.export` and the CLI."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.errors import UsageError

if TYPE_CHECKING:
    from pipeline.model import Dataset
    from pipeline.settings import Settings
    from pipeline.websub import Ping
    from pipeline.writers import Registry, WriterOptions

Report = Callable[[str], None]
"""Called with a sentence about what an export did besides writing formats (the record of
published ids updated, an id retired, a hub told)."""


def guarded(names: Sequence[str], retire: Sequence[str]) -> bool:
    """Whether these formats publish guids; `retire` without one of them means nothing."""
    from pipeline import identity

    if identity.publishes(names):
        return True
    if retire:
        raise UsageError(
            f"--retire applies to the feed formats ({', '.join(identity.FEED_FORMATS)}), "
            "none of which is exported"
        )
    return False


def protect(
    dataset: Dataset,
    settings: Settings,
    retire: Sequence[str],
    report: Report | None,
    output_folder: Path | None = None,
    publishing: bool = True,
) -> None:
    """Hold the dataset to the record of published ids, and record what is published now
    (unless it is not `publishing`: a preview)."""
    from pipeline import identity

    path = identity.record_path(settings)
    with identity.held(path, output_folder):
        before = identity.read(path)
        record, path = identity.guard(dataset, settings, retire, path)
        changed = identity.save(record, path) if publishing else False
    if report is None:
        return
    for old in sorted(set(record.retired) - set(before.retired)):
        report(f"retired {old}: its guid {record.retired[old].guid} is published no more")
    for old in sorted(set(retire) & set(before.retired)):
        report(f"{old} was retired already")
    if changed:
        report(f"recorded the published ids in {path}: keep it with the dataset")


def ping(
    dataset: Dataset,
    formats: Iterable[str] = ("all",),
    out_dir: str | Path | None = None,
    options: WriterOptions | None = None,
    registry: Registry | None = None,
    report: Report | None = None,
) -> list[Ping]:
    """Tell the `[feed] hub` about each feed among `formats` in `out_dir` whose bytes it has
    not been told of (the output folder's manifest remembers), one request per feed. Raises
    HubRefused or HubUnavailable when a ping failed (after telling the hub the others)."""
    from pipeline import output, websub
    from pipeline.identity import FEED_FORMATS
    from pipeline.manifest import Manifest
    from pipeline.writers import WriterOptions, discover
    from pipeline.writers import _feed as feeds

    options = options or WriterOptions()
    settings = options.settings
    hub, registry = settings.feed.hub, registry or discover()
    if hub is None:
        raise UsageError("--ping needs a hub: set [feed] hub in the settings")
    names = [name for name in registry.expand(formats) if name in FEED_FORMATS]
    folder = Path(out_dir) if out_dir is not None else settings.path(settings.output_dir)
    pings: list[Ping] = []
    with output.locked(folder):
        manifest = Manifest(folder)
        for name in names:
            sha = manifest.unannounced(name, hub)
            if sha is None:
                continue
            topic = feeds.self_url(dataset, settings, registry.get(name).filename)
            result = websub.publish(hub, topic, settings.feed.hub_timeout)
            pings.append(result)
            if result.ok:
                manifest.announced(name, hub, sha)
                if report is not None:
                    report(f"pinged {hub}: {topic} ({name}) changed")
        manifest.save()
    if report is not None and not pings:
        report(f"hub {hub} knows every feed already: nothing to ping")
    failure = websub.verdict(hub, pings)
    if failure is not None:
        raise failure
    return pings
