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

from pipeline.writers._ooxml import OWN_STYLES, page_for
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
        if name in OWN_STYLES:
            continue  # ours: never in a Word document unless a house style defines it
        try:
            document.styles[name]
        except KeyError:
            missing.append(f"{name!r} (for {purpose})")
    return missing


def _add_style(document: Any, name: str) -> str:
    styles = document.styles.element
    if name in OWN_STYLES:
        element = etree.fromstring(OWN_STYLES[name])
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
    width, height, margin = page_for(language)
    for section in document.sections:
        section.page_width, section.page_height = Twips(width), Twips(height)
        section.left_margin = section.right_margin = Twips(margin)
        section.top_margin = section.bottom_margin = Twips(margin)
