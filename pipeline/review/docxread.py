"""Read an editor's returned DOCX: the text inside each known anchor, tracked changes, comments,
and everything else an editor could have typed (reported, never dropped).

Accepted text is what counts: text in a pending deletion (`w:del`, `w:moveFrom`) still stands
and text in a pending insertion (`w:ins`, `w:moveTo`) does not, unless the caller accepts
pending changes. A known anchor is a bookmark whose name the base data's fields give; any other
bookmark (Word's `_GoBack`, LibreOffice's "Copy 1" names, a forged `scn_…` name) is not a field,
so text inside it and no known anchor is unmapped, like any text outside anchors.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from lxml import etree

from pipeline.errors import ReviewError
from pipeline.writers.docx_layout import (
    ANCHOR_PREFIX,
    W_NS,
)

if TYPE_CHECKING:
    from pipeline.review.package import Package

W = f"{{{W_NS}}}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_SKIP = {
    # properties, not text (a paragraph's tab stops are w:tab elements too), and the fallback
    # copy of content a program also wrote in its preferred form
    *(W + t for t in ("pPr", "rPr", "sectPr", "tblPr", "trPr", "tcPr", "tblGrid", "instrText")),
    _MC_FALLBACK,
}
_TRACKED = {f"{W}ins": "insertion", f"{W}moveTo": "insertion"} | {
    f"{W}del": "deletion",
    f"{W}moveFrom": "deletion",
}
_CHARACTERS = {f"{W}tab": "\t", f"{W}cr": "\n", f"{W}noBreakHyphen": "\u2011"}
_CHARACTERS[f"{W}softHyphen"] = "\u00ad"
_NOTES = {f"{W}footnoteReference": "footnote", f"{W}endnoteReference": "endnote"}
_P, _T, _DEL_TEXT, _BR = f"{W}p", f"{W}t", f"{W}delText", f"{W}br"
_BOOKMARK_START, _BOOKMARK_END = f"{W}bookmarkStart", f"{W}bookmarkEnd"
_COMMENT_START = f"{W}commentRangeStart"
_ID, _NAME, _AUTHOR, _TYPE = f"{W}id", f"{W}name", f"{W}author", f"{W}type"


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


@dataclass(frozen=True)
class Unmapped:
    after: str
    """The last known anchor before the text ('' at the start)."""
    text: str
    inside: str = ""
    """The unknown bookmark the text sits in, if any; or 'footnote', 'endnote'."""


@dataclass
class EditedDocument:
    anchors: dict[str, str] = field(default_factory=dict)
    """Known anchor -> its accepted text."""
    duplicated: set[str] = field(default_factory=set)
    """Known anchors found more than once: which copy is the field cannot be told."""
    unclosed: set[str] = field(default_factory=set)
    """Known anchors whose end never comes: where the field ends cannot be told."""
    pending: list[Pending] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    unmapped: list[Unmapped] = field(default_factory=list)


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
    walker = _Walker(known, expected, accept_pending, _comment_texts(package))
    walker.walk(body)
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


class _Paragraph:
    __slots__ = ("inside", "loose")

    def __init__(self) -> None:
        self.loose: list[str] = []  # text in no known anchor
        self.inside = ""  # the unknown bookmark that text was in, if any


class _Walker:
    """One pass over the body in document order, start and end events alike."""

    def __init__(
        self,
        known: set[str],
        expected: set[str],
        accept_pending: bool,
        comments: dict[str, tuple[str, str]],
    ) -> None:
        self.known, self.expected, self.accept = known, expected, accept_pending
        self.comments = comments
        self.result = EditedDocument()
        self.texts: dict[str, list[str]] = {}
        self.open_known: dict[str, str] = {}  # name -> the id that opened it, across paragraphs
        self.ids: dict[str, str] = {}  # bookmark id -> known name
        self.open_other: dict[str, str] = {}
        self.tracked: list[tuple[str, str]] = []  # (kind, author) of enclosing w:ins/w:del
        self.paragraphs = [_Paragraph()]  # the first holds text outside any paragraph
        self.last_anchor = ""
        self.any_scenes_bookmark = False
        self.notes: list[tuple[str, str, str]] = []  # (anchor, kind, id)

    def walk(self, body: etree._Element) -> None:
        starts = self._start_handlers()
        ends = {_P: self._finish_paragraph, **dict.fromkeys(_TRACKED, self._end_tracked)}
        walker = etree.iterwalk(body, events=("start", "end"))
        for event, el in walker:
            tag = el.tag
            if event == "end":
                end = ends.get(tag)
                if end is not None:
                    end()
            elif tag in _SKIP:
                walker.skip_subtree()
            else:
                start = starts.get(tag)
                if start is not None:
                    start(el)
        self._finish_paragraph()
        result = self.result
        result.anchors = {name: _normal("".join(parts)) for name, parts in self.texts.items()}
        result.unclosed |= set(self.open_known)

    def _start_handlers(self) -> dict[str, Callable[[etree._Element], None]]:
        """What each element means when it starts (one lookup per element: big documents)."""
        handlers: dict[str, Callable[[etree._Element], None]] = {
            _P: lambda el: self.paragraphs.append(_Paragraph()),
            _T: lambda el: self._text(el.text or ""),
            _DEL_TEXT: lambda el: self._text(el.text or ""),
            _BR: self._break,
            _BOOKMARK_START: lambda el: self._bookmark(el.get(_ID, ""), el.get(_NAME, "")),
            _BOOKMARK_END: self._bookmark_end,
            _COMMENT_START: self._comment,
        }
        for tag, kind in _TRACKED.items():
            handlers[tag] = lambda el, kind=kind: self.tracked.append((kind, el.get(_AUTHOR, "")))
        for tag, char in _CHARACTERS.items():
            handlers[tag] = lambda el, char=char: self._text(char)
        for tag, kind in _NOTES.items():
            handlers[tag] = lambda el, kind=kind: self.notes.append(
                (self._where(), kind, el.get(_ID, ""))
            )
        return handlers

    def _end_tracked(self) -> None:
        if self.tracked:
            self.tracked.pop()

    def _break(self, el: etree._Element) -> None:
        if el.get(_TYPE) in (None, "textWrapping"):  # page and column breaks are layout
            self._text("\n")

    def _bookmark_end(self, el: etree._Element) -> None:
        bookmark = el.get(_ID, "")
        self.open_known.pop(self.ids.pop(bookmark, ""), None)  # any of its ids ends it
        self.open_other.pop(bookmark, None)

    def _comment(self, el: etree._Element) -> None:
        author, text = self.comments.get(el.get(_ID, ""), ("", ""))
        self.result.comments.append(Comment(self._where(), author, text))

    def _bookmark(self, bookmark_id: str, name: str) -> None:
        self.any_scenes_bookmark |= name.startswith(ANCHOR_PREFIX)
        if name not in self.known:
            self.open_other[bookmark_id] = name
            return
        self.ids[bookmark_id] = name
        if name in self.open_known:
            return  # LibreOffice saves a field split into paragraphs as one start per paragraph
        if name in self.texts:
            self.result.duplicated.add(name)  # started again after it ended: a copy
        self.open_known[name] = bookmark_id
        self.texts.setdefault(name, [])
        self.last_anchor = name

    def _where(self) -> str:
        return next(iter(self.open_known), self.last_anchor)

    def _text(self, piece: str) -> None:
        if self.tracked:
            kind, author = self.tracked[-1]
            self._note_pending(kind, piece, author)
            if (kind == "insertion") != self.accept:
                return  # not (yet) part of the accepted text
        if self.open_known:
            for name in self.open_known:
                self.texts[name].append(piece)
            return
        paragraph = self.paragraphs[-1]
        paragraph.loose.append(piece)
        if self.open_other and piece.strip():
            paragraph.inside = next(reversed(self.open_other.values()))

    def _finish_paragraph(self) -> None:
        if not self.paragraphs:
            return
        paragraph = self.paragraphs.pop()
        for name in self.open_known:  # a field that spans paragraphs: the editor split it
            self.texts[name].append("\n")
        leftover = _normal("".join(paragraph.loose)).strip()
        if leftover and (leftover not in self.expected or paragraph.inside):
            self.result.unmapped.append(Unmapped(self.last_anchor, leftover, paragraph.inside))

    def _note_pending(self, kind: str, piece: str, author: str) -> None:
        pending, anchor = self.result.pending, self._where()
        last = pending[-1] if pending else None
        if last is not None and (last.anchor, last.kind, last.author) == (anchor, kind, author):
            pending[-1] = Pending(anchor, kind, last.text + piece, author)
        else:
            pending.append(Pending(anchor, kind, piece, author))


def _normal(text: str) -> str:
    """One kind of line break, as the model keeps text; no trailing ones (a bookmark that ends
    at the start of the next paragraph, as some programs save it, adds one)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").rstrip("\n")


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
