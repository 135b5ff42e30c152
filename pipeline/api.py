"""The Python API the CLI wraps: load, render, export. No click here."""

from __future__ import annotations

import contextlib
import gc
import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.diagnostics import OutputError, PipelineError, WriterError

if TYPE_CHECKING:
    from pipeline.model import Dataset
    from pipeline.settings import Settings
    from pipeline.writers import Registry, Template, Writer, WriterOptions


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


@dataclass(frozen=True)
class Written:
    format: str
    path: Path
    changed: bool
    """False when the file already held exactly these bytes and was left alone."""


def load(path: str | Path | None = None, settings: Settings | None = None) -> Dataset:
    """Read and validate the dataset. Raises ValidationError listing every problem."""
    from pipeline import source
    from pipeline.settings import Settings
    from pipeline.validate import validate

    settings = settings or Settings()
    path = Path(path) if path is not None else settings.path(settings.source)
    with paused_gc():
        document = source.read(path, max_bytes=settings.limits.max_source_bytes)
        return validate(document)  # type: ignore[no-any-return]


def read_template(path: str | Path) -> Template:
    """A user's template file, read here so writers never touch the file system."""
    from pipeline.writers import Template

    try:
        return Template(str(path), Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise PipelineError(f"{path}: cannot read template: {reason}") from None


def writer_options(
    settings: Settings,
    template: str | Path | None = None,
    reference_docx: str | Path | None = None,
    source_date_epoch: str | None = None,
) -> WriterOptions:
    """Everything writers need, files read here: flags win over settings.

    `source_date_epoch` is the SOURCE_DATE_EPOCH value (seconds since 1970, as text) or None.
    """
    from pipeline.writers import WriterOptions

    template = template or (
        settings.path(settings.text.template) if settings.text.template else None
    )
    reference = reference_docx or (
        settings.path(settings.docx.reference) if settings.docx.reference else None
    )
    epoch = None
    if source_date_epoch not in (None, ""):
        try:
            epoch = int(source_date_epoch)  # type: ignore[arg-type]
        except ValueError:
            raise PipelineError(
                f"SOURCE_DATE_EPOCH must be a whole number of seconds, not {source_date_epoch!r}"
            ) from None
    return WriterOptions(
        settings=settings,
        template=read_template(template) if template else None,
        reference_docx=_read_bytes(reference, "reference document") if reference else None,
        reference_name=str(reference or ""),
        source_date_epoch=epoch,
    )


def _read_bytes(path: str | Path, what: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise PipelineError(f"{path}: cannot read {what}: {exc.strerror}") from None


def output_name(writer: Writer) -> str:
    """The file a format writes in the output folder: scenes.<ext> unless it names its own."""
    return getattr(writer, "filename", None) or f"scenes{writer.extension}"


def render(
    dataset: Dataset,
    format: str,
    options: WriterOptions | None = None,
    registry: Registry | None = None,
) -> bytes:
    """The bytes one format produces for `dataset`."""
    from pipeline.writers import WriterOptions, discover

    registry = registry or discover()
    writer = registry.get(format)
    with paused_gc():
        return _render(writer, dataset, options or WriterOptions())


def _render(writer: Writer, dataset: Dataset, options: WriterOptions) -> bytes:
    try:
        data = writer.render(dataset, options)
    except PipelineError:
        raise
    except Exception as exc:  # a third-party writer's bug must not take the other formats down
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
    progress: Callable[[str], None] | None = None,
) -> list[Written]:
    """Write each format into `out_dir` atomically; unchanged files are not rewritten, and a
    format whose inputs have not changed since the last export is not even rendered.
    `progress`, when given, is called with each format's name before it is rendered.

    Formats are rendered and written one at a time, each file atomically. A format that fails
    is reported (WriterError, after the others are written); its previous output stays as it
    was. Two formats that would write one file name stop the export before anything is written.
    """
    from pipeline import output
    from pipeline.manifest import Manifest
    from pipeline.writers import WriterOptions, discover

    options = options or WriterOptions()
    registry = registry or discover()
    folder = (
        Path(out_dir) if out_dir is not None else options.settings.path(options.settings.output_dir)
    )
    writers, failures = [], []
    for name in registry.expand(formats):
        try:
            writers.append(registry.get(name))
        except WriterError as exc:
            failures.append(str(exc))
    _refuse_clashes([(w.name, output_name(w)) for w in writers])
    written = []
    with output.locked(folder):
        manifest = Manifest(folder)
        digest = hashlib.sha256(dataset.model_dump_json().encode("utf-8")).hexdigest()
        for writer in writers:  # one output in memory at a time: 100,000 scenes stay small
            path = output.target(folder, output_name(writer))
            fingerprint = manifest.fingerprint(writer, digest, options)
            if manifest.fresh(writer.name, fingerprint, path):
                written.append(Written(writer.name, path, False))
                continue
            if progress is not None:
                progress(writer.name)
            try:
                with paused_gc():
                    data = _render(writer, dataset, options)
            except WriterError as exc:
                failures.append(str(exc))
                continue
            written.append(Written(writer.name, path, output.write_atomic(path, data)))
            manifest.record(writer.name, fingerprint, data)
            del data
        manifest.save()
    if failures:
        done = ", ".join(w.format for w in written) or "nothing"
        raise WriterError("\n".join([*failures, f"(written: {done})"]))
    return written


def export_one(
    dataset: Dataset,
    format: str,
    destination: str | Path,
    options: WriterOptions | None = None,
    registry: Registry | None = None,
) -> Written:
    """Write one format to an explicit file, or to standard output when destination is "-"."""
    from pipeline import output

    data = render(dataset, format, options, registry)
    if str(destination) == "-":
        output.write_stdout(data)
        return Written(format, Path("-"), True)
    path = Path(destination)
    if path.is_dir():
        raise OutputError(f"{path}: is a folder; use --out for a folder, -o for a file")
    if not path.parent.is_dir():
        raise OutputError(f"{path.parent}: no such folder")
    return Written(format, path, output.write_atomic(path, data))


def _refuse_clashes(names: Sequence[tuple[str, str]]) -> None:
    seen: dict[str, str] = {}
    for name, filename in names:
        if filename in seen:
            raise WriterError(f"formats {seen[filename]!r} and {name!r} both write {filename!r}")
        seen[filename] = name
