"""The styles, language and page of a DOCX built with python-docx (a house reference
document, or the template when `_docx_package` cannot be used).

Every paragraph, run and table of the document carries a named style, so a house reference
document (`--reference-docx`) restyles everything. A style it lacks gets the house definition
(`_docx_house`; the caller says so in a note, see `missing_styles`) rather than refusing the
document. The proofing language is the collection's, whatever the reference says.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.shared import Twips
from lxml import etree

from pipeline.writers._docx_house import STYLES as HOUSE
from pipeline.writers._docx_house import language_xml
from pipeline.writers._ooxml import page_for
from pipeline.writers.docx_layout import W_NS

STYLES = {
    "title": ("Title", "the article's title"),
    "subtitle": ("Subtitle", "the dek"),
    "byline": ("Byline", "the byline, date and link"),
    "heading": ("Heading 1", "each scene's heading"),
    "body": ("Normal", "body text"),
    "advisory": ("Advisory", "the content advisory"),
    "correction": ("Correction", "a scene's correction"),
    "credits": ("Credits", "each scene's film and cast"),
    "table": ("Claims Table", "the claims tables"),
    "table_heading": ("Table Heading", "the claims tables' labels"),
    "cell": ("Table Contents", "the claims tables' values"),
    "header": ("Header", "the running header"),
    "footer": ("Footer", "the page numbers"),
    "work_title": ("Work Title", "titles of works, in italics"),
    "credit_label": ("Credit Label", "the credits' labels"),
    "scene_number": ("Scene Number", "each scene's number"),
    "editor_note": ("Editor Note", "notes to editors, such as a placeholder byline"),
    "strong": ("Strong", "each reality check's verdict"),
    "hyperlink": ("Hyperlink", "the article's link"),
}
"""Role -> (style name, what it is used for)."""
_W = f"{{{W_NS}}}"


def style_ids(document: Any) -> dict[str, str]:
    """Each role's style id, adding the house definition of any style the document lacks."""
    ids = {}
    named = _by_name(document)
    for role, (name, _purpose) in STYLES.items():
        ids[role] = named[name] if name in named else _add_style(document, name)
    return ids


def _by_name(document: Any) -> dict[str, str]:
    """The document's style ids by style name (python-docx's `styles[name]` also matches an
    id, with a warning: LibreOffice gives 'Strong' the name 'Strong Emphasis')."""
    return {style.name: style.style_id for style in document.styles}


def set_language(document: Any, language: str) -> None:
    """The collection's language as the proofing language everywhere the document names one:
    the style defaults, every style, and the settings (the theme's language)."""
    styles = document.styles.element
    defaults = styles.find(f"{_W}docDefaults")
    if defaults is None:
        defaults = etree.SubElement(styles, f"{_W}docDefaults")
        styles.insert(0, defaults)
    run = defaults.find(f"{_W}rPrDefault/{_W}rPr")
    if run is None:
        holder = defaults.find(f"{_W}rPrDefault")
        if holder is None:
            holder = etree.Element(f"{_W}rPrDefault")
            defaults.insert(0, holder)
        run = etree.SubElement(holder, f"{_W}rPr")
    if run.find(f"{_W}lang") is None:
        run.append(etree.fromstring(f'<w:lang xmlns:w="{W_NS}"/>'))
    for lang in styles.iter(f"{_W}lang"):
        _set_lang(lang, language)
    settings = document.settings.element
    theme = settings.find(f"{_W}themeFontLang")
    if theme is not None:
        _set_lang(theme, language)


def _set_lang(element: Any, language: str) -> None:
    new = etree.fromstring(language_xml(language).replace("<w:lang ", f'<w:lang xmlns:w="{W_NS}" '))
    for key in list(element.attrib):
        del element.attrib[key]
    element.attrib.update(new.attrib)


def missing_styles(reference: bytes) -> list[str]:
    """The Word styles a reference document lacks (its own or the built-in definition will be
    used instead), phrased for a note: "'Subtitle' (for the dek)"."""
    from pipeline.errors import WriterError
    from pipeline.writers._docx_vet import vetted

    try:
        document = docx.Document(io.BytesIO(vetted(reference, "")))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, WriterError):
        return []  # not a usable document: the export itself says so
    named = _by_name(document)
    return [
        f"{name!r} (for {purpose})"
        for name, purpose in STYLES.values()
        if name in _WORD_STYLES and name not in named  # ours are never expected of it
    ]


_WORD_STYLES = frozenset({"Title", "Subtitle", "Heading 1", "Normal", "Header", "Footer"})
"""Styles every Word document may be expected to define: a house document lacking one is
worth a note (the others are this project's own)."""


def _add_style(document: Any, name: str) -> str:
    """The house definition of `name` added to the document, under an id it does not use."""
    styles = document.styles.element
    element = etree.fromstring(HOUSE[name])
    taken = {s.get(f"{_W}styleId") for s in styles.iter(f"{_W}style")}
    style_id = str(element.get(f"{_W}styleId"))
    while style_id in taken:  # a document may use the id for another name
        style_id += "X"
    element.set(f"{_W}styleId", style_id)
    for based in element.iterfind(f"{_W}basedOn"):
        if based.get(f"{_W}val") not in taken:
            element.remove(based)  # e.g. no 'Default Paragraph Font': based on nothing
    styles.append(element)
    return style_id


def set_page(document: Any, language: str) -> None:
    """Letter or A4 by the collection's language, with even margins (only for the built-in
    template: a reference document keeps its own page)."""
    width, height, margin = page_for(language)
    for section in document.sections:
        section.page_width, section.page_height = Twips(width), Twips(height)
        section.left_margin = section.right_margin = Twips(margin)
        section.top_margin = section.bottom_margin = Twips(margin)
