"""A DOCX for editors: only real Word styles, an invisible anchor on every field, same bytes
for the same data.

A scene reads as the article does: its numbered heading (Heading 1), the film and people,
the blurb, then a small table of its numbers with a reality check of each. A scene keeps
together on a page: every paragraph up to its table keeps with the next, and no table row
splits. The body is written as WordprocessingML text (see `_ooxml.BodyXml`): python-docx's
add_paragraph grows quadratically with the document and its run objects are slow.
"""

from __future__ import annotations

import io
import itertools
import zipfile
from datetime import UTC, datetime
from typing import Any, ClassVar

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn

from pipeline import serialize
from pipeline.errors import WriterError
from pipeline.model import Dataset, Scene
from pipeline.wrapping import display_width
from pipeline.writers import WriterOptions
from pipeline.writers._docx_styles import missing_styles, set_page, style_ids
from pipeline.writers._ooxml import (
    BodyXml,
    Row,
    Segment,
    TableStyles,
    add_base_data,
    add_custom_properties,
    repack,
    splice_body,
    tidy_package,
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


__all__ = ["DocxWriter", "missing_styles"]


class DocxWriter:
    name: ClassVar[str] = "docx"
    extension: ClassVar[str] = ".docx"
    media_type: ClassVar[str] = (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )

    def render(self, dataset: Dataset, options: WriterOptions) -> bytes:
        document = _open(options)
        if options.reference_docx is None:  # a house document keeps its own page
            set_page(document, dataset.collection.language)
        builder = _Body(document, style_ids(document))
        _write_collection(builder, dataset)
        for index, scene in enumerate(dataset.scenes):
            _write_scene(builder, index, scene)
        _set_properties(document, dataset)
        tidy_package(document)
        buffer = io.BytesIO()
        document.save(buffer)
        package = buffer.getvalue()
        part_name = document.part.partname.lstrip("/")
        body = splice_body(document.part.blob, builder.xml.data())
        if body is None:  # a reference document with unusual prefixes: take the slow road
            builder.append_parsed()
            buffer = io.BytesIO()
            document.save(buffer)
            package, body = buffer.getvalue(), None
        when = (
            datetime.fromtimestamp(options.source_date_epoch, UTC)
            if options.source_date_epoch is not None
            else dataset.updated
        )
        return repack(package, when, {part_name: body} if body is not None else None)


def _open(options: WriterOptions) -> Any:
    if options.reference_docx is None:
        return docx.Document()
    try:
        return docx.Document(io.BytesIO(options.reference_docx))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise WriterError(f"{options.reference_name}: not a usable .docx: {exc}") from None


class _Body:
    """The document body, emptied, then filled in order; the section properties stay last."""

    def __init__(self, document: Any, styles: dict[str, str]) -> None:
        self.body = document.element.body
        section = document.sections[0]
        width = section.page_width - section.left_margin - section.right_margin
        self.width_twips = int(width) // 635  # EMU -> twentieths of a point
        self.section_properties = self.body.find(qn("w:sectPr"))
        for child in list(self.body):  # a reference document lends its styles, not its text
            if child is not self.section_properties:
                self.body.remove(child)
        self.xml = BodyXml()
        self.styles = styles

    def paragraph(self, role: str, segments: list[Segment], *, keep_next: bool = False) -> None:
        self.xml.paragraph(self.styles[role], segments, keep_next=keep_next)

    def table(self, rows: list[Row]) -> None:
        styles = TableStyles(
            self.styles["table"], self.styles["table_heading"], self.styles["cell"]
        )
        self.xml.table(styles, _widths(rows, self.width_twips), rows)

    def append_parsed(self) -> None:
        """Put the new content before the section properties, which must stay last."""
        elements = self.xml.elements()
        if self.section_properties is None:
            self.body.extend(elements)
            return
        for element in elements:
            self.section_properties.addprevious(element)


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


def _set_properties(document: Any, dataset: Dataset) -> None:
    c = dataset.collection
    authors = "; ".join(a.name for a in c.authors)
    props = document.core_properties
    # Word's core properties hold at most 255 characters (python-docx refuses more).
    props.title = _fit(c.title)
    props.subject = _fit(c.dek)
    props.author = _fit(authors)
    props.keywords = _fit(", ".join(sorted({tag for s in dataset.scenes for tag in s.tags})))
    # (the tags stay in the data, the JSON and here: the body reads as the article does)
    props.comments = "Generated from the scenes dataset. Edit the text; keep scenes in order."
    props.category = "scenes"
    props.language = c.language
    props.last_modified_by = _fit(c.publisher or authors)
    props.revision = 1
    props.created = c.published.astimezone(UTC).replace(tzinfo=None)
    props.modified = dataset.updated.astimezone(UTC).replace(tzinfo=None)
    payload = serialize.dataset_json(dataset)
    add_custom_properties(document, {DATASET_SHA256: serialize.digest(dataset, payload)})
    add_base_data(document, payload)
