"""Read an editor's returned DOCX: the text inside each known anchor, tracked changes, comments,
and everything else an editor could have typed (reported, never dropped).

A known anchor is a bookmark whose name the base data's fields give; any other bookmark (Word's
`_GoBack`, LibreOffice's "Copy 1" names, a forged `scn_…` name) is not a field, so text inside
it and no known anchor is unmapped, like any text outside anchors. The walk itself is in
`bodywalk`; this module finds the parts and adds comments' and notes' texts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lxml import etree

from pipeline.errors import ReviewError
from pipeline.review.bodywalk import (
    Comment,
    EditedDocument,
    Overlapping,
    Pending,
    Unmapped,
    Walker,
)
from pipeline.writers.docx_layout import ANCHOR_PREFIX, W_NS

if TYPE_CHECKING:
    from pipeline.review.package import Package

W = f"{{{W_NS}}}"
__all__ = ["Comment", "EditedDocument", "Pending", "Unmapped", "read"]


def read(
    package: Package, known: set[str], expected: set[str], *, accept_pending: bool = False
) -> EditedDocument:
    """The body's anchored texts and everything else in it. `known`: the anchors of the base
    data's fields; `expected`: the texts the writer puts outside anchors (labels, numbers)."""
    root = package.xml("word/document.xml")
    if root is None:
        raise ReviewError(f"{package.name}: not a readable .docx (it has no word/document.xml)")
    body = root.find(f"{W}body")
    if body is None:
        raise ReviewError(f"{package.name}: its word/document.xml has no body")
    walker = Walker(known, expected, accept_pending, _comment_texts(package))
    try:
        walker.walk(body)
    except Overlapping:
        raise ReviewError(
            f"{package.name}: its fields overlap more than any document's (bookmarks nested "
            "or never closed); it was altered outside an editor"
        ) from None
    result = walker.result
    if not result.anchors:
        _no_anchors(package.name, walker.any_scenes_bookmark)
    _notes(package, walker.notes, result)
    return result


def _no_anchors(name: str, any_scenes_bookmark: bool) -> None:
    if any_scenes_bookmark:
        raise ReviewError(
            f"{name}: its bookmarks named {ANCHOR_PREFIX}… are not those of the data it carries; "
            "it was altered outside an editor"
        )
    raise ReviewError(
        f"{name}: exported by scenes, but its anchors (bookmarks named {ANCHOR_PREFIX}…) are gone; "
        "the editing program removed them, so changes cannot be mapped back"
    )


def _comment_texts(package: Package) -> dict[str, tuple[str, str]]:
    root = package.xml("word/comments.xml")
    if root is None:
        return {}
    return {
        c.get(f"{W}id", ""): (
            c.get(f"{W}author", ""),
            "".join(t.text or "" for t in c.iter(f"{W}t")),
        )
        for c in root.iter(f"{W}comment")
    }


def _notes(package: Package, notes: list[tuple[str, str, str]], result: EditedDocument) -> None:
    """Footnotes and endnotes an editor added: scenes writes none, so each is unmapped."""
    for kind in sorted({kind for _, kind, _ in notes}):
        root = package.xml(f"word/{kind}s.xml")
        texts = {} if root is None else _note_texts(root, kind)
        for anchor, note_kind, note_id in notes:
            text = texts.get(note_id, "").strip() if note_kind == kind else ""
            if text:
                result.unmapped.append(Unmapped(anchor, text, kind))


def _note_texts(root: etree._Element, kind: str) -> dict[str, str]:
    return {
        note.get(f"{W}id", ""): " ".join(
            "".join(t.text or "" for t in p.iter(f"{W}t")) for p in note.iter(f"{W}p")
        )
        for note in root.iter(f"{W}{kind}")
        if note.get(f"{W}type") in (None, "normal")  # not the separator lines
    }
