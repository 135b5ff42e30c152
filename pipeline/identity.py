"""Published identity: the record of every guid the feeds have published, and the guard that
refuses an export which would drop or change one.

Feed readers know an item by its guid alone; a guid that disappears while its scene lives on
under another id shows every subscriber the scene again as new (11ty/eleventy-plugin-rss#67,
getnikola/nikola#2378). So each export of a feed first compares the scenes with the record:
every id whose guid was published must still be a scene's identity (its id, or its first
former id), or be retired on purpose (`--retire ID`, recorded, so it is asked once). Then,
once a feed file is in place (`pipeline.publish`), the record gains the items it published:
never before, so an export that fails, a preview or a stream (`-o -`, /dev/null) adds
nothing.

The record (`scenes.published-ids.json` beside `scenes.yaml`: named after the dataset it
belongs to; or `[feed] published_ids`) is data, kept with the dataset in version control: an
empty or fresh outputs/ folder, a new machine or a CI checkout still has it. It is read as untrusted input (checked on decoding) and written
atomically, only when it changes.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import msgspec

from pipeline.errors import PipelineError, UsageError

if TYPE_CHECKING:
    from pipeline.model import Dataset, Scene
    from pipeline.settings import Settings

FEED_FORMATS = ("rss", "atom", "jsonfeed")
"""The formats that publish guids: exporting any of them checks and updates the record."""
RECORD_SUFFIX = ".published-ids.json"
"""After the dataset's name: `scenes.yaml` -> `scenes.published-ids.json`."""
VERSION = 1
ABOUT = (
    "The feed guids `scenes export` has published, by scene id. Keep this file with the "
    "dataset, in version control: exports refuse to drop or change a guid listed here (rename "
    "a scene with former_ids; remove one for good with `scenes export --retire ID`)."
)
_Id = Annotated[str, msgspec.Meta(pattern=r"\A[a-z0-9]+(?:-[a-z0-9]+)*\Z", max_length=80)]


class Published(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """One published item: its guid, and what it was about when last exported (to recognise
    a renamed scene by its heading or films)."""

    guid: str
    heading: str
    films: tuple[str, ...] = ()


class Record(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    about: str = ABOUT
    version: int = VERSION
    published: dict[_Id, Published] = {}
    """Ids whose guid a feed has published (and not retired)."""
    retired: dict[_Id, Published] = {}
    """Ids removed on purpose, with what they were: never asked about again."""


class IdentityError(PipelineError):
    """An export would drop or change a published guid; nothing was written."""


def record_path(settings: Settings) -> Path:
    """Where the record lives: `[feed] published_ids`, else beside the dataset (`source`),
    named after it. Each dataset has its own: a draft or a benchmark's data never adds its
    ids to the real one's."""
    if settings.feed.published_ids:
        return settings.path(settings.feed.published_ids)
    source = settings.path(settings.source)
    return source.with_name(source.stem + RECORD_SUFFIX)


def publishes(formats: Iterable[str]) -> bool:
    """Whether exporting these formats publishes guids."""
    return any(name in FEED_FORMATS for name in formats)


def read(path: Path) -> Record:
    """The record at `path`, or an empty one when there is none yet. A damaged record is an
    error, never an empty record: that would switch the guard off."""
    from pipeline.source.files import DEFAULT_MAX_BYTES, NotAFile, read_at_most

    try:
        data = read_at_most(path, DEFAULT_MAX_BYTES)
    except FileNotFoundError:
        return Record()
    except NotAFile as exc:
        raise PipelineError(
            f"{path}: is {exc.kind}, expected the record of published ids"
        ) from None
    except OSError as exc:
        raise PipelineError(
            f"{path}: cannot read the record of published ids: {exc.strerror}"
        ) from None
    if len(data) > DEFAULT_MAX_BYTES:
        raise PipelineError(f"{path}: larger than 64 MiB; not a record of published ids")
    try:
        record = msgspec.json.decode(data, type=Record)
    except msgspec.DecodeError as exc:
        raise PipelineError(
            f"{path}: not a record of published ids ({exc}); restore it from version control"
        ) from None
    if record.version > VERSION:
        raise PipelineError(f"{path}: made by a newer scenes (record version {record.version})")
    return record


def encode(record: Record) -> bytes:
    """The record as reviewable JSON: keys sorted, one id per line, a final newline."""
    data = msgspec.json.encode(record, order="sorted")
    return msgspec.json.format(data, indent=2) + b"\n"


@contextlib.contextmanager
def held(path: Path, output_folder: Path | None = None) -> Iterator[None]:
    """The record's folder, locked against another export (unless it is the output folder,
    which the export holds already)."""
    from pipeline import output, portable

    folder = path.parent
    same = output_folder is not None and _same_folder(folder, output_folder)
    if same or not folder.is_dir():
        yield
        return
    lock = portable.folder_lock(folder)
    try:
        lock.__enter__()
    except OSError as exc:  # where the lock is a file (Windows): a folder it cannot be made in
        raise PipelineError(
            f"{folder}: cannot lock the folder of the record of published ids: {exc.strerror}"
        ) from None
    try:
        output.remove_stale_temporaries(folder)  # a record staged by an export since killed
        yield
    finally:
        lock.__exit__(None, None, None)


def _same_folder(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def guard(
    dataset: Dataset, settings: Settings, retire: Iterable[str] = (), path: Path | None = None
) -> tuple[Record, Path]:
    """The record as it will be after this export, and where it lives. Raises UsageError for a
    `retire` that means nothing, IdentityError when a published guid would be dropped or
    changed."""
    from pipeline.writers import _feed as feeds

    path = path if path is not None else record_path(settings)
    record = read(path)
    retiring = _retiring(dataset, record, list(dict.fromkeys(retire)), path)
    problems = _problems(dataset, record, set(retiring), path)
    if problems:
        count = len(problems)
        raise IdentityError(
            "\n".join(
                [
                    *problems,
                    f"{count} published guid{'s' if count != 1 else ''} would be dropped or "
                    "changed; nothing was written",
                ]
            )
        )
    published = {k: v for k, v in record.published.items() if k not in retiring}
    retired = {**record.retired, **{k: record.published[k] for k in retiring}}
    for _number, scene in feeds.items(dataset, settings):
        published[scene.identity] = _entry(scene)
        retired.pop(scene.identity, None)  # a scene brought back is published again
    return msgspec.structs.replace(
        record, published=dict(sorted(published.items())), retired=dict(sorted(retired.items()))
    ), path


def check_folder(path: Path) -> None:
    """The record is written into an existing folder (beside its dataset), never makes one."""
    if not path.parent.is_dir():
        raise PipelineError(f"{path.parent}: no such folder for the record of published ids")


def _entry(scene: Scene) -> Published:
    from pipeline.wording import film_line
    from pipeline.writers._feed import scene_guid

    return Published(
        guid=scene_guid(scene),
        heading=scene.heading,
        films=tuple(film_line((film,)) for film in scene.films),
    )


def _claimed(dataset: Dataset) -> dict[str, Scene]:
    """Every id a scene holds (its id and its former ids) -> the scene."""
    return {i: s for s in dataset.scenes for i in (s.id, *s.former_ids)}


def _retiring(dataset: Dataset, record: Record, retire: list[str], path: Path) -> list[str]:
    """The ids `--retire` removes now; a usage error for one still in the data, or never
    published. An id retired before is simply still retired."""
    claimed = _claimed(dataset)
    retiring = []
    for old in retire:
        scene = claimed.get(old)
        if scene is not None:
            how = "its id" if scene.id == old else "in its former_ids"
            raise UsageError(
                f"--retire {old}: scene {scene.id!r} still has it ({how}); only an id no "
                "scene holds any more can be retired"
            )
        if old in record.published:
            retiring.append(old)
        elif old not in record.retired:
            gone = sorted(set(record.published) - {s.identity for s in dataset.scenes})
            known = (
                f"ids published and now missing: {', '.join(gone)}"
                if gone
                else "every id it records is still in the dataset"
            )
            raise UsageError(f"--retire {old}: {path} has no published guid for it ({known})")
    return retiring


def _problems(dataset: Dataset, record: Record, retiring: set[str], path: Path) -> list[str]:
    identities = {s.identity for s in dataset.scenes}
    claimed = _claimed(dataset)
    problems = []
    for old, entry in record.published.items():
        if old in identities or old in retiring:
            continue
        scene = claimed.get(old)
        if scene is not None:
            problems.append(_moved(old, entry, scene, record))
        else:
            problems.append(_missing(old, entry, dataset, record, path))
    return problems


def _moved(old: str, entry: Published, scene: Scene, record: Record) -> str:
    """The id is still the scene's, but its guid now comes from another id."""
    if scene.identity in record.published:  # two published items merged into one scene
        way = (
            f"{scene.identity!r} was published too, and a scene keeps one guid: remove {old!r} "
            f"from its former_ids and export with --retire {old}, or keep two scenes"
        )
    else:
        way = f"list {old!r} first in its former_ids"
    return (
        f"{old}: its guid {entry.guid} was published, but scene {scene.id!r} now takes its guid "
        f"from {scene.identity!r}; {way}"
    )


def _missing(old: str, entry: Published, dataset: Dataset, record: Record, path: Path) -> str:
    """No scene holds the id: name the new scene that looks like its rename, if one does."""
    fresh = [s for s in dataset.scenes if s.identity not in record.published]
    lookalikes = [(s, _alike(entry, s)) for s in fresh]
    named = [f"{s.id!r} looks like its rename ({why})" for s, why in lookalikes if why]
    found = "; ".join(named) if named else "no scene looks like its rename"
    return (
        f"{old}: {entry.heading!r} (guid {entry.guid}) was published by an earlier export "
        f"(recorded in {path}), but no scene has that id now; {found}. To keep readers from "
        f"seeing it again as new, add `former_ids: [{old}]` to the renamed scene; if it is gone "
        f"for good, export with --retire {old}"
    )


def _alike(entry: Published, scene: Scene) -> str:
    """Why `scene` looks like the published item: 'same heading', 'same film', or ''."""
    from pipeline.wording import film_line

    if scene.heading.casefold() == entry.heading.casefold():
        return "same heading"
    films = {film_line((film,)) for film in scene.films}
    return "same film" if films & set(entry.films) else ""
