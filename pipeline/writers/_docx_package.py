"""The package around the body, built on the built-in template without loading python-docx.

Opening python-docx's default template with python-docx (and lxml) and saving it again costs
about 100 ms, more than all the rest of a 13-scene DOCX export; the writer uses none of its
object model for that template. This module reads the template's parts straight from its zip
(found without importing the package) and edits the few it must, as text: the body, the page,
two paragraph styles, the properties, the base data. If the template is not what this module
knows (a future python-docx may change it), it says so (`None`) and the writer takes the
python-docx road instead.
"""

from __future__ import annotations

import functools
import importlib.util
import io
import re
import zipfile
from pathlib import Path
from typing import BinaryIO

from pipeline.writers._ooxml import (
    APP_XML,
    BASE_PART,
    BASE_PROPS_PART,
    BASE_PROPS_XML,
    CUSTOM_PROPERTIES_TYPE,
    CUSTOM_XML_PROPS_REL,
    CUSTOM_XML_REL,
    Writes,
    core_xml,
    custom_xml,
    write_base_xml,
)

STYLE_IDS = {
    "title": "Title",
    "subtitle": "Subtitle",
    "heading": "Heading1",
    "body": "Normal",
    "table": "TableGrid",
    "table_heading": "TableHeading",
    "cell": "TableContents",
}
"""The template's style ids for each role (the last two are added, see OWN_STYLES)."""
_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CUSTOM_REL = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
)
_THUMBNAIL = re.compile(rb'<Relationship [^>]*Target="docProps/thumbnail.jpeg"/>\s*')
_PAGE = re.compile(rb"<w:pgSz [^>]*/>\s*<w:pgMar [^>]*/>")


@functools.cache
def _template() -> dict[str, bytes] | None:
    """python-docx's default template, part by part, if it is the one this module knows."""
    spec = importlib.util.find_spec("docx")  # finds the package without importing it
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "templates" / "default.docx"
    try:
        archive = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
        parts = {name: archive.read(name) for name in archive.namelist()}
    except (OSError, zipfile.BadZipFile):
        return None
    styles = parts.get("word/styles.xml", b"")
    known = all(f'w:styleId="{i}"'.encode() in styles for i in list(STYLE_IDS.values())[:5])
    document = parts.get("word/document.xml", b"")
    if not (known and b"<w:body>" in document and _PAGE.search(document)):
        return None
    return parts


def available() -> bool:
    return _template() is not None


def build(
    write_body: Writes,
    page: tuple[int, int, int],
    own_styles: bytes,
    core: dict[str, str],
    custom: dict[str, str],
    payload: bytes,
) -> dict[str, bytes | Writes]:
    """The package's parts: the template with the body `write_body` writes, the page (width,
    height, margin in twips), added styles, properties and base data. The body and the base
    data are written straight into the zip: a 100,000-scene body is never whole in memory."""
    parts: dict[str, bytes | Writes] = dict(_template() or {})
    width, height, margin = page
    setup = (
        f'<w:pgSz w:w="{width}" w:h="{height}"/><w:pgMar w:top="{margin}" w:right="{margin}" '
        f'w:bottom="{margin}" w:left="{margin}" w:header="720" w:footer="720" w:gutter="0"/>'
    ).encode()
    template = _PAGE.sub(lambda _: setup, _template()["word/document.xml"], count=1)  # type: ignore[index]
    head, _, tail = template.partition(b"<w:body>")

    def document(into: BinaryIO) -> None:
        into.write(head + b"<w:body>")
        write_body(into)
        into.write(tail)

    parts["word/document.xml"] = document
    parts["word/styles.xml"] = _template()["word/styles.xml"].replace(  # type: ignore[index]
        b"</w:styles>", own_styles + b"</w:styles>", 1
    )
    del parts["docProps/thumbnail.jpeg"]
    parts["docProps/core.xml"] = core_xml(core)
    parts["docProps/app.xml"] = APP_XML
    parts["docProps/custom.xml"] = custom_xml(custom)
    parts[BASE_PART] = lambda into: write_base_xml(payload, into)
    parts[BASE_PROPS_PART] = BASE_PROPS_XML
    parts["customXml/_rels/scenes-base.xml.rels"] = _rels(
        ("rId1", CUSTOM_XML_PROPS_REL, "scenes-baseProps.xml")
    )
    original = _template() or {}
    parts["_rels/.rels"] = _add_rel(
        _THUMBNAIL.sub(b"", original["_rels/.rels"]),
        "rIdCustom",
        _CUSTOM_REL,
        "docProps/custom.xml",
    )
    parts["word/_rels/document.xml.rels"] = _add_rel(
        original["word/_rels/document.xml.rels"], "rIdBase", CUSTOM_XML_REL, "../" + BASE_PART
    )
    parts["[Content_Types].xml"] = _content_types(original["[Content_Types].xml"])
    return parts


def _rels(*relationships: tuple[str, str, str]) -> bytes:
    items = "".join(
        f'<Relationship Id="{i}" Type="{t}" Target="{x}"/>' for i, t, x in relationships
    )
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        f'<Relationships xmlns="{_REL_NS}">{items}</Relationships>'
    ).encode()


def _add_rel(rels: bytes, rel_id: str, kind: str, target: str) -> bytes:
    entry = f'<Relationship Id="{rel_id}" Type="{kind}" Target="{target}"/>'.encode()
    return rels.replace(b"</Relationships>", entry + b"</Relationships>", 1)


def _content_types(types: bytes) -> bytes:
    thumbnail = re.compile(rb'<Default Extension="jpeg"[^>]*/>\s*')
    overrides = (
        f'<Override PartName="/docProps/custom.xml" ContentType="{CUSTOM_PROPERTIES_TYPE}"/>'
        f'<Override PartName="/{BASE_PROPS_PART}" ContentType="'
        'application/vnd.openxmlformats-officedocument.customXmlProperties+xml"/>'
    ).encode()
    return thumbnail.sub(b"", types).replace(b"</Types>", overrides + b"</Types>", 1)
