"""What editors do to an exported DOCX, done on its XML (python-docx's tree or a package's).

Fields are named as the report names them: "rocky-ii blurb", "collection intro0". Each
operation is one of the corpus's edit steps (tests/data/review/*/case.json):

    {"set": "rocky-ii blurb", "text": "…"}         retype a field ("\\n" is a line break)
    {"split": "rocky-ii blurb", "after": "…"}      press Enter inside it, after that text
    {"append": "…"}                                 a new paragraph at the end
    {"insert": "…", "after": "rocky-ii blurb", "bookmark": "_GoBack"}
                                                    a paragraph after a field's, in a bookmark
    {"paste": "rocky-ii heading"}                   copy a field, paste it at the end
    {"drop_anchor": "rocky-ii about"}              the program lost the field's bookmark
    {"delete_paragraph": "rocky-ii blurb"}         the field's paragraph deleted
    {"duplicate": "rocky-ii heading"}               a second bookmark of the same name
    {"unclose": "rocky-ii heading"}                 the bookmark's end removed
    {"track": "rocky-ii blurb", "insert": "…", "delete": "…", "author": "Ed"}
                                                    pending tracked changes at the field's end
    {"track_split": "rocky-ii blurb", "after": "…", "author": "Ed"}
                                                    Enter pressed with Track Changes on: the
                                                    first paragraph's mark a pending insertion
    {"extend": "rocky-ii person0", "text": "; Mickey Goldmill (Burgess Meredith)"}
                                                    text typed after a field, on its line
    {"track_format": "rocky-ii blurb", "author": "Ed"}
                                                    the field's text made bold, tracked
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from lxml import etree

from pipeline.writers.docx_layout import COLLECTION_KEY, W_NS, anchor_name

W = f"{{{W_NS}}}"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def anchor(field: str) -> str:
    owner, key = field.split(" ")
    return anchor_name(COLLECTION_KEY if owner == "collection" else owner, key)


def _el(tag: str, **attributes: str) -> etree._Element:
    return etree.Element(W + tag, {W + k: v for k, v in attributes.items()})


def run(text: str) -> etree._Element:
    """A run as an editor's program writes typed text: breaks and tabs as elements."""
    r = _el("r")
    for number, line in enumerate(text.split("\n")):
        if number:
            r.append(_el("br"))
        for cell, piece in enumerate(line.split("\t")):
            if cell:
                r.append(_el("tab"))
            if piece:
                t = etree.SubElement(r, W + "t")
                t.set(XML_SPACE, "preserve")
                t.text = piece
    return r


def paragraph(text: str) -> etree._Element:
    p = _el("p")
    p.append(run(text))
    return p


def _start(body: etree._Element, name: str) -> etree._Element:
    return next(b for b in body.iter(W + "bookmarkStart") if b.get(W + "name") == name)


def _end(body: etree._Element, start: etree._Element) -> etree._Element:
    bookmark = start.get(W + "id")
    return next(e for e in body.iter(W + "bookmarkEnd") if e.get(W + "id") == bookmark)


def set_text(body: etree._Element, field: str, text: str) -> None:
    start = _start(body, anchor(field))
    end = _end(body, start)
    node = start.getnext()
    while node is not None and node is not end:
        following = node.getnext()
        start.getparent().remove(node)
        node = following
    start.addnext(run(text))


def field_text(body: etree._Element, field: str) -> str:
    start = _start(body, anchor(field))
    end, node, pieces = _end(body, start), start.getnext(), []
    while node is not None and node is not end:
        pieces += [t.text or "" for t in node.iter(W + "t")]
        node = node.getnext()
    return "".join(pieces)


def split(body: etree._Element, field: str, after: str) -> None:
    """Enter pressed inside a field: the rest, and the bookmark's end, go to a new paragraph."""
    text = field_text(body, field)
    cut = text.index(after) + len(after)
    set_text(body, field, text[:cut])
    start = _start(body, anchor(field))
    end = _end(body, start)
    end.getparent().remove(end)
    new = paragraph(text[cut:].lstrip(" "))
    new.append(end)
    start.getparent().addnext(new)


def append(body: etree._Element, text: str, bookmark: str | None = None, after: str = "") -> None:
    new = paragraph(text)
    if bookmark is not None:
        new.insert(0, _el("bookmarkStart", id="990", name=bookmark))
        new.append(_el("bookmarkEnd", id="990"))
    if after:
        _start(body, anchor(after)).getparent().addnext(new)
    else:
        last = body[-1]
        (last.addprevious if last.tag == W + "sectPr" else body.append)(new)


def paste(body: etree._Element, field: str) -> None:
    """Copy and paste as LibreOffice does it: the copy's bookmark gets a new name."""
    append(body, field_text(body, field), bookmark=f"{anchor(field)}_Copy_1")


def drop_anchor(body: etree._Element, field: str) -> None:
    start = _start(body, anchor(field))
    end = _end(body, start)
    for node in (start, end):
        node.getparent().remove(node)


def delete_paragraph(body: etree._Element, field: str) -> None:
    p = _start(body, anchor(field)).getparent()
    p.getparent().remove(p)


def duplicate(body: etree._Element, field: str) -> None:
    append(body, "A second copy", bookmark=anchor(field))


def unclose(body: etree._Element, field: str) -> None:
    end = _end(body, _start(body, anchor(field)))
    end.getparent().remove(end)


def track(
    body: etree._Element, field: str, author: str, insert: str = "", delete: str = ""
) -> None:
    """Pending changes at the end of a field, as Word writes them with Track Changes on: the
    deleted words move into w:del, the new ones come in w:ins."""
    text = field_text(body, field)
    if delete:
        assert text.endswith(delete), (text, delete)
        set_text(body, field, text[: -len(delete)])
    end = _end(body, _start(body, anchor(field)))
    if delete:
        d = _el("del", id="901", author=author)
        r = etree.SubElement(d, W + "r")
        etree.SubElement(r, W + "delText", {XML_SPACE: "preserve"}).text = delete
        end.addprevious(d)
    if insert:
        i = _el("ins", id="902", author=author)
        i.append(run(insert))
        end.addprevious(i)


def track_split(body: etree._Element, field: str, after: str, author: str) -> None:
    """A split as Word records it with Track Changes on: the new paragraph mark is an
    insertion in the first paragraph's properties (`w:pPr/w:rPr/w:ins`)."""
    split(body, field, after)
    first = _start(body, anchor(field)).getparent()
    properties = first.find(W + "pPr")
    if properties is None:
        properties = _el("pPr")
        first.insert(0, properties)
    marks = properties.find(W + "rPr")
    if marks is None:
        marks = etree.SubElement(properties, W + "rPr")
    marks.append(_el("ins", id="903", author=author, date="2026-01-01T00:00:00Z"))


def track_format(body: etree._Element, field: str, author: str) -> None:
    """Bold applied with Track Changes on: each run's properties record the old ones."""
    start = _start(body, anchor(field))
    for r in start.getparent().iter(W + "r"):
        properties = r.find(W + "rPr")
        if properties is None:
            properties = _el("rPr")
            r.insert(0, properties)
        properties.append(_el("b"))
        change = _el("rPrChange", id="904", author=author)
        change.append(_el("rPr"))
        properties.append(change)


def extend(body: etree._Element, field: str, text: str) -> None:
    """Typing after a field's end on the same line: a person added to the Cast line."""
    _end(body, _start(body, anchor(field))).addnext(run(text))


def edit(body: etree._Element, step: dict[str, Any]) -> None:
    """One corpus edit step (see the module's docstring)."""
    if "track" in step:
        track(
            body,
            step["track"],
            step.get("author", "Ed"),
            step.get("insert", ""),
            step.get("delete", ""),
        )
    elif "track_split" in step:
        track_split(body, step["track_split"], step["after"], step.get("author", "Ed"))
    elif "track_format" in step:
        track_format(body, step["track_format"], step.get("author", "Ed"))
    elif "extend" in step:
        extend(body, step["extend"], step["text"])
    elif "set" in step:
        set_text(body, step["set"], step["text"])
    elif "split" in step:
        split(body, step["split"], step["after"])
    elif "append" in step:
        append(body, step["append"])
    elif "insert" in step:
        append(body, step["insert"], bookmark=step.get("bookmark"), after=step.get("after", ""))
    elif "paste" in step:
        paste(body, step["paste"])
    else:
        (operation,) = step
        {
            "drop_anchor": drop_anchor,
            "delete_paragraph": delete_paragraph,
            "duplicate": duplicate,
            "unclose": unclose,
        }[operation](body, step[operation])


def edited(docx: bytes, steps: list[dict[str, Any]]) -> bytes:
    """The package with its body edited, every other part byte for byte as it was."""
    source = zipfile.ZipFile(io.BytesIO(docx))
    root = etree.fromstring(source.read("word/document.xml"))
    body = root.find(W + "body")
    for step in steps:
        edit(body, step)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            target.writestr(info, data)
    return out.getvalue()
