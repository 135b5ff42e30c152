"""The package around the body, built on a house reference document with python-docx.

A reference document can be anything Word or LibreOffice saved: python-docx finds its styles by
name, its page, its headers, its parts and relationships, and saves it again; the writer then
puts its own body into the saved package. The reference keeps its own header and footer; where
it has none, the running header and page numbers are added. Its proofing language becomes the
collection's. (For the built-in template, `_docx_package` does without python-docx.)
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from datetime import datetime
from typing import Any

import docx
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import qn
from lxml import etree

from pipeline.errors import WriterError
from pipeline.model import Dataset
from pipeline.writers import _docx_house as house
from pipeline.writers._docx_styles import set_language, set_page, style_ids
from pipeline.writers._ooxml import (
    APP_XML,
    BASE_PART,
    BASE_PROPS_PART,
    BASE_PROPS_XML,
    CUSTOM_PROPERTIES_TYPE,
    CUSTOM_XML_PROPS_REL,
    CUSTOM_XML_PROPS_TYPE,
    CUSTOM_XML_REL,
    BodyXml,
    base_xml,
    custom_xml,
    splice_body,
)
from pipeline.writers.docx_layout import W_NS

Compose = Callable[[dict[str, str], int], BodyXml]
"""Makes the body for the document's style ids and text width (twips)."""


def build(
    reference: bytes | None,
    name: str,
    dataset: Dataset,
    compose: Compose,
    core: dict[str, str],
    custom: dict[str, str],
    payload: bytes,
) -> tuple[bytes, dict[str, bytes]]:
    """The saved package, and the parts to replace in it (the body; without a reference, the
    house styles and settings too)."""
    from pipeline.writers._docx_body import STYLE_IDS

    language = dataset.collection.language
    document = _open(reference, name)
    if reference is None:
        set_page(document, language)  # a house document keeps its own page
    set_language(document, language)
    section = document.sections[0]
    width = int(section.page_width - section.left_margin - section.right_margin) // 635
    ids = style_ids(document) if reference is not None else STYLE_IDS
    body = compose(ids, width)
    _frame(document, dataset, ids, width, own=reference is None)
    section_properties = _emptied(document)
    _set_core(document, core)
    _tidy(document)
    _attach(document, custom, payload)
    buffer = io.BytesIO()
    document.save(buffer)
    part_name = document.part.partname.lstrip("/")
    replaced = _word_2010_styles(buffer.getvalue(), language)
    if reference is None:  # the template's look is not the house's: its parts replaced
        replaced = {
            document.styles.part.partname.lstrip("/"): house.styles_xml(language),
            document.settings.part.partname.lstrip("/"): house.settings_xml(language),
        }
    spliced = splice_body(document.part.blob, body.data())
    if spliced is not None:
        return buffer.getvalue(), {**replaced, part_name: spliced}
    # a reference document with unusual prefixes: parse the body in (the slower way)
    for element in body.elements():
        if section_properties is None:
            document.element.body.append(element)
        else:
            section_properties.addprevious(element)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue(), replaced


def _word_2010_styles(package: bytes, language: str) -> dict[str, bytes]:
    """Word 2010's second copy of the styles (`stylesWithEffects.xml`), in the collection's
    language too, when the document has one."""
    name = "word/stylesWithEffects.xml"
    archive = zipfile.ZipFile(io.BytesIO(package))
    if name not in archive.namelist():
        return {}
    root = etree.fromstring(archive.read(name))
    new = etree.fromstring(f'<w:r xmlns:w="{W_NS}">{house.language_xml(language)}</w:r>')[0]
    for lang in root.iter(f"{{{W_NS}}}lang"):
        lang.attrib.clear()
        lang.attrib.update(new.attrib)
    return {name: etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)}


def _frame(document: Any, dataset: Dataset, ids: dict[str, str], width: int, own: bool) -> None:
    """The running header and the page numbers, in every section that has no header (or
    footer) of its own; without a reference, in every section."""
    from pipeline.writers.docx_front import HEADER_ASIDE, header_text

    tab = width if own else None  # a house Header style may have tab stops of its own
    header = house.header_paragraph(ids["header"], header_text(dataset), HEADER_ASIDE, tab)
    footer = house.footer_paragraph(ids["footer"])
    for section in document.sections:
        for part, paragraph in ((section.header, header), (section.footer, footer)):
            if not own and not part.is_linked_to_previous:
                continue  # the house document's own
            part.is_linked_to_previous = False
            element = part._element
            for child in list(element):
                element.remove(child)
            element.append(etree.fromstring(house.part("hdr", paragraph))[0])


def _open(reference: bytes | None, name: str) -> Any:
    if reference is None:
        return docx.Document()
    from pipeline.writers._docx_vet import vetted

    try:
        return docx.Document(io.BytesIO(vetted(reference, name)))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise WriterError(f"{name}: not a usable .docx ({_reason(exc)})") from None


def _reason(exc: Exception) -> str:
    """python-docx's complaint without the object it was given (`<_io.BytesIO object at …>`)."""
    import re

    text = re.sub(r"\s*'?<_io\.BytesIO object at 0x[0-9a-f]+>'?", "", str(exc))
    return " ".join(text.split()) or type(exc).__name__


def _emptied(document: Any) -> Any:
    """A reference document lends its styles, not its text: empty its body, keeping the
    section properties (which must stay last)."""
    body = document.element.body
    section_properties = body.find(qn("w:sectPr"))
    for child in list(body):
        if child is not section_properties:
            body.remove(child)
    return section_properties


def _set_core(document: Any, core: dict[str, str]) -> None:
    props = document.core_properties
    for key, value in core.items():
        if key in ("created", "modified"):
            value = datetime.fromisoformat(value.removesuffix("Z"))
        elif key == "revision":
            value = int(value)
        setattr(props, key, value)


def _tidy(document: Any) -> None:
    """Drop what a template carries about itself: a thumbnail of its first page, and extended
    properties naming the program and template that made it."""
    rels = document.part.package.rels
    for r_id, rel in list(rels.items()):
        if rel.reltype == RELATIONSHIP_TYPE.THUMBNAIL:
            del rels[r_id]
        elif rel.reltype == RELATIONSHIP_TYPE.EXTENDED_PROPERTIES and not rel.is_external:
            rel.target_part._blob = APP_XML


def _attach(document: Any, custom: dict[str, str], payload: bytes) -> None:
    """The custom properties and the base data, replacing any the reference document had."""
    package = document.part.package
    _unrelate(package.rels, lambda rel: rel.reltype == RELATIONSHIP_TYPE.CUSTOM_PROPERTIES)
    properties = Part(
        PackURI("/docProps/custom.xml"), CUSTOM_PROPERTIES_TYPE, custom_xml(custom), package
    )
    package.relate_to(properties, RELATIONSHIP_TYPE.CUSTOM_PROPERTIES)
    item = Part(PackURI(f"/{BASE_PART}"), "application/xml", base_xml(payload), package)
    props = Part(PackURI(f"/{BASE_PROPS_PART}"), CUSTOM_XML_PROPS_TYPE, BASE_PROPS_XML, package)
    item.relate_to(props, CUSTOM_XML_PROPS_REL)
    _unrelate(
        document.part.rels,
        lambda rel: rel.reltype == CUSTOM_XML_REL and rel.target_part.partname == item.partname,
    )
    document.part.relate_to(item, CUSTOM_XML_REL)


def _unrelate(rels: Any, drop: Any) -> None:
    """Forget the parts a reference document brought that ours replace (its custom
    properties, an earlier export's base data): unrelated parts are not saved, so the
    package never holds two parts of one name."""
    for r_id, rel in list(rels.items()):
        if not rel.is_external and drop(rel):
            del rels[r_id]
