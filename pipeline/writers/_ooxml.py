"""Office Open XML as text: what the DOCX writer produces, whichever package it builds on.

- The body as WordprocessingML text, with anchors (bookmarks) around values.
- The document's properties (core, extended, custom) and the base data part, as XML text.
- Repacking the zip with fixed timestamps and order, so the same input gives the same bytes.

Nothing here imports python-docx or lxml: the built-in template needs neither.
"""

from __future__ import annotations

import functools
import io
import zipfile
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any, BinaryIO

import msgspec

from pipeline.writers.docx_layout import BASE_NAMESPACE, CUSTOM_PROPERTIES_NS, W_NS

CUSTOM_PROPERTIES_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
ZIP_EPOCH = datetime(1980, 1, 1, tzinfo=UTC)  # the earliest time a zip entry can carry
ZIP_END = datetime(2107, 12, 31, 23, 59, 58, tzinfo=UTC)  # and the latest


def escape(text: str, entities: dict[str, str] | None = None) -> str:
    """XML text escaping, as xml.sax.saxutils.escape does (which imports urllib, http and
    email: 35 ms of start-up for three replacements)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for raw, entity in (entities or {}).items():
        text = text.replace(raw, entity)
    return text


Segment = tuple[str, str | None] | tuple[str, str | None, str | None, str | None]
"""A run of text and the anchor (bookmark) around it, if any; optionally its character style
id and a link target (an address the run links to, through a HYPERLINK field)."""


class Cell(msgspec.Struct, frozen=True):
    """A table cell: one paragraph of segments in a paragraph style, on an optional fill."""

    style: str
    segments: Sequence[Segment]
    fill: str | None = None
    rule_above: str | None = None
    """The colour of a rule above the cell, setting its row apart from the one before."""


def _attr(value: str) -> str:
    return escape(value, {'"': "&quot;"})


_style = functools.lru_cache(maxsize=256)(_attr)
"""A style id as an attribute: the same few ids on every paragraph, escaped once each."""


def _plain_name(name: str) -> bool:
    """True for a name of ASCII letters, digits and underscores, as anchors are (nothing to
    escape)."""
    return name.isascii() and name.replace("_", "").isalnum()


_CHUNK = 256 * 1024
"""Characters of body text gathered before they are written."""


class BodyXml:
    """WordprocessingML for a document body, built as text and parsed once.

    python-docx's objects cost about ten times as much per paragraph as this, and its
    add_paragraph grows quadratically with the body; 10,000 scenes take well under a second.
    """

    def __init__(self, sink: BinaryIO | None = None) -> None:
        # UTF-8 as it goes, into `sink` (the zip entry itself, so a 100,000-scene body of
        # 300 MB is never held in memory) or into a buffer to splice into another package
        self.buffer: BinaryIO = sink if sink is not None else io.BytesIO()
        self.next_bookmark = 0
        # text gathered and written in chunks: a zip entry compresses each write on its own,
        # and 10,000 scenes make some 90,000 paragraphs
        self.pending: list[str] = []
        self.pending_size = 0

    def paragraph(
        self, style_id: str | None, segments: Sequence[Segment], *, keep_next: bool = False
    ) -> None:
        """A paragraph of runs, one per segment; consecutive segments with the same anchor
        share one bookmark of that name (a field in italic and roman runs), a label or
        separator has none. `keep_next` keeps it on the page of what follows."""
        out = ["<w:p>"]
        if style_id is not None or keep_next:
            style = f'<w:pStyle w:val="{_style(style_id)}"/>' if style_id is not None else ""
            out.append(f"<w:pPr>{style}{'<w:keepNext/>' if keep_next else ''}</w:pPr>")
        open_anchor: str | None = None
        for segment in segments:
            text, anchor = segment[0], segment[1]
            character, link = (segment[2], segment[3]) if len(segment) == 4 else (None, None)
            if anchor != open_anchor:
                if open_anchor is not None:
                    out.append(f'<w:bookmarkEnd w:id="{self.next_bookmark - 1}"/>')
                if anchor is not None:
                    name = anchor if _plain_name(anchor) else _attr(anchor)
                    out.append(f'<w:bookmarkStart w:id="{self.next_bookmark}" w:name="{name}"/>')
                    self.next_bookmark += 1
                open_anchor = anchor
            run = _run(text, character)
            if link is not None:  # a field, so the body needs no relationship of its own
                instruction = _attr(f' HYPERLINK "{link}" ')
                run = f'<w:fldSimple w:instr="{instruction}">{run}</w:fldSimple>'
            out.append(run)
        if open_anchor is not None:
            out.append(f'<w:bookmarkEnd w:id="{self.next_bookmark - 1}"/>')
        out.append("</w:p>")
        self._flush(out)

    def table(self, style_id: str, widths: Sequence[int], rows: Sequence[Sequence[Cell]]) -> None:
        """A table on a fixed grid (`widths`, twentieths of a point) at the left margin: no
        row splits across pages, and every row keeps with the next, so a short table stays
        whole with the paragraph before it."""
        out = [
            f'<w:tbl><w:tblPr><w:tblStyle w:val="{_attr(style_id)}"/>'
            f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:tblInd w:w="0" w:type="dxa"/>'
            '<w:tblLayout w:type="fixed"/><w:tblLook w:val="0000" w:firstRow="0" '
            'w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>'
            "</w:tblPr><w:tblGrid>"
            + "".join(f'<w:gridCol w:w="{width}"/>' for width in widths)
            + "</w:tblGrid>"
        ]
        last = len(rows) - 1
        for number, row in enumerate(rows):
            out.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
            for width, cell in zip(widths, row, strict=True):
                fill = (
                    f'<w:shd w:val="clear" w:color="auto" w:fill="{_attr(cell.fill)}"/>'
                    if cell.fill
                    else ""
                )
                rule = (
                    f'<w:tcBorders><w:top w:val="single" w:sz="8" w:space="0" '
                    f'w:color="{_attr(cell.rule_above)}"/></w:tcBorders>'
                    if cell.rule_above
                    else ""
                )
                out.append(
                    f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{rule}{fill}</w:tcPr>'
                )
                self._flush(out)
                self.paragraph(cell.style, cell.segments, keep_next=number < last)
                out.append("</w:tc>")
            out.append("</w:tr>")
        out.append("</w:tbl>")
        self._flush(out)

    def _flush(self, out: list[str]) -> None:
        text = "".join(out)
        out.clear()
        self.pending.append(text)
        self.pending_size += len(text)
        if self.pending_size >= _CHUNK:
            self.finish()

    def finish(self) -> None:
        """Write what is gathered (call once the body is complete)."""
        if self.pending:
            self.buffer.write("".join(self.pending).encode("utf-8"))
            self.pending.clear()
            self.pending_size = 0

    def data(self) -> bytes:
        assert isinstance(self.buffer, io.BytesIO), "a body written into a sink is not kept"
        self.finish()
        return self.buffer.getvalue()

    def elements(self) -> list[Any]:
        """The body's new children, parsed (the slower way, for unusual documents)."""
        from lxml import etree

        xml = f'<w:body xmlns:w="{W_NS}">'.encode() + self.data() + b"</w:body>"
        return list(etree.fromstring(xml))


_W_DECLARATION = f'xmlns:w="{W_NS}"'.encode()


def splice_body(part_xml: bytes, body_xml: bytes) -> bytes | None:
    """Insert `body_xml` at the start of the body of a serialized document part, or None when
    the part does not bind the `w` prefix as expected (then parse instead)."""
    head = part_xml[: part_xml.find(b">", part_xml.find(b"<w:document")) + 1]
    start = part_xml.find(b"<w:body>")
    if _W_DECLARATION not in head or start < 0:
        return None
    at = start + len(b"<w:body>")
    return b"".join((part_xml[:at], body_xml, part_xml[at:]))


def _run(text: str, character: str | None = None) -> str:
    """A run of text in an optional character style; line breaks and tabs as elements."""
    head = f'<w:r><w:rPr><w:rStyle w:val="{_style(character)}"/></w:rPr>' if character else "<w:r>"
    if "\n" not in text and "\t" not in text:
        return f'{head}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'
    pieces = []
    for line_number, line in enumerate(text.split("\n")):
        if line_number:
            pieces.append("<w:br/>")
        for cell_number, piece in enumerate(line.split("\t")):
            if cell_number:
                pieces.append("<w:tab/>")
            if piece:
                pieces.append(f'<w:t xml:space="preserve">{escape(piece)}</w:t>')
    return f"{head}{''.join(pieces)}</w:r>"


LETTER_LANGUAGES = ("en-US", "en-CA", "es-US", "fr-CA", "en-PH", "es-MX")
"""Where US Letter is the paper size; everywhere else, A4 (ISO 216)."""
_LETTER = (12240, 15840, 1440)  # width, height, margins in twips: 8.5 x 11 in, 1 in
_A4 = (11906, 16838, 1418)  # 210 x 297 mm, 2.5 cm


def page_for(language: str) -> tuple[int, int, int]:
    """(width, height, margin) in twips for the collection's language."""
    return _LETTER if language in LETTER_LANGUAGES else _A4


APP_XML = (
    b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    b"<Application>scenes</Application></Properties>"
)
"""Extended properties: the application that wrote the file, and nothing about a template."""

_CORE_NS = (
    'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
)
_CORE_ORDER = (
    ("title", "dc:title"),
    ("subject", "dc:subject"),
    ("author", "dc:creator"),
    ("keywords", "cp:keywords"),
    ("comments", "dc:description"),
    ("last_modified_by", "cp:lastModifiedBy"),
    ("revision", "cp:revision"),
    ("created", "dcterms:created"),
    ("modified", "dcterms:modified"),
    ("category", "cp:category"),
    ("language", "dc:language"),
)


def core_xml(properties: dict[str, str]) -> bytes:
    """docProps/core.xml for these core properties (names as python-docx calls them; times
    as UTC ISO 8601 text)."""
    items = []
    for key, tag in _CORE_ORDER:
        if key not in properties:
            continue
        kind = ' xsi:type="dcterms:W3CDTF"' if tag.startswith("dcterms:") else ""
        items.append(f"<{tag}{kind}>{escape(properties[key])}</{tag}>")
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        f"<cp:coreProperties {_CORE_NS}>{''.join(items)}</cp:coreProperties>"
    ).encode()


def custom_xml(properties: dict[str, str]) -> bytes:
    """docProps/custom.xml with string properties, in the given order."""
    items = "".join(
        f'<property fmtid="{_FMTID}" pid="{pid}" name="{escape(name, {chr(34): "&quot;"})}">'
        f"<vt:lpwstr>{escape(value)}</vt:lpwstr></property>"
        for pid, (name, value) in enumerate(properties.items(), start=2)
    )
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        f'<Properties xmlns="{CUSTOM_PROPERTIES_NS}" xmlns:vt="{_VT_NS}">{items}</Properties>'
    ).encode()


CUSTOM_XML_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml"
CUSTOM_XML_PROPS_REL = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXmlProps"
)
CUSTOM_XML_PROPS_TYPE = "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"
BASE_PART = "customXml/scenes-base.xml"
BASE_PROPS_PART = "customXml/scenes-baseProps.xml"
_DATASTORE_ID = "{6F1C2B0E-3F0A-4C55-9D0E-736365626173}"  # fixed: the same bytes every run


def base_xml(payload: bytes) -> bytes:
    """The data the document was made from, kept in a custom XML data-store item (which Word
    and LibreOffice preserve), so `scenes review` can tell the editor's changes from changes
    made to the dataset since."""
    out = io.BytesIO()
    write_base_xml(payload, out)
    return out.getvalue()


def write_base_xml(payload: bytes, into: BinaryIO) -> None:
    """`base_xml` of UTF-8 JSON, written a megabyte at a time (the three characters escaped
    are ASCII, which UTF-8 never uses inside another character)."""
    into.write(f'<?xml version="1.0" encoding="UTF-8"?>\n<base xmlns="{BASE_NAMESPACE}">'.encode())
    step = 1 << 20
    for start in range(0, len(payload), step):
        chunk = payload[start : start + step]
        into.write(chunk.replace(b"&", b"&amp;").replace(b"<", b"&lt;").replace(b">", b"&gt;"))
    into.write(b"</base>")


BASE_PROPS_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
    f'<ds:datastoreItem ds:itemID="{_DATASTORE_ID}" '
    'xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml">'
    f'<ds:schemaRefs><ds:schemaRef ds:uri="{BASE_NAMESPACE}"/></ds:schemaRefs></ds:datastoreItem>'
).encode()


def repack(data: bytes, when: datetime, replace: dict[str, bytes] | None = None) -> bytes:
    """The same package with every entry dated `when`, in a fixed order, fixed attributes;
    entries named in `replace` get the given bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    parts = {name: source.read(name) for name in source.namelist()}
    return pack({**parts, **(replace or {})}, when)


Writes = Callable[[BinaryIO], None]
"""Writes a part's bytes into a file (the zip entry) as they are made."""


def pack(parts: dict[str, bytes | Writes], when: datetime) -> bytes:
    """A zip of `parts`, every entry dated `when`, in a fixed order, fixed attributes. A part
    may be a function writing its bytes into the entry: it is never whole in memory."""
    stamp = min(max(when.astimezone(UTC), ZIP_EPOCH), ZIP_END).timetuple()[:6]
    first = [n for n in ("[Content_Types].xml", "_rels/.rels") if n in parts]
    ordered = first + sorted(n for n in parts if n not in first)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as target:
        for name in ordered:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            part = parts[name]
            if isinstance(part, bytes):
                target.writestr(info, part)
                continue
            with target.open(info, "w") as entry:  # (no ZIP64: Pandoc cannot read it)
                part(entry)
    return out.getvalue()
