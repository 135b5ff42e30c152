"""What writers get besides the dataset, read here from files, flags and settings: templates,
the house-style document, SOURCE_DATE_EPOCH. Writers never touch the file system.

Each user template reaches only the format it lays out: `[text] template` never reaches the
web page, `[html] template` never the plain text, and `--template` goes to one format alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.errors import PipelineError

if TYPE_CHECKING:
    from pipeline.settings import Settings
    from pipeline.templating import Template
    from pipeline.writers import WriterOptions

TEMPLATED = ("text", "html")
"""The built-in formats laid out by a template, each with a `template` setting of its own."""
MAX_TEMPLATE_BYTES = 4 * 1024 * 1024
"""A template is a few KB; the built-in page's is 20 KB."""
MAX_REFERENCE_BYTES = 64 * 1024 * 1024
"""A house-style document, images included (as review bounds a document)."""
_HTML_NAME = re.compile(r"\.html?(\.j2|\.jinja2?)?$", re.IGNORECASE)


def template_format(path: str | Path, formats: Iterable[str] = ()) -> str:
    """The format a `--template` file lays out: the one templated format asked for; when both
    are (`--format all`), the file name decides: `page.html.j2` is the page's, anything else
    the text's (as before the page existed)."""
    asked = [name for name in TEMPLATED if name in set(formats)]
    if len(asked) == 1:
        return asked[0]
    return "html" if _HTML_NAME.search(Path(path).name) else "text"


def read_template(path: str | Path) -> Template:
    """A user's template file, read here so writers never touch the file system."""
    from pipeline.source.files import read_bounded
    from pipeline.templating import Template

    raw = read_bounded(path, MAX_TEMPLATE_BYTES, "a template")
    try:
        return Template(str(path), raw.decode("utf-8").removeprefix("\ufeff"))
    except UnicodeDecodeError as exc:
        raise PipelineError(
            f"{path}: cannot read template: not UTF-8 (byte {exc.start + 1})"
        ) from None


def read_template_folder(folder: str | Path) -> tuple[Template, ...]:
    """Every template (*.j2) in a folder, each to replace the built-in part of its name."""
    path = Path(folder)
    try:
        files = sorted(p for p in path.iterdir() if p.suffix == ".j2" and p.is_file())
    except OSError as exc:
        raise PipelineError(f"{path}: cannot read the template folder: {exc.strerror}") from None
    return tuple(read_template(p) for p in files)


def template_paths(
    settings: Settings, flag: str | Path | None, formats: Iterable[str] = ()
) -> dict[str, Path]:
    """Each templated format's user template, by format: the flag wins over that format's
    setting. With `formats` given, only theirs (an unrelated broken path is no error)."""
    wanted = set(formats)
    paths = {
        name: settings.path(getattr(settings, name).template)
        for name in TEMPLATED
        if getattr(settings, name).template and (not wanted or name in wanted)
    }
    if flag:
        paths[template_format(flag, wanted)] = Path(flag)
    return paths


def writer_options(
    settings: Settings,
    template: str | Path | None = None,
    reference_docx: str | Path | None = None,
    source_date_epoch: str | None = None,
    formats: Iterable[str] = (),
) -> WriterOptions:
    """Everything writers need, files read here: flags win over settings.

    `template` is the --template flag; `formats` the formats being exported (expanded, not
    'all'), which decide the format it belongs to. `source_date_epoch` is the
    SOURCE_DATE_EPOCH value (seconds since 1970, as text) or None.
    """
    from pipeline.writers import WriterOptions

    formats = tuple(formats)
    reference = reference_docx or (
        settings.path(settings.docx.reference) if settings.docx.reference else None
    )
    folder = settings.path(settings.text.template_dir) if settings.text.template_dir else None
    return WriterOptions(
        settings=settings,
        templates={
            name: read_template(path)
            for name, path in template_paths(settings, template, formats).items()
        },
        parts={"text": read_template_folder(folder)} if folder else {},
        reference_docx=_reference(reference) if reference else None,
        reference_name=str(reference or ""),
        source_date_epoch=_epoch(source_date_epoch),
    )


def _epoch(value: str | None) -> int | None:
    if value in (None, ""):
        return None
    try:
        seconds = int(value)  # type: ignore[arg-type]
    except ValueError:
        raise PipelineError(
            f"SOURCE_DATE_EPOCH must be a whole number of seconds, not {value!r}"
        ) from None
    if not 0 <= seconds <= _LAST_EPOCH:  # the DOCX's dates, a zip's from 1980, stop at 9999
        raise PipelineError(
            f"SOURCE_DATE_EPOCH={value} is not a time this export can write: seconds since "
            f"1970, up to {_LAST_EPOCH} (the end of the year 9999)"
        )
    return seconds


_LAST_EPOCH = 253_402_300_799
"""9999-12-31T23:59:59Z, the last second a date can say."""


def _reference(path: str | Path) -> bytes:
    """The house-style document, checked here as well as by the writer: a document python-docx
    could not take stops the command before any output folder is touched."""
    from pipeline.source.files import read_bounded
    from pipeline.writers._docx_vet import vetted

    raw = read_bounded(path, MAX_REFERENCE_BYTES, "a reference document")
    vetted(raw, str(path))
    return raw
