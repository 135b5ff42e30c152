"""What exporting a feed adds to writing files: the guard on published identity (before any
file is written), the record of what was published (once a feed is in place, never for a
stream or an export that failed first) and the WebSub ping (after), all driven by
`api.export` and the CLI."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.errors import UsageError

if TYPE_CHECKING:
    from pipeline.identity import Record
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


class Publication:
    """The record of published ids as this export leaves it, put in place by `published()`
    once a feed holding those items is in place; until then the record is as it was."""

    def __init__(
        self,
        record: Record,
        before: Record,
        retire: Sequence[str],
        path: Path,
        place: Callable[[], bool] | None = None,
    ) -> None:
        self.path, self._place = path, place
        self.retiring = sorted(set(record.retired) - set(before.retired))
        """Ids `--retire` takes out of the record now."""
        self._notes = [
            f"retired {old}: its guid {record.retired[old].guid} is published no more"
            for old in self.retiring
        ] + [f"{old} was retired already" for old in sorted(set(retire) & set(before.retired))]
        self.recorded: bool | None = None
        """None until `published()` records; then whether the record's file changed."""

    def published(self, report: Report | None) -> None:
        """A feed file with this export's items was written (or found unchanged) where
        readers fetch it: record them (once, whichever feed comes first)."""
        if self.recorded is not None or self._place is None:
            return
        self.recorded = self._place()
        if report is None:
            return
        for note in self._notes:
            report(note)
        if self.recorded:
            report(f"recorded the published ids in {self.path}: keep it with the dataset")

    def unrecorded(self, destination: str, report: Report | None) -> None:
        """Said of `--retire` in an export to a stream, which records nothing."""
        if self.retiring and report is not None:
            report(
                f"{', '.join(self.retiring)}: left out of this feed only; {destination} is not "
                "a file, so the record of published ids is unchanged (an export into a folder "
                "or a file retires an id)"
            )


@contextlib.contextmanager
def recording(
    guarded: bool,
    dataset: Dataset,
    settings: Settings,
    retire: Sequence[str],
    output_folder: Path | None = None,
    publishing: bool = True,
) -> Iterator[Publication | None]:
    """When the export is `guarded` (it has a feed format), hold the dataset to the record of
    published ids (IdentityError or UsageError before anything is written), then yield the
    Publication that records this export's items once a feed is in place (None when not
    guarded). Publishing, the record's folder stays locked throughout, and the new record
    waits in a temporary file beside it: a record that cannot be written stops the export
    before any output is. An export that fails first, a preview or a stream
    (`publishing=False`) changes nothing."""
    from pipeline import identity, output

    if not guarded:
        yield None
        return
    path = identity.record_path(settings)
    if not publishing:  # the record is only read: held no longer than that
        with identity.held(path, output_folder):
            before = identity.read(path)
            record, path = identity.guard(dataset, settings, retire, path)
        yield Publication(record, before, retire, path)
        return
    with identity.held(path, output_folder):
        before = identity.read(path)
        record, path = identity.guard(dataset, settings, retire, path)
        identity.check_folder(path)
        with output.staged(path, identity.encode(record)) as place:
            yield Publication(record, before, retire, path, place)


def in_place(publication: Publication | None, name: str, path: Path, report: Report | None) -> None:
    """Format `name` is in place at `path`: when it is a feed, written as a file readers fetch
    (not through a stream or a device), record the ids it publishes."""
    from pipeline import output
    from pipeline.identity import FEED_FORMATS

    if publication is not None and name in FEED_FORMATS and not output.is_stream(path):
        publication.published(report)


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
