"""Read an editor's returned DOCX: the text inside each scenes anchor, tracked changes,
comments, and any text outside anchors. The inverse of `pipeline.writers.docx`.

Accepted text is what counts: text in a pending deletion (`w:del`) still stands and text in a
pending insertion (`w:ins`) does not, unless the caller accepts pending changes.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field

from lxml import etree

from pipeline.diagnostics import PipelineError
from pipeline.ooxml import (
    ANCHOR_PREFIX,
    CLAIM_COLUMNS,
    FIELD_LABELS,
    W_NS,
    read_base_data,
    read_custom_properties,
)

W = f"{{{W_NS}}}"
_LABELS = re.compile("^(\\d+\\. |" + "|".join(map(re.escape, FIELD_LABELS.values())) + ")$")


@dataclass(frozen=True)
class Pending:
    anchor: str
    kind: str  # "insertion" or "deletion"
    text: str
    author: str


@dataclass(frozen=True)
class Comment:
    anchor: str
    author: str
    text: str


@dataclass
class EditedDocument:
    anchors: dict[str, str] = field(default_factory=dict)
    pending: list[Pending] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    unmapped: list[tuple[str, str]] = field(default_factory=list)  # (last anchor before, text)
    dataset_sha256: str | None = None
    base: str | None = None


class ReviewError(PipelineError):
    """The document cannot be reviewed: not ours, or its anchors are gone."""


def read(data: bytes, name: str, *, accept_pending: bool = False) -> EditedDocument:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        body = etree.fromstring(archive.read("word/document.xml")).find(f"{W}body")
        comments_xml = (
            archive.read("word/comments.xml") if "word/comments.xml" in archive.namelist() else None
        )
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError) as exc:
        raise ReviewError(f"{name}: not a readable .docx ({exc})") from None
    properties = read_custom_properties(data)
    result = EditedDocument(
        dataset_sha256=properties.get("scenes.dataset_sha256"), base=read_base_data(data)
    )
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
        leftover = _unexpected("".join(outside))
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


def _unexpected(text: str) -> str:
    """Text outside anchors that the writer did not put there (labels, numbers, table heads)."""
    stripped = text.strip()
    if not stripped or _LABELS.match(text) or stripped in CLAIM_COLUMNS:
        return ""
    if re.fullmatch(r"[\d,.]+ [a-z/]+", stripped):  # a conversion cell: derived, not data
        return ""
    return stripped


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
