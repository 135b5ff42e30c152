"""The preview's own pages, written into the site after each build from what it holds: the
index, a page per textual output, the newsletter issue and the reality check. Each is written
atomically, and only when its bytes change (so only pages that show something new reload)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from pipeline.errors import PipelineError
from pipeline.output import write_atomic
from pipeline.preview import pages
from pipeline.preview.pages import Output

if TYPE_CHECKING:
    from pipeline.model import Dataset
    from pipeline.preview.letter import Preview
    from pipeline.settings import Settings
    from pipeline.writers import Registry


class Site(Protocol):
    """What the pages show of the site (`pipeline.preview.site.Site`): its folder, what it
    built last, and where its inputs are."""

    root: Path
    registry: Registry
    settings: Settings | None
    dataset: Dataset | None
    letter: Preview | None
    report: list[str] | None

    @property
    def settings_file(self) -> Path: ...

    @property
    def source_path(self) -> Path: ...


PREVIEW = "_preview"
"""The folder of the preview's own pages: an output's name starts with a letter or digit,
so none can take its place."""


def write_pages(site: Site) -> None:
    folder = site.root / PREVIEW
    (folder / "view").mkdir(parents=True, exist_ok=True)
    shown = outputs(site)
    for output in shown:
        if output.built and output.textual and not output.page:
            _write(site.root / pages.view_name(output.file), _file_page(site, output))
    if site.letter is not None:
        width = site.settings.newsletter.width if site.settings else 72
        _write(folder / "letter.html", pages.letter(site.letter, width))
    if site.report is not None:
        _write(folder / "check.html", pages.check(site.report))
    _write(folder / "index.html", _index(site, shown))


def outputs(site: Site) -> list[Output]:
    """Every format the registry offers, built or not yet (a plugin that cannot be loaded is
    left out here; the export reports it)."""
    from pipeline.writers import output_name

    found = []
    for name in site.registry.names():
        try:
            writer = site.registry.get(name)
        except PipelineError:
            continue
        file = output_name(writer)
        built = (site.root / file).is_file()
        found.append(Output(format=name, file=file, media_type=writer.media_type, built=built))
    return pages.ordered(found)


def media_types(site: Site) -> dict[str, str]:
    """The media type of each output file, as its writer declares it."""
    return {output.file: output.media_type for output in outputs(site)}


def _file_page(site: Site, output: Output) -> bytes:
    content = (site.root / output.file).read_bytes().decode("utf-8", errors="replace")
    width = site.settings.text.width if output.format == "text" and site.settings else None
    return pages.file_view(
        file=output.file,
        label=output.label,
        media_type=output.media_type,
        content=content,
        width=width,
    )


def _index(site: Site, shown: list[Output]) -> bytes:
    dataset = site.dataset
    letters = site.letter.letters if site.letter else ()
    if letters:
        letter_summary = f"Issue {letters[0].number}, {letters[0].period}: {letters[0].subject}"
    elif site.letter is not None:
        letter_summary = " ".join(site.letter.notes) or "no issue this period"
    else:
        letter_summary = ""
    return pages.index(
        title=dataset.collection.title if dataset else "scenes",
        scenes=len(dataset.scenes) if dataset else None,
        source=site.source_path.as_posix(),
        settings_file=site.settings_file.as_posix() if site.settings_file.is_file() else None,
        outputs=shown,
        letter_built=site.letter is not None,
        letter_summary=letter_summary,
        check_built=site.report is not None,
        check_summary=site.report[-1] if site.report else "",
    )


def _write(path: Path, data: bytes) -> None:
    write_atomic(path, data)
