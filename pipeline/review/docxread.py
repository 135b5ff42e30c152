"""Read an editor's returned DOCX: the text inside each scenes anchor, tracked changes,
comments, any text outside anchors, and the data it was exported from.

Accepted text is what counts: text in a pending deletion (`w:del`) still stands and text in a
pending insertion (`w:ins`) does not, unless the caller accepts pending changes.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from typing import TYPE_CHECKING

from lxml import etree

from pipeline.errors import ReviewError
from pipeline.struct import Factory, struct
from pipeline.writers.docx_layout import (
    ANCHOR_PREFIX,
    BASE_NAMESPACE,
    CUSTOM_PROPERTIES_NS,
    DATASET_SHA256,
    W_NS,
)

if TYPE_CHECKING:
    from pipeline.model import Dataset

W = f"{{{W_NS}}}"


@struct
class Pending:
    anchor: str
    kind: str  # "insertion" or "deletion"
    text: str
    author: str


@struct
class Comment:
    anchor: str
    author: str
    text: str


@struct(frozen=False)
class EditedDocument:
    anchors: dict[str, str] = Factory(dict)
    pending: list[Pending] = Factory(list)
    comments: list[Comment] = Factory(list)
    unmapped: list[tuple[str, str]] = Factory(list)  # (last anchor before, text)
    dataset_sha256: str | None = None
    base: str | None = None


def read(data: bytes, name: str, *, accept_pending: bool = False) -> EditedDocument:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        body = etree.fromstring(archive.read("word/document.xml")).find(f"{W}body")
        comments_xml = (
            archive.read("word/comments.xml") if "word/comments.xml" in archive.namelist() else None
        )
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError) as exc:
        raise ReviewError(f"{name}: not a readable .docx ({exc})") from None
    properties = _custom_properties(archive)
    result = EditedDocument(dataset_sha256=properties.get(DATASET_SHA256), base=_base_data(archive))
    _walk(body, result, accept_pending, _comment_texts(comments_xml))
    if not any(n.startswith(ANCHOR_PREFIX) for n in result.anchors):
        if result.dataset_sha256 is None:
            raise ReviewError(
                f"{name}: not a document exported by scenes (no scenes anchors or properties)"
            )
        raise ReviewError(
            f"{name}: exported by scenes, but its anchors (bookmarks named {ANCHOR_PREFIX}…) are gone; "
            "the editing program removed them, so changes cannot be mapped back"
        )
    return result


def _walk(
    body: etree._Element,
    result: EditedDocument,
    accept_pending: bool,
    comments: dict[str, tuple[str, str]],
) -> None:
    open_: dict[str, str] = {}  # bookmark id -> name, across paragraphs
    texts: dict[str, list[str]] = {}
    last_anchor = ""
    for paragraph in body.iter(f"{W}p"):
        outside: list[str] = []
        for el in paragraph.iter():
            tag = el.tag
            if tag == f"{W}bookmarkStart":
                bookmark = el.get(f"{W}name", "")
                if bookmark.startswith(ANCHOR_PREFIX):
                    open_[el.get(f"{W}id", "")] = bookmark
                    texts.setdefault(bookmark, [])
                    last_anchor = bookmark
            elif tag == f"{W}bookmarkEnd":
                open_.pop(el.get(f"{W}id", ""), None)
            elif tag == f"{W}commentRangeStart":
                author, text = comments.get(el.get(f"{W}id", ""), ("", ""))
                where = next(iter(open_.values()), last_anchor)
                result.comments.append(Comment(where, author, text))
            elif tag in (f"{W}t", f"{W}delText", f"{W}tab", f"{W}br"):
                piece = {f"{W}tab": "\t", f"{W}br": "\n"}.get(tag, el.text or "")
                change = _tracked(el, paragraph)
                if change is not None:
                    kind, author = change
                    where = next(iter(open_.values()), last_anchor)
                    _note_pending(result, where, kind, piece, author)
                    if (kind == "insertion") != accept_pending:
                        continue  # not (yet) part of the accepted text
                targets = list(open_.values())
                for bookmark in targets:
                    texts[bookmark].append(piece)
                if not targets:
                    outside.append(piece)
        for bookmark in open_.values():  # a field that spans paragraphs: the editor split it
            texts[bookmark].append("\n")
        leftover = "".join(outside).strip()
        if leftover:
            result.unmapped.append((last_anchor, leftover))
    result.anchors = {name: "".join(parts).rstrip("\n") for name, parts in texts.items()}


def _tracked(el: etree._Element, paragraph: etree._Element) -> tuple[str, str] | None:
    node = el.getparent()
    while node is not None and node is not paragraph:
        if node.tag == f"{W}ins":
            return "insertion", node.get(f"{W}author", "")
        if node.tag == f"{W}del":
            return "deletion", node.get(f"{W}author", "")
        node = node.getparent()
    return None


def _note_pending(result: EditedDocument, anchor: str, kind: str, piece: str, author: str) -> None:
    last = result.pending[-1] if result.pending else None
    if last is not None and last.anchor == anchor and last.kind == kind and last.author == author:
        result.pending[-1] = Pending(anchor, kind, last.text + piece, author)
    else:
        result.pending.append(Pending(anchor, kind, piece, author))


def _comment_texts(xml: bytes | None) -> dict[str, tuple[str, str]]:
    if xml is None:
        return {}
    root = etree.fromstring(xml)
    return {
        c.get(f"{W}id", ""): (
            c.get(f"{W}author", ""),
            "".join(t.text or "" for t in c.iter(f"{W}t")),
        )
        for c in root.iter(f"{W}comment")
    }


def _base_data(archive: zipfile.ZipFile) -> str | None:
    """The data the document was made from, wherever an editor's program moved the part."""
    for name in archive.namelist():
        if name.startswith("customXml/") and name.endswith(".xml") and "Props" not in name:
            root = etree.fromstring(archive.read(name))
            if root.tag == f"{{{BASE_NAMESPACE}}}base":
                return root.text or ""
    return None


def _custom_properties(archive: zipfile.ZipFile) -> dict[str, str]:
    if "docProps/custom.xml" not in archive.namelist():
        return {}
    root = etree.fromstring(archive.read("docProps/custom.xml"))
    return {
        prop.get("name", ""): "".join(prop.itertext())
        for prop in root.iter(f"{{{CUSTOM_PROPERTIES_NS}}}property")
    }


def base_dataset(edited: EditedDocument, name: str) -> Dataset:
    """The dataset the document was exported from, checked against the hash it carries."""
    from pipeline.validate import validate_data

    if edited.base is None:
        raise ReviewError(f"{name}: the exported data it was made from is missing")
    actual = hashlib.sha256(edited.base.encode("utf-8")).hexdigest()
    if edited.dataset_sha256 is None or actual != edited.dataset_sha256:
        raise ReviewError(
            f"{name}: the exported data it carries does not match its recorded SHA-256; "
            "the document was altered outside an editor, so its changes cannot be trusted"
        )
    try:
        data = json.loads(edited.base)
    except ValueError as exc:
        raise ReviewError(f"{name}: the exported data it carries is not JSON ({exc})") from None
    if isinstance(data, dict):
        data.pop("schema_version", None)
    return validate_data(data, f"{name} (exported data)")
