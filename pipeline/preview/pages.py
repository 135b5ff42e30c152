"""The preview's own pages: the index, each textual output shown as it is (the text at its
width, the feeds and the JSON as the writers indent them), the newsletter issue and the
reality check. Jinja2 with autoescaping: everything shown comes from the user's files."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

import msgspec

if TYPE_CHECKING:
    import jinja2

    from pipeline.preview.letter import Preview

LABELS = {
    "html": "Article page",
    "text": "Plain text",
    "rss": "RSS feed",
    "atom": "Atom feed",
    "jsonfeed": "JSON Feed",
    "json": "JSON for the website and apps",
    "docx": "Word document for editors",
}
"""The built-in formats as the index names them, in this order; plugins' follow by name."""


class Output(msgspec.Struct, frozen=True, kw_only=True):
    """One format's row on the index."""

    format: str
    file: str
    media_type: str
    built: bool

    @property
    def label(self) -> str:
        return LABELS.get(self.format, self.format)

    @property
    def page(self) -> bool:
        return self.media_type.startswith("text/html")

    @property
    def textual(self) -> bool:
        kind = self.media_type.split(";")[0].strip()
        return kind.startswith("text/") or kind.endswith(("json", "xml"))

    @property
    def view(self) -> str | None:
        if self.page:
            return f"/{self.file}"
        return f"/{view_name(self.file)}" if self.textual else None

    @property
    def view_label(self) -> str:
        return "open the page" if self.page else "view"

    @property
    def raw(self) -> str | None:
        return None if self.page else f"/{self.file}"

    @property
    def raw_label(self) -> str:
        return "the file" if self.textual else "download"

    @property
    def download(self) -> bool:
        return not self.textual


def ordered(outputs: list[Output]) -> list[Output]:
    rank = {name: i for i, name in enumerate(LABELS)}
    return sorted(outputs, key=lambda o: (rank.get(o.format, len(rank)), o.format))


def view_name(file: str) -> str:
    """Where the page showing an output file lives in the site."""
    return f"_preview/view/{file}.html"


def index(**context: Any) -> bytes:
    return _render("index.html.j2", **context)


def file_view(*, file: str, label: str, media_type: str, content: str, width: int | None) -> bytes:
    return _render(
        "file.html.j2", file=file, label=label, media_type=media_type, content=content, width=width
    )


def letter(preview: Preview, width: int) -> bytes:
    return _render("letter.html.j2", letters=preview.letters, notes=preview.notes, width=width)


def check(report: list[str]) -> bytes:
    return _render("check.html.j2", report="\n".join(report))


def _render(name: str, **context: Any) -> bytes:
    return (_environment().get_template(name).render(**context) + "\n").encode("utf-8")


@functools.cache
def _environment() -> jinja2.Environment:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("pipeline.preview", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
