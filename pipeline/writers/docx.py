"""A DOCX for editors: only real Word styles, an invisible anchor on every field, same bytes
for the same data.

A scene reads as the article does: its numbered heading (Heading 1), the film and people,
the blurb, then a small table of its numbers with a reality check of each. A scene keeps
together on a page: every paragraph up to its table keeps with the next, and no table row
splits. The body is written as WordprocessingML text (see `_ooxml.BodyXml`): python-docx's
add_paragraph grows quadratically with the document and its run objects are slow. The package
around it is the built-in template edited as text (`_docx_package`, no python-docx needed), or
a house reference document opened with python-docx (`_docx_reference`).
"""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from typing import BinaryIO, ClassVar

from pipeline import serialize
from pipeline.model import Dataset, Scene
from pipeline.wrapping import display_width
from pipeline.writers import WriterOptions
from pipeline.writers._ooxml import (
    OWN_STYLES,
    BodyXml,
    Row,
    Segment,
    TableStyles,
    pack,
    page_for,
    repack,
)
from pipeline.writers.docx_layout import (
    CLAIM_COLUMNS,
    DATASET_SHA256,
    LIST_SEPARATOR,
    Anchored,
    collection_fields,
    heading_number,
    number_cell,
    reality_cell,
    scene_fields,
)

_MIN_COLUMN = 1700  # twips: "Reality check" on one line
_TWIPS_PER_CHARACTER = 115  # an average character of an 11 pt text face
_CELL_PADDING = 260  # the cell's own margins, both sides


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
        custom = {DATASET_SHA256: serialize.digest(dataset)}
        language = dataset.collection.language
        if options.reference_docx is None and _docx_package.available():
            width, _height, margin = page_for(language)

            def write_body(into: BinaryIO) -> None:
                compose(dataset, _docx_package.STYLE_IDS, width - 2 * margin, into)

            own = "".join(OWN_STYLES.values()).encode()
            parts = _docx_package.build(write_body, page_for(language), own, core, custom, payload)
            return pack(parts, when)
        from pipeline.writers import _docx_reference

        package, replaced = _docx_reference.build(
            options.reference_docx,
            options.reference_name,
            language,
            lambda ids, width: compose(dataset, ids, width),
            core,
            custom,
            payload,
        )
        return repack(package, when, replaced)


__all__ = ["DocxWriter", "missing_styles"]


def missing_styles(reference: bytes) -> list[str]:
    """The styles a house document lacks (the built-in ones stand in), for a note."""
    from pipeline.writers._docx_styles import missing_styles as missing

    return missing(reference)


def compose(
    dataset: Dataset, styles: dict[str, str], width_twips: int, into: BinaryIO | None = None
) -> BodyXml:
    """The whole body as WordprocessingML, for these style ids and text width, written into
    `into` as it goes (or kept, to be spliced into another package)."""
    out = _Body(styles, width_twips, into)
    _write_collection(out, dataset)
    for index, scene in enumerate(dataset.scenes):
        _write_scene(out, index, scene)
    out.xml.finish()
    return out.xml


class _Body:
    """The body, written in order: paragraphs and tables in the document's styles."""

    def __init__(self, styles: dict[str, str], width_twips: int, into: BinaryIO | None) -> None:
        self.xml = BodyXml(into)
        self.styles = styles
        self.width_twips = width_twips

    def paragraph(self, role: str, segments: list[Segment], *, keep_next: bool = False) -> None:
        self.xml.paragraph(self.styles[role], segments, keep_next=keep_next)

    def table(self, rows: list[Row]) -> None:
        styles = TableStyles(
            self.styles["table"], self.styles["table_heading"], self.styles["cell"]
        )
        self.xml.table(styles, _widths(rows, self.width_twips), rows)


def _write_collection(out: _Body, dataset: Dataset) -> None:
    for field in collection_fields(dataset):
        out.paragraph(field.spec.role, [(field.text, field.anchor)])


def _write_scene(out: _Body, index: int, scene: Scene) -> None:
    """The scene's anchored fields in order: items of one list (films, people) share a
    paragraph, and the claims' cells form the numbers table. Everything but the scene's last
    block keeps with the next, so a heading never ends a page and a table never stands alone."""
    blocks = [list(group) for _, group in itertools.groupby(scene_fields(index, scene), _block_of)]
    for number, fields in enumerate(blocks):
        first = fields[0]
        if first.spec.role == "cell":
            out.table(_claim_rows(scene, fields))
            continue
        prefix = heading_number(index + 1) if first.kind == "heading" else first.spec.label
        segments: list[Segment] = [(prefix, None)] if prefix else []
        for position, field in enumerate(fields):
            if position:
                segments.append((LIST_SEPARATOR, None))
            segments.append((field.text, field.anchor))
        out.paragraph(first.spec.role, segments, keep_next=number < len(blocks) - 1)


def _block_of(field: Anchored) -> str:
    return "cell" if field.spec.role == "cell" else field.kind


def _claim_rows(scene: Scene, cells: list[Anchored]) -> list[Row]:
    rows: list[Row] = [[[(name, None)] for name in CLAIM_COLUMNS]]
    for row, group in itertools.groupby(cells, key=lambda cell: cell.row):
        claim, fields = scene.claims[row], list(group)
        subject = next(f for f in fields if f.kind == "claim_subject")
        rows.append(
            [
                [(subject.text, subject.anchor)],
                number_cell(fields, claim),
                [(reality_cell(claim), None)],
            ]
        )
    return rows


def _widths(rows: list[Row], total: int) -> list[int]:
    """What | Number | Reality check, as wide as their content: the number on one line, then
    what and the reality check share the rest, what taking no more than it needs."""
    what, number, check = (
        max(display_width("".join(text for text, _ in cell)) for cell in column)
        * _TWIPS_PER_CHARACTER
        + _CELL_PADDING
        for column in zip(*rows, strict=True)
    )
    number = min(max(number, _MIN_COLUMN), total * 3 // 10)
    rest = total - number
    what = min(max(what, _MIN_COLUMN), rest * 45 // 100)
    if check < rest - what:  # short reality checks: give what the room
        what = rest - max(check, _MIN_COLUMN)
    return [what, number, rest - what]


def _fit(text: str, limit: int = 255) -> str:
    """Shorten to `limit` characters at a word boundary, marking the cut with an ellipsis."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;: ") + "…"


def core_properties(dataset: Dataset) -> dict[str, str]:
    """The document's core properties, from the data (never the clock)."""
    c = dataset.collection
    authors = "; ".join(a.name for a in c.authors)
    # Word's core properties hold at most 255 characters.
    return {
        "title": _fit(c.title),
        "subject": _fit(c.dek),
        "author": _fit(authors),
        # the tags stay in the data, the JSON and here: the body reads as the article does
        "keywords": _fit(", ".join(sorted({tag for s in dataset.scenes for tag in s.tags}))),
        "comments": "Generated from the scenes dataset. Edit the text; keep scenes in order.",
        "last_modified_by": _fit(c.publisher or authors),
        "revision": "1",
        "created": _utc(c.published),
        "modified": _utc(dataset.updated),
        "category": "scenes",
        "language": c.language,
    }


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
