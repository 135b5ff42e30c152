"""A DOCX for editors, in house style: only named styles, an invisible anchor on every field,
same bytes for the same data.

The article's title, dek, byline, date and link (a placeholder marked for editors), then each
scene as the article reads it: its numbered heading (Heading 1), compact credits (labels as
labels), the blurb, and a table of its claims, every one on the same grid: the claim, its
figure with the conversion, the article's qualifier, comparison and source, and the reality
check. Titles of works are set in an italic character style. A running header and page
numbers frame each page. A scene keeps together: every paragraph up to its table keeps with
the next, and no table row splits. The body is written as WordprocessingML text (see
`_ooxml.BodyXml`): python-docx's add_paragraph grows quadratically with the document. The
package around it is the built-in template with the house parts (`_docx_package`,
`_docx_house`: no python-docx needed), or a house reference document opened with python-docx
(`_docx_reference`).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import BinaryIO, ClassVar

from pipeline import serialize
from pipeline.model import Claim, Dataset, Scene
from pipeline.reality import check, verdict_word, why_sentence
from pipeline.wording import Piece, emphasis, heading_pieces, titles
from pipeline.writers import WriterOptions
from pipeline.writers._ooxml import BodyXml, Cell, Segment, pack, page_for, repack
from pipeline.writers.docx_front import byline, link
from pipeline.writers.docx_layout import (
    DATASET_SHA256,
    LAYOUT,
    LAYOUT_VERSION,
    LIST_SEPARATOR,
    NO_SOURCE,
    PLURAL_LABELS,
    SPECS,
    Anchored,
    claim_label,
    collection_fields,
    figure_tail,
    heading_number,
    scene_fields,
)

STYLE_IDS = {
    "title": "Title",
    "subtitle": "Subtitle",
    "byline": "Byline",
    "body": "Normal",
    "advisory": "Advisory",
    "heading": "Heading1",
    "credits": "Credits",
    "table": "ClaimsTable",
    "table_heading": "TableHeading",
    "cell": "TableContents",
    "header": "Header",
    "footer": "Footer",
    "work_title": "WorkTitle",
    "credit_label": "CreditLabel",
    "scene_number": "SceneNumber",
    "editor_note": "EditorNote",
    "strong": "Strong",
    "hyperlink": "Hyperlink",
}
"""The house style's id for each role (`_docx_house.STYLES` defines them)."""


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


__all__ = ["DocxWriter", "missing_styles"]


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


Run = tuple[str, str | None, str | None, str | None]
"""Text, anchor, character style role, link target: a segment before its style has an id."""


class _Body:
    """The body, written in order: paragraphs and tables in the document's styles."""

    def __init__(self, styles: dict[str, str], width_twips: int, into: BinaryIO | None) -> None:
        self.xml = BodyXml(into)
        self.styles = styles
        self.width_twips = width_twips

    def segments(self, runs: list[Run]) -> list[Segment]:
        return [
            (text, anchor, self.styles[role] if role else None, target)
            for text, anchor, role, target in runs
        ]

    def paragraph(self, role: str, runs: list[Run], *, keep_next: bool = False) -> None:
        self.xml.paragraph(self.styles[role], self.segments(runs), keep_next=keep_next)

    def table(self, rows: list[list[tuple[str, list[Run], bool]]], starts: set[int]) -> None:
        """Rows of (paragraph role, runs, shaded) cells on the claims grid: the label column,
        then the rest of the text width; a rule above each row in `starts` after the first
        (where the next claim begins)."""
        from pipeline.writers._docx_house import LABEL_WIDTH, MUTED, PANEL

        widths = [LABEL_WIDTH, self.width_twips - LABEL_WIDTH]
        cells = [
            [
                Cell(
                    self.styles[role],
                    self.segments(runs),
                    PANEL if shaded else None,
                    MUTED if number in starts and number else None,
                )
                for role, runs, shaded in row
            ]
            for number, row in enumerate(rows)
        ]
        self.xml.table(self.styles["table"], widths, cells)


def _plain(text: str, role: str | None = None) -> Run:
    return (text, None, role, None)


def _anchored(pieces: list[Piece], anchor: str) -> list[Run]:
    """A field's text in runs inside its anchor, titles of works in the italic style."""
    return [(text, anchor, "work_title" if title else None, None) for text, title in pieces]


def _write_collection(out: _Body, dataset: Dataset) -> None:
    """Title and dek, then the byline, date and link, then the intro and advisory."""
    for field in collection_fields(dataset):
        out.paragraph(
            field.spec.role,
            [(field.text, field.anchor, None, None)],
            keep_next=field.kind == "title",
        )
        if field.kind == "dek":
            out.paragraph("byline", byline(dataset), keep_next=True)
            out.paragraph("byline", link(dataset))


def _write_scene(out: _Body, index: int, scene: Scene) -> None:
    """The scene's heading, credits, blurb and claims table. Everything but the scene's last
    block keeps with the next, so a heading never ends a page and a table never stands
    alone."""
    fields = list(scene_fields(index, scene))
    known = titles(scene)
    blocks: list[tuple[str, list[Run]]] = []
    for kind in ("heading", "about", "film", "person", "blurb"):
        chosen = [f for f in fields if f.kind == kind]
        if chosen:
            blocks.append(_block(index, scene, kind, chosen, known))
    cells = [f for f in fields if f.spec.role == "cell"]
    for number, (role, runs) in enumerate(blocks):
        out.paragraph(role, runs, keep_next=number < len(blocks) - 1 or bool(cells))
    if cells:
        rows, starts = _claim_rows(scene, cells, known)
        out.table(rows, starts)


def _block(
    index: int, scene: Scene, kind: str, fields: list[Anchored], known: tuple[str, ...]
) -> tuple[str, list[Run]]:
    first = fields[0]
    if kind == "heading":
        number = _plain(heading_number(index + 1), "scene_number")
        return "heading", [number, *_anchored(heading_pieces(scene), first.anchor)]
    if kind == "blurb":
        return "body", _anchored(emphasis(first.text, known), first.anchor)
    label = PLURAL_LABELS[kind] if len(fields) > 1 else first.spec.label
    name, _, rest = label.partition("\t")
    runs: list[Run] = [_plain(name, "credit_label"), _plain("\t" + rest)]
    for position, field in enumerate(fields):
        if position:
            runs.append(_plain(LIST_SEPARATOR))
        pieces = _film_pieces(field) if kind == "film" else [(field.text, False)]
        runs += _anchored(pieces, field.anchor)
    return "credits", runs


def _film_pieces(field: Anchored) -> list[Piece]:
    from pipeline.wording import film_pieces

    return film_pieces((field.value,))


_OPTIONAL_ROWS = ("qualifier", "comparison")


def _claim_rows(
    scene: Scene, cells: list[Anchored], known: tuple[str, ...]
) -> tuple[list[list[tuple[str, list[Run], bool]]], set[int]]:
    """Each claim as rows of the grid: claim, figure, qualifier and comparison (when the
    article gives them), source and reality check; and the rows where a claim starts."""
    rows: list[list[tuple[str, list[Run], bool]]] = []
    starts: set[int] = set()
    for row, claim in enumerate(scene.claims):
        starts.add(len(rows))
        parts = {f.kind.removeprefix("claim_"): f for f in cells if f.row == row}

        def line(label: str, runs: list[Run]) -> None:
            rows.append([("table_heading", [_plain(label)], True), ("cell", runs, False)])

        subject = parts["subject"]
        line(
            claim_label(row, len(scene.claims)), _anchored([(subject.text, False)], subject.anchor)
        )
        line(SPECS["claim_value"].label, _figure(parts, claim))
        for part in _OPTIONAL_ROWS:
            if part in parts:
                line(
                    SPECS[f"claim_{part}"].label,
                    _anchored([(parts[part].text, False)], parts[part].anchor),
                )
        source = parts.get("source")
        line(
            SPECS["claim_source"].label,
            _anchored(emphasis(source.text, known), source.anchor)
            if source
            else [_plain(NO_SOURCE)],
        )
        result = check(claim)
        line(
            "Reality check",
            [_plain(verdict_word(result) + ".", "strong"), _plain(" " + why_sentence(result))],
        )
    return rows, starts


def _figure(parts: dict[str, Anchored], claim: Claim) -> list[Run]:
    """'1,673' 'km/h' in their anchors, then the conversion: '1,673 km/h (1,040 mph)'."""
    value = parts["value"]
    runs: list[Run] = [(value.text, value.anchor, None, None)]
    unit = parts.get("unit")
    if unit is not None:
        runs += [_plain(" "), (unit.text, unit.anchor, None, None)]
    tail = figure_tail(claim)
    if tail:
        runs.append(_plain(tail))
    return runs


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
