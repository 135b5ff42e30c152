"""The package around the body, built on the built-in template without loading python-docx.

Opening python-docx's default template with python-docx (and lxml) and saving it again costs
about 100 ms, more than all the rest of a 13-scene DOCX export; the writer uses none of its
object model for that template. This module reads the template's parts straight from its zip
(found without importing the package) and replaces or edits the ones it must, as text: the
body, the page with its running header and footer, the house styles, settings and fonts
(`_docx_house`), the properties, the base data. If the template is not what this module
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

HEADER_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
FOOTER_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"
_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml"
_STYLES_WITH_EFFECTS = re.compile(rb'<Relationship [^>]*Target="stylesWithEffects.xml"/>\s*')
_STYLES_WITH_EFFECTS_TYPE = re.compile(
    rb'<Override PartName="/word/stylesWithEffects.xml"[^>]*/>\s*'
)
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
    document = parts.get("word/document.xml", b"")
    needed = ("word/styles.xml", "word/settings.xml", "word/_rels/document.xml.rels")
    if not (
        all(n in parts for n in needed)
        and b"<w:body>" in document
        and b'xmlns:r="' in document  # the header and footer references need the prefix
        and _PAGE.search(document)
    ):
        return None
    return parts


def available() -> bool:
    return _template() is not None


def build(
    write_body: Writes,
    page: tuple[int, int, int],
    house: dict[str, bytes],
    core: dict[str, str],
    custom: dict[str, str],
    payload: bytes,
) -> dict[str, bytes | Writes]:
    """The package's parts: the template with the body `write_body` writes, the page (width,
    height, margin in twips), the house parts (`word/styles.xml`, `settings.xml`,
    `fontTable.xml`, `header1.xml`, `footer1.xml`), properties and base data. The body and the
    base data are written straight into the zip: a 100,000-scene body is never whole in
    memory."""
    parts: dict[str, bytes | Writes] = dict(_template() or {})
    width, height, margin = page
    setup = (
        '<w:headerReference w:type="default" r:id="rIdHeader"/>'
        '<w:footerReference w:type="default" r:id="rIdFooter"/>'
        f'<w:pgSz w:w="{width}" w:h="{height}"/><w:pgMar w:top="{margin}" w:right="{margin}" '
        f'w:bottom="{margin}" w:left="{margin}" w:header="708" w:footer="708" w:gutter="0"/>'
    ).encode()
    template = _PAGE.sub(lambda _: setup, _template()["word/document.xml"], count=1)  # type: ignore[index]
    head, _, tail = template.partition(b"<w:body>")

    def document(into: BinaryIO) -> None:
        into.write(head + b"<w:body>")
        write_body(into)
        into.write(tail)

    parts["word/document.xml"] = document
    parts.update(house)
    parts.pop("word/stylesWithEffects.xml", None)  # Word 2010's copy of the old styles
    parts.pop("docProps/thumbnail.jpeg", None)
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
    rels = _STYLES_WITH_EFFECTS.sub(b"", original["word/_rels/document.xml.rels"])
    rels = _add_rel(rels, "rIdBase", CUSTOM_XML_REL, "../" + BASE_PART)
    rels = _add_rel(rels, "rIdHeader", HEADER_REL, "header1.xml")
    parts["word/_rels/document.xml.rels"] = _add_rel(rels, "rIdFooter", FOOTER_REL, "footer1.xml")
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
        f'<Override PartName="/word/header1.xml" ContentType="{_WML}.header+xml"/>'
        f'<Override PartName="/word/footer1.xml" ContentType="{_WML}.footer+xml"/>'
    ).encode()
    types = _STYLES_WITH_EFFECTS_TYPE.sub(b"", thumbnail.sub(b"", types))
    return types.replace(b"</Types>", overrides + b"</Types>", 1)
