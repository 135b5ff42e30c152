"""The DOCX's body: the article's front matter and each scene, in the document's styles.

A scene reads as the article does: its numbered heading, compact credits (labels as labels),
the blurb, then its claims on the one grid every claims table shares. Every field sits in its
anchor (`docx_layout`), titles of works in the italic character style inside it. A scene keeps
together: every paragraph up to its table keeps with the next, and no table row splits. The
body is written as WordprocessingML text (`_ooxml.BodyXml`): python-docx's add_paragraph grows
quadratically with the document, and its run objects are slow.
"""

from __future__ import annotations

from typing import BinaryIO

from pipeline.model import Claim, Dataset, Scene
from pipeline.reality import check, verdict_word, why_sentence
from pipeline.wording import (
    Piece,
    correction_label,
    correction_pieces,
    emphasis,
    film_pieces,
    heading_pieces,
    titles,
)
from pipeline.writers._ooxml import BodyXml, Cell, Segment
from pipeline.writers.docx_front import byline, link
from pipeline.writers.docx_layout import (
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
    "correction": "Correction",
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


def _titled(pieces: list[Piece]) -> list[Run]:
    """Text outside anchors, titles of works in the italic style."""
    return [_plain(text, "work_title" if title else None) for text, title in pieces]


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
    more = bool(cells) or scene.correction is not None
    for number, (role, runs) in enumerate(blocks):
        out.paragraph(role, runs, keep_next=number < len(blocks) - 1 or more)
    if cells:
        rows, starts = _claim_rows(scene, cells, known)
        out.table(rows, starts)
    if scene.correction is not None:  # the magazine's note, not a field: edited in the data
        label = [_plain(correction_label(scene) + ":", "strong"), _plain(" ")]
        out.paragraph("correction", label + _titled(correction_pieces(scene)))


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
