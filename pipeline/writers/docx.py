"""A DOCX for editors: only real Word styles, an invisible anchor on every field, same bytes
for the same data.

The body is written with lxml directly (see `pipeline.ooxml.BodyXml`): python-docx's
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
from pipeline.writers import WriterOptions
from pipeline.writers._ooxml import (
    BodyXml,
    Segment,
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
    conversion_cell,
    heading_number,
    scene_fields,
)

# Style role -> (Word style name, what it is used for). A reference document must have all.
STYLES = {
    "title": ("Title", "the article's title"),
    "subtitle": ("Subtitle", "the dek"),
    "heading": ("Heading 2", "each scene's heading"),
    "body": ("Normal", "body text"),
    "table": ("Table Grid", "the numbers table"),
}
CLAIM_WIDTHS = (9, 4, 5, 5)  # relative: the description needs the room, "Conversion" one line


class DocxWriter:
    name: ClassVar[str] = "docx"
    extension: ClassVar[str] = ".docx"
    media_type: ClassVar[str] = (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )

    def render(self, dataset: Dataset, options: WriterOptions) -> bytes:
        document = _open(options)
        builder = _Body(document, _style_ids(document, options.reference_name or "the template"))
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


def _style_ids(document: Any, source: str) -> dict[str, str]:
    ids: dict[str, str] = {}
    missing = []
    for role, (name, purpose) in STYLES.items():
        try:
            ids[role] = document.styles[name].style_id
        except KeyError:
            missing.append(f"{name!r} (for {purpose})")
    if missing:
        raise WriterError(f"{source} lacks the style(s) " + ", ".join(missing))
    return ids


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

    def paragraph(self, role: str, segments: list[Segment]) -> None:
        self.xml.paragraph(self.styles[role], segments)

    def table(self, rows: list[list[Segment]]) -> None:
        share = self.width_twips // sum(CLAIM_WIDTHS)
        self.xml.table(self.styles["table"], [share * w for w in CLAIM_WIDTHS], rows)

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
    paragraph, and the claims' cells form the numbers table."""
    for key, group in itertools.groupby(scene_fields(index, scene), key=_paragraph_of):
        fields = list(group)
        if key == "cell":
            out.table(_claim_rows(scene, fields))
            continue
        first = fields[0]
        prefix = heading_number(index + 1) if first.kind == "heading" else first.spec.label
        segments: list[Segment] = [(prefix, None)] if prefix else []
        for number, field in enumerate(fields):
            if number:
                segments.append((LIST_SEPARATOR, None))
            segments.append((field.text, field.anchor))
        out.paragraph(first.spec.role, segments)


def _paragraph_of(field: Anchored) -> str:
    return "cell" if field.spec.role == "cell" else field.kind


def _claim_rows(scene: Scene, cells: list[Anchored]) -> list[list[Segment]]:
    rows: list[list[Segment]] = [[(name, None) for name in CLAIM_COLUMNS]]
    for row, group in itertools.groupby(cells, key=lambda cell: cell.row):
        anchored: list[Segment] = [(cell.text, cell.anchor) for cell in group]
        rows.append([*anchored, (conversion_cell(scene.claims[row]), None)])
    return rows


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
