"""What a house-style document reaches outside itself, taken out before python-docx opens it.

A reference document lends its styles, page, header and footer to the editors' copy; anything
in it that points outside the document would go with them, and Word follows some of it as the
document opens: an attached template on a server (`w:attachedTemplate`, which also leaks who
opened it, and where), a picture or OLE object linked rather than embedded, a mail merge's data
source and its query, a field that fetches a file or a page (INCLUDETEXT, INCLUDEPICTURE, LINK)
or starts a program (DDEAUTO), a hyperlink. The editors' copy holds none of it:

- every relationship with TargetMode="External", in any part, goes, and so does what refers
  to it: a hyperlink keeps its text, a linked picture or object goes, the attached template
  setting goes;
- a mail merge's settings go (a connection string and a query, whatever their source);
- so do macros (a .dotm's `vbaProject.bin`, its key bindings and toolbars) and ActiveX
  controls: code, not style, and a .docx must not hold them;
- a field stays only if it shows what is in the document (page numbers, dates, properties,
  references, formulas); any other is replaced by the text it last showed.

Each goes with a phrase naming it, for the warning the export prints. Only the reference is
treated: the export's own link to the article (a HYPERLINK field made from the data) stays.
"""

from __future__ import annotations

from lxml import etree

from pipeline.writers.docx_layout import W_NS

R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
_W = f"{{{W_NS}}}"
SHOWING_FIELDS = frozenset(
    {
        *("PAGE", "NUMPAGES", "SECTIONPAGES", "SECTION", "DATE", "TIME", "CREATEDATE"),
        *("SAVEDATE", "PRINTDATE", "EDITTIME", "TITLE", "SUBJECT", "AUTHOR", "KEYWORDS"),
        *("COMMENTS", "LASTSAVEDBY", "REVNUM", "DOCPROPERTY", "DOCVARIABLE", "INFO"),
        *("FILENAME", "FILESIZE", "NUMWORDS", "NUMCHARS", "TEMPLATE", "USERNAME"),
        *("USERINITIALS", "USERADDRESS", "STYLEREF", "REF", "PAGEREF", "NOTEREF", "SEQ"),
        *("QUOTE", "IF", "COMPARE", "=", "SYMBOL", "EQ", "ADVANCE", "LISTNUM", "AUTONUM"),
        *("AUTONUMLGL", "AUTONUMOUT", "BIDIOUTLINE", "TOC", "TOA", "TC", "TA", "INDEX", "XE"),
        *("FORMTEXT", "FORMCHECKBOX", "FORMDROPDOWN", "CITATION", "BIBLIOGRAPHY"),
    }
)
"""Fields that show what is in the document or its properties: they keep working. Any other
(INCLUDETEXT, INCLUDEPICTURE, LINK, DDE, DDEAUTO, IMPORT, HYPERLINK, DATABASE, RD,
MACROBUTTON, PRINT...) becomes the text it showed."""
_CONTAINERS = {f"{_W}drawing", f"{_W}pict", f"{_W}object"}
"""What a linked picture or object sits in: it goes whole (it has nothing left to show)."""
_LINK_ONLY = {f"{{{_A_NS}}}hlinkClick", f"{{{_A_NS}}}hlinkHover"}
"""A shape's link: the link goes, the shape stays."""
_KINDS = {
    "attachedTemplate": "the attached template",
    "hyperlink": "a hyperlink to",
    "image": "a linked picture",
    "oleObject": "a linked object",
    "subDocument": "a subdocument",
    "mailMergeSource": "a mail-merge data source",
    "mailMergeHeaderSource": "a mail-merge header source",
    "recipientData": "mail-merge recipients",
    "transform": "an XSL transform",
    "frame": "a frame",
}
_CODE = {
    "http://schemas.microsoft.com/office/2006/relationships/vbaProject": "the macros",
    "http://schemas.microsoft.com/office/2006/relationships/keyMapCustomizations": (
        "the key bindings to macros"
    ),
    "http://schemas.microsoft.com/office/2006/relationships/attachedToolbars": (
        "the toolbars of macros"
    ),
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/control": (
        "an ActiveX control"
    ),
}
"""Relationships to code inside the package: they go too (what they reach goes unsaved)."""
BODY = "word/document.xml"
"""The document's body: the export replaces it with its own, so its fields never reach the
editors' copy (its relationships would: they are kept with the part)."""
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def inward(parts: dict[str, bytes]) -> tuple[dict[str, bytes], list[str]]:
    """The parts that changed, with nothing reaching outside the document, and a phrase for
    each thing that went ("the attached template http://… (word/settings.xml)")."""
    changed: dict[str, bytes] = {}
    dropped: list[str] = []
    unlinked: dict[str, set[str]] = {}  # a part -> its relationship ids that went
    for name in sorted(p for p in parts if p.endswith(".rels")):
        source = _source_of(name)
        kept, gone = _internal_only(parts[name])
        if gone:
            changed[name] = kept
            unlinked[source] = set(gone)
            dropped += [_phrase(kind, target, source or name) for kind, target in gone.values()]
    for name in sorted(p for p in parts if p.endswith(".xml")):
        data = parts[name]
        fields = name != BODY and (b"instr" in data or b"mailMerge" in data)
        if name not in unlinked and not fields:
            continue
        root = etree.fromstring(data, _PARSER)
        _unlink(root, unlinked.get(name, set()))  # (named by their relationships above)
        said = _merge_gone(root) + _fields(root) if fields else []
        if said or name in unlinked:
            changed[name] = etree.tostring(
                root, xml_declaration=True, encoding="UTF-8", standalone=True
            )
            dropped += [f"{what} ({name})" for what in said]
    return changed, sorted(dropped, key=_rank)


def _rank(phrase: str) -> int:
    """What the warning names first: what Word fetches or runs on opening, then what it
    follows when clicked."""
    for rank, start in enumerate(_FIRST):
        if phrase.startswith(start):
            return rank
    return len(_FIRST)


_FIRST = (
    "the macros",
    "the key bindings",
    "the toolbars",
    "an ActiveX",
    "the attached template",
    "the mail-merge",
    "a mail-merge",
    "the field",
    "a linked",
)


def _source_of(rels: str) -> str:
    """`word/_rels/settings.xml.rels` -> `word/settings.xml`; the package's own: ''."""
    folder, _, file = rels.rpartition("_rels/")
    return folder + file.removesuffix(".rels")


def _internal_only(data: bytes) -> tuple[bytes, dict[str, tuple[str, str]]]:
    """The relationships without the external ones (or those to code), and those:
    id -> (type, target)."""
    root = etree.fromstring(data, _PARSER)
    gone: dict[str, tuple[str, str]] = {}
    for rel in list(root.iter(f"{{{_RELS_NS}}}Relationship")):
        kind = rel.get("Type") or ""
        if (rel.get("TargetMode") or "").lower() == "external" or kind in _CODE:
            gone[rel.get("Id") or ""] = (kind, rel.get("Target") or "")
            root.remove(rel)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True), gone


def _unlink(root: etree._Element, ids: set[str]) -> None:
    """Take out what refers to the relationships `ids` (gone): a hyperlink becomes its text,
    a shape's link goes, a picture or object linked from outside goes whole, anything else
    referring to one (the attached template setting) goes."""
    found = [
        (element, attribute)
        for element in root.iter()
        for attribute, value in element.attrib.items()
        if attribute.startswith(f"{{{R_NS}}}") and value in ids
    ]
    for element, attribute in found:
        if element.getparent() is None and element is not root:
            continue  # inside something already taken out
        if element.tag == f"{_W}hyperlink":
            _unwrap(element)
        elif element.tag in _LINK_ONLY or _container(element) is None:
            _remove(element)
        elif element.tag == f"{{{_A_NS}}}blip" and element.get(f"{{{R_NS}}}embed"):
            del element.attrib[attribute]  # a linked picture with its own copy: the copy stays
        else:
            _remove(_container(element))


def _container(element: etree._Element) -> etree._Element | None:
    for ancestor in element.iterancestors():
        if ancestor.tag in _CONTAINERS:
            return ancestor
    return None


def _merge_gone(root: etree._Element) -> list[str]:
    """A mail merge's settings: a data source, its connection string and query."""
    merges = list(root.iter(f"{_W}mailMerge"))
    for merge in merges:
        _remove(merge)
    return ["the mail-merge settings"] if merges else []


def _fields(root: etree._Element) -> list[str]:
    """Fields that do more than show the document, replaced by what they showed."""
    said = []
    for simple in reversed(list(root.iter(f"{_W}fldSimple"))):
        instruction = simple.get(f"{_W}instr") or ""
        if _field_name(instruction) not in SHOWING_FIELDS:
            _unwrap(simple)
            said.append(_field_phrase(instruction))
    return said + _complex_fields(root)


def _complex_fields(root: etree._Element) -> list[str]:
    """Fields as runs: begin, the instruction, separate, what it shows, end. One that does more
    than show loses every run from its begin to its separate, and its end: what it showed
    stays as plain runs. A field nested in another's instruction is judged on its own."""
    said = []
    open_fields: list[dict] = []  # code: its runs up to separate; text: its instruction
    for run in list(root.iter(f"{_W}r")):
        for field in open_fields:
            if not field["showing"]:
                field["code"].append(run)
        for child in run:
            if child.tag == f"{_W}instrText" and open_fields:
                open_fields[-1]["text"] += child.text or ""
            if child.tag != f"{_W}fldChar":
                continue
            kind = child.get(f"{_W}fldCharType")
            if kind == "begin":
                open_fields.append({"code": [run], "text": "", "showing": False, "end": None})
            elif kind == "separate" and open_fields:
                open_fields[-1]["showing"] = True
            elif kind == "end" and open_fields:
                field = open_fields.pop()
                field["end"] = run
                said += _judged(field)
    for field in open_fields:  # never ended: judged all the same
        said += _judged(field)
    return said


def _judged(field: dict) -> list[str]:
    if _field_name(field["text"]) in SHOWING_FIELDS:
        return []
    for run in [*field["code"], field["end"]]:
        _remove(run)
    return [_field_phrase(field["text"])]


def _field_phrase(instruction: str) -> str:
    """'the field INCLUDETEXT "http://…"'."""
    return f"the field {_shown(instruction) or '(empty)'}"


def _field_name(instruction: str) -> str:
    """The field's name: 'INCLUDETEXT', '=' for a formula, '' for none."""
    words = instruction.split()
    if not words:
        return ""
    return "=" if words[0].startswith("=") else words[0].upper()


def _unwrap(element: etree._Element) -> None:
    """Put `element`'s children where it was."""
    parent = element.getparent()
    if parent is None:
        return
    at = parent.index(element)
    for offset, child in enumerate(list(element)):
        parent.insert(at + offset, child)
    _remove(element)


def _remove(element: etree._Element | None) -> None:
    if element is not None and element.getparent() is not None:
        element.getparent().remove(element)


def _phrase(kind: str, target: str, where: str) -> str:
    """'the attached template http://attacker.invalid/t.dotm (word/settings.xml)'; 'the
    macros (word/document.xml)'."""
    if kind in _CODE:
        return f"{_CODE[kind]} ({where})"
    short = kind.rpartition("/")[2]
    what = _KINDS.get(short, f"a link ({_shown(short) or 'of no type'}) to")
    return f"{what} {_shown(target)} ({where})"


def _shown(text: str) -> str:
    """Someone else's text as a terminal shows it on one line: no control or format
    characters (a bidi override), at most 100 characters."""
    shown = "".join(c if c.isprintable() else "?" for c in " ".join(text.split()))
    return shown if len(shown) <= 100 else shown[:99] + "…"
