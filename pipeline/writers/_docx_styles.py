"""The styles and page the DOCX uses: real Word styles, restylable by a reference document.

Every paragraph and table of the document carries a named style, so a house reference
document (`--reference-docx`) restyles everything. A reference saved by LibreOffice lacks the
built-in styles it never used; those fall back to the built-in definitions (the caller says
so in a note, see `missing_styles`) rather than refusing the document.
"""

from __future__ import annotations

import copy
import functools
import io
import zipfile
from typing import Any

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.shared import Twips
from lxml import etree

from pipeline.writers.docx_layout import W_NS

STYLES = {
    "title": ("Title", "the article's title"),
    "subtitle": ("Subtitle", "the dek"),
    "heading": ("Heading 1", "each scene's heading"),
    "body": ("Normal", "body text"),
    "table": ("Table Grid", "the numbers table"),
    "table_heading": ("Table Heading", "the numbers table's header row"),
    "cell": ("Table Contents", "the numbers table's cells"),
}
"""Role -> (style name, what it is used for)."""

_OWN = {  # styles the default template lacks: defined here, restylable by a reference
    "Table Heading": (
        '<w:style xmlns:w="{w}" w:type="paragraph" w:customStyle="1" w:styleId="TableHeading">'
        '<w:name w:val="Table Heading"/><w:basedOn w:val="Normal"/><w:qFormat/>'
        '<w:pPr><w:keepNext/><w:spacing w:before="40" w:after="40"/></w:pPr>'
        "<w:rPr><w:b/><w:bCs/></w:rPr></w:style>"
    ),
    "Table Contents": (
        '<w:style xmlns:w="{w}" w:type="paragraph" w:customStyle="1" w:styleId="TableContents">'
        '<w:name w:val="Table Contents"/><w:basedOn w:val="Normal"/><w:qFormat/>'
        '<w:pPr><w:spacing w:before="40" w:after="40"/></w:pPr></w:style>'
    ),
}

LETTER_LANGUAGES = ("en-US", "en-CA", "es-US", "fr-CA", "en-PH", "es-MX")
"""Where US Letter is the paper size; everywhere else, A4 (ISO 216)."""
_LETTER = (12240, 15840, 1440)  # width, height, margins in twips: 8.5 x 11 in, 1 in
_A4 = (11906, 16838, 1418)  # 210 x 297 mm, 2.5 cm


def style_ids(document: Any) -> dict[str, str]:
    """Each role's style id, adding the built-in definition of any style the document lacks."""
    ids = {}
    for role, (name, _purpose) in STYLES.items():
        try:
            ids[role] = document.styles[name].style_id
        except KeyError:
            ids[role] = _add_style(document, name)
    return ids


def missing_styles(reference: bytes) -> list[str]:
    """The Word styles a reference document lacks (its own or the built-in definition will be
    used instead), phrased for a note: "'Subtitle' (for the dek)"."""
    try:
        document = docx.Document(io.BytesIO(reference))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError):
        return []  # not a usable document: the export itself says so
    missing = []
    for name, purpose in STYLES.values():
        if name in _OWN:
            continue  # ours: never in a Word document unless a house style defines it
        try:
            document.styles[name]
        except KeyError:
            missing.append(f"{name!r} (for {purpose})")
    return missing


def _add_style(document: Any, name: str) -> str:
    styles = document.styles.element
    if name in _OWN:
        element = etree.fromstring(_OWN[name].format(w=W_NS))
    else:
        element = copy.deepcopy(_default_styles()[name])
        for linked in element.iterfind(f"{{{W_NS}}}link"):  # its character twin, e.g. Title Char
            _add_by_id(document, linked.get(f"{{{W_NS}}}val"))
    styles.append(element)
    return str(element.get(f"{{{W_NS}}}styleId"))


def _add_by_id(document: Any, style_id: str | None) -> None:
    styles = document.styles.element
    if (
        style_id is None
        or styles.find(f"{{{W_NS}}}style[@{{{W_NS}}}styleId='{style_id}']") is not None
    ):
        return
    for element in _default_styles().values():
        if element.get(f"{{{W_NS}}}styleId") == style_id:
            styles.append(copy.deepcopy(element))


@functools.cache
def _default_styles() -> dict[str, Any]:
    """The built-in style definitions (python-docx's default template), by name and by id."""
    document = docx.Document()
    found = {}
    for style in document.styles:
        found[style.name] = style.element
        found[f"#{style.style_id}"] = style.element
    return found


def set_page(document: Any, language: str) -> None:
    """Letter or A4 by the collection's language, with even margins (only for the built-in
    template: a reference document keeps its own page)."""
    width, height, margin = _LETTER if language in LETTER_LANGUAGES else _A4
    for section in document.sections:
        section.page_width, section.page_height = Twips(width), Twips(height)
        section.left_margin = section.right_margin = Twips(margin)
        section.top_margin = section.bottom_margin = Twips(margin)
