"""A DOCX for editors, in house style: only named styles, an invisible anchor on every field,
same bytes for the same data.

The article's title, dek, byline, date and link (a placeholder marked for editors), then each
scene as the article reads it: its numbered heading (Heading 1), compact credits (labels as
labels), the blurb, and a table of its claims, every one on the same grid: the claim, its
figure with the conversion, the article's qualifier, comparison and source, and the reality
check. Titles of works are set in an italic character style. A running header and page
numbers frame each page. The body is composed in `_docx_body`, as WordprocessingML text. The
package around it is the built-in template with the house parts (`_docx_package`,
`_docx_house`: no python-docx needed), or a house reference document opened with python-docx
(`_docx_reference`).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import BinaryIO, ClassVar

from pipeline import serialize
from pipeline.model import Dataset
from pipeline.writers import WriterOptions
from pipeline.writers._docx_body import STYLE_IDS, compose
from pipeline.writers._ooxml import pack, page_for, repack
from pipeline.writers.docx_layout import DATASET_SHA256, LAYOUT, LAYOUT_VERSION


class DocxWriter:
    name: ClassVar[str] = "docx"
    extension: ClassVar[str] = ".docx"
    media_type: ClassVar[str] = (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )

    def render(self, dataset: Dataset, options: WriterOptions) -> bytes:
        from pipeline.writers import _docx_package

        when = (
            datetime.fromtimestamp(options.source_date_epoch, UTC)
            if options.source_date_epoch is not None
            else dataset.updated
        )
        payload = serialize.canonical_json(dataset)
        core = core_properties(dataset)
        custom = {DATASET_SHA256: serialize.digest(dataset), LAYOUT: str(LAYOUT_VERSION)}
        language = dataset.collection.language
        if options.reference_docx is None and _docx_package.available():
            width, _height, margin = page_for(language)

            def write_body(into: BinaryIO) -> None:
                compose(dataset, STYLE_IDS, width - 2 * margin, into)

            house = house_parts(dataset, width - 2 * margin)
            parts = _docx_package.build(
                write_body, page_for(language), house, core, custom, payload
            )
            return pack(parts, when)
        from pipeline.writers import _docx_reference

        package, replaced = _docx_reference.build(
            options.reference_docx,
            options.reference_name,
            dataset,
            lambda ids, width: compose(dataset, ids, width),
            core,
            custom,
            payload,
        )
        return repack(package, when, replaced)


__all__ = ["STYLE_IDS", "DocxWriter", "compose", "left_out", "missing_styles"]


def missing_styles(reference: bytes) -> list[str]:
    """The styles a house document lacks (the built-in ones stand in), for a note."""
    from pipeline.writers._docx_styles import missing_styles as missing

    return missing(reference)


def house_parts(dataset: Dataset, width: int) -> dict[str, bytes]:
    """The built-in package's house parts: styles, settings and fonts in the collection's
    language, and the running header and footer."""
    from pipeline.writers import _docx_house as house
    from pipeline.writers.docx_front import HEADER_ASIDE, header_text

    language = dataset.collection.language
    header = house.header_paragraph(STYLE_IDS["header"], header_text(dataset), HEADER_ASIDE, width)
    return {
        "word/styles.xml": house.styles_xml(language),
        "word/settings.xml": house.settings_xml(language),
        "word/fontTable.xml": house.FONT_TABLE,
        "word/header1.xml": house.part("hdr", header),
        "word/footer1.xml": house.part("ftr", house.footer_paragraph(STYLE_IDS["footer"])),
    }


def _fit(text: str, limit: int = 255) -> str:
    """Shorten to `limit` characters at a word boundary, marking the cut with an ellipsis."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;: ") + "…"


def core_properties(dataset: Dataset) -> dict[str, str]:
    """The document's core properties, from the data (never the clock). A placeholder byline
    is not the document's author: the publisher (or nobody) is; a placeholder date is not its
    creation date: the time the data last changed is."""
    c = dataset.collection
    authors = "; ".join(a.name for a in c.authors) if c.confirmed("authors") else ""
    creator = authors or c.publisher or ""
    created = c.published if c.confirmed("published") else dataset.updated
    # Word's core properties hold at most 255 characters.
    return {
        "title": _fit(c.title),
        "subject": _fit(c.dek),
        **({"author": _fit(creator)} if creator else {}),
        # the tags stay in the data, the JSON and here: the body reads as the article does
        "keywords": _fit(", ".join(sorted({tag for s in dataset.scenes for tag in s.tags}))),
        "comments": "Generated from the scenes dataset. Edit the text; keep scenes in order.",
        **({"last_modified_by": _fit(c.publisher or creator)} if creator else {}),
        "revision": "1",
        "created": _utc(created),
        "modified": _utc(dataset.updated),
        "category": "scenes",
        "language": c.language,
    }


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


LEFT_OUT_SHOWN = 5
"""The things a warning names; the rest are counted."""


def left_out(reference: bytes, name: str) -> str | None:
    """What the export leaves out of a house document because it reaches outside it (an
    attached template on a server, linked pictures, fields that fetch files, hyperlinks), as
    one line for a warning; None when there is nothing (or it is no usable document: the
    export itself says so)."""
    from pipeline.errors import WriterError
    from pipeline.writers._docx_vet import vet

    try:
        dropped = vet(reference, name).dropped
    except WriterError:
        return None
    if not dropped:
        return None
    shown = "; ".join(dropped[:LEFT_OUT_SHOWN])
    rest = f"; and {len(dropped) - LEFT_OUT_SHOWN} more" if len(dropped) > LEFT_OUT_SHOWN else ""
    what = (
        "thing that reaches outside the document or runs code"
        if len(dropped) == 1
        else "things that reach outside the document or run code"
    )
    return f"{name}: left out {len(dropped)} {what}: {shown}{rest}"
