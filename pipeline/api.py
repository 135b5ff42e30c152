"""The Python API the CLI wraps: load, render, export. No click here."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

from pipeline.errors import OutputError, PipelineError, WriterError
from pipeline.options import read_template as read_template
from pipeline.options import read_template_folder as read_template_folder
from pipeline.options import writer_options as writer_options
from pipeline.publish import Report as Report
from pipeline.publish import ping as ping

if TYPE_CHECKING:
    from pipeline.model import Dataset
    from pipeline.settings import Settings
    from pipeline.source import Document
    from pipeline.writers import Registry, Writer, WriterOptions

STDOUT_NAMES = ("-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1")
"""Destinations that mean this process's standard output, written as it is (never reopened)."""

Progress = Callable[[str, int, int], None]
"""Called as each format starts, with its name, the work done and the work in all: each
format weighs what it costs to render (`spread.cost`), so an estimate from it is by work."""
WORK_UNITS = 100
"""Units of progress per second a format costs at 100,000 scenes (`spread.COST`)."""


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Building many small objects that never form cycles (parsing, validating, rendering)
    makes CPython's cyclic collector run over and over for nothing: pausing it halves the
    time of a large validation. Reference counting still frees everything as usual."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class Written(msgspec.Struct, frozen=True):
    format: str
    path: Path
    changed: bool
    """False when the file already held exactly these bytes and was left alone."""


def read_document(path: str | Path | None = None, settings: Settings | None = None) -> Document:
    """Read and parse the source (within the size limit) without validating it."""
    from pipeline import source
    from pipeline.settings import Settings

    settings = settings or Settings()
    path = Path(path) if path is not None else settings.path(settings.source)
    with paused_gc():
        return source.read(path, max_bytes=settings.limits.max_source_bytes)


def load(path: str | Path | None = None, settings: Settings | None = None) -> Dataset:
    """Read and validate the dataset. Raises ValidationError listing every problem.

    The same bytes validated before (by the same code) come from the cache (`pipeline.cache`)
    without being parsed again."""
    from pipeline import cache, source
    from pipeline.settings import Settings

    settings = settings or Settings()
    path = dataset_path(path, settings)
    raw = source.read_bytes(path, settings.limits.max_source_bytes)
    with paused_gc():
        cached = cache.dataset(raw)
        if cached is not None:
            return cached
        from pipeline.validate import validate

        dataset = validate(source.parse(raw, str(path)))
        cache.store(raw, dataset)
    return dataset


def dataset_path(path: str | Path | None, settings: Settings) -> Path:
    """The dataset to read: `path` when given, else the one the `source` setting names;
    MissingDataset when that one does not exist."""
    if path is not None:
        return Path(path)
    found = settings.path(settings.source)
    if not (found.exists() or found.is_symlink()):
        from pipeline.errors import MissingDataset

        raise MissingDataset(f"{found}: no such file")
    return found


def dataset_from(data: dict[str, Any], name: str = "<data>") -> Dataset:
    """Validate plain data into a Dataset: shaped like the YAML source, or the JSON export
    read back (its schema_version and each claim's computed `reality` are set aside; anything
    else unknown is an error). ValidationError names each problem's field."""
    from pipeline.validate import validate_data

    with paused_gc():
        return validate_data(_without_computed(data), name)


def _without_computed(data: dict[str, Any]) -> dict[str, Any]:
    if not (isinstance(data, dict) and "schema_version" in data):
        return data  # not the JSON export: nothing computed to set aside
    data = {k: v for k, v in data.items() if k != "schema_version"}
    scenes = data.get("scenes")
    if isinstance(scenes, list):
        data["scenes"] = [
            {**s, "claims": [_claim_only(c) for c in s["claims"]]}
            if isinstance(s, dict) and isinstance(s.get("claims"), list)
            else s
            for s in scenes
        ]
    return data


def _claim_only(claim: Any) -> Any:
    return {k: v for k, v in claim.items() if k != "reality"} if isinstance(claim, dict) else claim


def render(
    dataset: Dataset,
    format: str,
    options: WriterOptions | None = None,
    registry: Registry | None = None,
) -> bytes:
    """The bytes one format produces for `dataset`."""
    from pipeline.writers import WriterOptions, discover

    writer = (registry or discover()).get(format)
    with paused_gc():
        return _render(writer, dataset, options or WriterOptions())


def _render(writer: Writer, dataset: Dataset, options: WriterOptions) -> bytes:
    from pipeline import interrupts

    try:
        data = writer.render(dataset, options)
    except PipelineError:
        raise
    except SystemExit as exc:  # a plugin cannot end the process, nor stop the other formats
        raise WriterError(
            f"writer {writer.name!r} tried to end the process (SystemExit {exc.code!r})"
        ) from None
    except Exception as exc:  # a third-party writer's bug must not take the other formats down
        if interrupts.requested():  # Ctrl-C or SIGTERM, whatever a library wrapped it in
            interrupts.raise_again()
        raise WriterError(f"writer {writer.name!r} failed: {type(exc).__name__}: {exc}") from exc
    if not isinstance(data, bytes):
        raise WriterError(f"writer {writer.name!r} returned {type(data).__name__}, not bytes")
    return data


def export(
    dataset: Dataset,
    formats: Iterable[str] = ("all",),
    out_dir: str | Path | None = None,
    options: WriterOptions | None = None,
    registry: Registry | None = None,
    progress: Progress | None = None,
    jobs: int | None = 1,
    retire: Iterable[str] = (),
    report: Report | None = None,
    publishing: bool = True,
) -> list[Written]:
    """Write each format into `out_dir` atomically; unchanged files are not rewritten, and a
    format whose inputs have not changed since the last export is not even rendered.

    Exporting a feed format first holds the dataset to the record of published ids
    (`pipeline.identity`): a published guid that would be dropped or changed stops the export
    (IdentityError) before anything is written, unless its id is in `retire`. Once a feed
    file is in the folder (written, or found unchanged), the record gains the ids it
    publishes and `report` is told so; an export that fails before then changes nothing, and
    a preview (`publishing=False`) is held to the record but adds nothing to it.

    Formats are written one at a time, each file atomically. With `jobs` above 1 (None: one
    per core this process may use), from `spread.SPREAD_FROM` scenes, they are rendered in up
    to that many forked processes at once, and this process writes every file. The default
    is 1, no fork: forking a program that runs other threads is unsafe, so a library user
    asks for it (the command line does). A format that
    fails is reported (WriterError, after the others are written); its previous output stays
    as it was. Two formats that would write one file name stop the export before anything is
    written.
    """
    from pipeline import output, publish, serialize, spread
    from pipeline.manifest import Manifest
    from pipeline.writers import WriterOptions, discover, output_name

    options = options or WriterOptions()
    registry = registry or discover()
    folder = (
        Path(out_dir) if out_dir is not None else options.settings.path(options.settings.output_dir)
    )
    writers, failures = _load_writers(registry, formats)
    retire = tuple(retire)
    guarded = publish.guarded([w.name for w in writers], retire)
    if jobs is None:
        jobs = spread.jobs_available()
    if len(dataset.scenes) < spread.SPREAD_FROM:
        jobs = 1
    written: dict[str, Written] = {}
    with (
        output.locked(folder),
        publish.recording(
            guarded, dataset, options.settings, retire, folder, publishing
        ) as publication,
    ):
        manifest = Manifest(folder)
        digest = serialize.digest(dataset)
        due: list[Writer] = []
        prints: dict[str, str] = {}
        for writer in writers:
            path = output.target(folder, output_name(writer))
            prints[writer.name] = manifest.fingerprint(writer, digest, options)
            if manifest.fresh(writer.name, prints[writer.name], path):
                written[writer.name] = Written(writer.name, path, False)
                publish.in_place(publication, writer.name, path, report)
            else:
                due.append(writer)

        def render(writer: Writer) -> bytes:
            return _render(writer, dataset, options)

        work = {w.name: max(1, round(spread.cost(w) * WORK_UNITS)) for w in due}
        finished: list[str] = []

        def starting(writer: Writer, done: int) -> None:
            """Progress by work, not by formats: the DOCX is 60 times a feed."""
            if progress is not None:
                progress(writer.name, sum(work[name] for name in finished), sum(work.values()))
            finished.append(writer.name)

        unwritten = 0  # failures that are a file not written (the rest: formats not made)
        with paused_gc(), spread.rendered(due, render, jobs, starting) as results:
            for writer, data in results:  # one output in memory at a time
                if isinstance(data, WriterError):
                    failures.append(str(data))
                    continue
                path = output.target(folder, output_name(writer))
                try:
                    changed = output.write(path, data)
                except OutputError as exc:  # this file alone: the others are written, at any -j
                    failures.append(str(exc))
                    unwritten += 1
                    continue
                publish.in_place(publication, writer.name, path, report)
                manifest.record(writer.name, prints[writer.name], data)
                written[writer.name] = Written(writer.name, path, changed)
                del data  # before the next format renders
        manifest.save()
    in_order = [written[w.name] for w in writers if w.name in written]
    if failures:
        done_names = ", ".join(w.format for w in in_order) or "nothing"
        kind = OutputError if unwritten == len(failures) else WriterError
        error = kind("\n".join([*failures, f"(written: {done_names})"]))
        error.written = in_order  # type: ignore[attr-defined]
        raise error
    return in_order


def _load_writers(registry: Registry, formats: Iterable[str]) -> tuple[list[Writer], list[str]]:
    """The writers asked for, and the failures of those that cannot be loaded; two formats that
    would write one file name are refused before anything is written."""
    from pipeline.writers import output_name

    writers, failures, files = [], [], {}
    for name in registry.expand(formats):
        try:
            writer = registry.get(name)
        except WriterError as exc:
            failures.append(str(exc))
            continue
        filename = output_name(writer)
        if filename in files:
            raise WriterError(f"formats {files[filename]!r} and {name!r} both write {filename!r}")
        files[filename] = name
        writers.append(writer)
    return writers, failures


def export_one(
    dataset: Dataset,
    format: str,
    destination: str | Path,
    options: WriterOptions | None = None,
    registry: Registry | None = None,
    retire: Iterable[str] = (),
    report: Report | None = None,
) -> Written:
    """Write one format to an explicit file, or to standard output when destination is "-".
    A feed is held to the record of published ids, as by `export`; written to a regular file,
    its ids are recorded once it is in place; to a stream or a device (standard output,
    /dev/null, a FIFO) they are not."""
    from pipeline import output, publish
    from pipeline.writers import WriterOptions

    data = render(dataset, format, options, registry)
    retire = tuple(retire)
    shown = str(destination)
    stream = shown in STDOUT_NAMES or output.is_stream(Path(destination))
    guarded = publish.guarded([format], retire)
    settings = (options or WriterOptions()).settings
    with publish.recording(guarded, dataset, settings, retire, None, not stream) as publication:
        written = _write_one(format, destination, data)
        if publication is None:
            return written
        if stream:
            publication.unrecorded("standard output" if shown in STDOUT_NAMES else shown, report)
        else:
            publication.published(report)
    return written


def _write_one(format: str, destination: str | Path, data: bytes) -> Written:
    from pipeline import output

    if str(destination) in STDOUT_NAMES:
        from pipeline.streams import write_stdout

        write_stdout(data)
        return Written(format, Path("-"), True)
    path = Path(destination)
    if path.is_dir():
        raise OutputError(f"{path}: is a folder; use --out for a folder, -o for a file")
    try:  # as --out makes its folder, -o makes the file's
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{path.parent}: cannot make the folder: {exc.strerror}") from None
    return Written(format, path, output.write(path, data))
