"""One pass over an edited document's body, in document order: the accepted text of each
known anchor, pending tracked changes, comments' places, notes' places, and the text no known
anchor holds, paragraph by paragraph.

Accepted text is what counts: text in a pending deletion (`w:del`, `w:moveFrom`) still stands
and text in a pending insertion (`w:ins`, `w:moveTo`) does not, unless pending changes are
accepted. A paragraph mark is text too: Word records Enter pressed inside a paragraph (a split)
as an inserted mark (`w:pPr/w:rPr/w:ins`) and two paragraphs joined as a deleted one, so a
pending split does not split the field until accepted. Pending formatting changes
(`w:rPrChange`, `w:pPrChange`, ...) and inserted or deleted table rows change no text, but are
listed like every pending change: the document is not settled while they stand. Each element is looked up once in a table of handlers (a 3,000-scene body has some
500,000), and every piece of text costs the same whatever came before it.
"""

from __future__ import annotations

from collections.abc import Callable

import msgspec
from lxml import etree

from pipeline.writers.docx_layout import ANCHOR_PREFIX, LIST_SEPARATOR, W_NS

MAX_LINE_ITEMS = 200
"""Items looked for in a line of films or people (a scene has a handful)."""

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
_PPR, _RPR, _TRPR = f"{W}pPr", f"{W}rPr", f"{W}trPr"
_MARK = {f"{W}ins": "paragraph split", f"{W}del": "paragraph merge"}
"""A pending paragraph mark (in the paragraph's own run properties): inserted or deleted."""
_FORMATTING = frozenset(
    W + t
    for t in ("rPrChange", "pPrChange", "sectPrChange", "tblPrChange", "trPrChange", "tcPrChange")
)
_ROWS = {f"{W}ins": "row insertion", f"{W}del": "row deletion"}
_ID, _NAME, _AUTHOR, _TYPE = f"{W}id", f"{W}name", f"{W}author", f"{W}type"


class Pending(msgspec.Struct, frozen=True):
    anchor: str
    kind: str
    """"insertion", "deletion", "paragraph split", "paragraph merge", "formatting change",
    "row insertion" or "row deletion"."""
    text: str
    """The text inserted or deleted; for a paragraph mark, the text before it; else ''."""
    author: str

    @property
    def shown(self) -> str:
        """The change as the report prints it after its place."""
        if self.kind.startswith("paragraph"):
            before = self.text.strip()
            if len(before) > 30:  # the last words, whole
                before = "…" + before[-30:].split(" ", 1)[-1]
            return f" after {before!r}" if before else ""
        return f": {self.text!r}" if self.kind in ("insertion", "deletion") else ""


class Comment(msgspec.Struct, frozen=True):
    anchor: str
    author: str
    text: str


class Unmapped(msgspec.Struct, frozen=True):
    after: str
    """The last known anchor before the text ('' at the start)."""
    text: str
    inside: str = ""
    """The unknown bookmark the text sits in, if any; or 'footnote', 'endnote'."""
    line: str = ""
    """The label of the line of items (films, cast) the text was added to, if any."""


class EditedDocument(msgspec.Struct):
    anchors: dict[str, str] = msgspec.field(default_factory=dict)
    """Known anchor -> its accepted text."""
    duplicated: set[str] = msgspec.field(default_factory=set)
    """Known anchors found more than once: which copy is the field cannot be told."""
    unclosed: set[str] = msgspec.field(default_factory=set)
    """Known anchors whose end never comes: where the field ends cannot be told."""
    pending: list[Pending] = msgspec.field(default_factory=list)
    comments: list[Comment] = msgspec.field(default_factory=list)
    unmapped: list[Unmapped] = msgspec.field(default_factory=list)


class _Paragraph:
    __slots__ = ("inside", "loose", "mark", "tail")

    def __init__(self) -> None:
        self.loose: list[str] = []  # text in no known anchor
        self.inside = ""  # the unknown bookmark that text was in, if any
        self.mark: tuple[str, str] | None = None  # (kind, author) of a pending paragraph mark
        self.tail = ""  # the last text in the paragraph, to say where a pending mark is


MAX_SHARED = 2_000_000
"""Pieces of text times the fields open when each comes: about the number of pieces in a real
document, where fields do not overlap; bookmarks left open or nested on purpose would multiply
the work and memory of every piece after them."""
MAX_SHARED_CHARACTERS = 100_000_000
"""The same in characters (a single text node can hold 10 MB)."""


class Overlapping(Exception):
    """Fields overlap beyond MAX_SHARED: not a document an editor's program wrote."""


class Walker:
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
        self.joined: _Paragraph | None = None  # ended by a mark that is not there: continued
        self.last_anchor = ""
        self.any_scenes_bookmark = False
        self.notes: list[tuple[str, str, str]] = []  # (anchor, kind, id)
        self.pending: list[tuple[tuple[str, str, str], list[str]]] = []
        self.shared = self.shared_characters = 0

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
                self._properties(el)
                walker.skip_subtree()
            else:
                start = starts.get(tag)
                if start is not None:
                    start(el)
        self._finish_paragraph()
        if self.joined is not None:  # the last paragraph's mark: nothing follows it
            self.paragraphs.append(self.joined)
            self.joined = None
            self._finish_paragraph()
        result = self.result
        result.anchors = {name: _normal("".join(parts)) for name, parts in self.texts.items()}
        result.unclosed |= set(self.open_known)
        result.pending = [
            Pending(a, k, "".join(pieces), who) for (a, k, who), pieces in self.pending
        ]

    def _start_handlers(self) -> dict[str, Callable[[etree._Element], None]]:
        """What each element means when it starts (one lookup per element: big documents)."""
        handlers: dict[str, Callable[[etree._Element], None]] = {
            _P: self._paragraph,
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

    def _properties(self, el: etree._Element) -> None:
        """What pending changes properties hold: a paragraph's mark inserted or deleted, a
        table row inserted or deleted, formatting changed."""
        for change in el.iter(*_FORMATTING):
            self._note_pending("formatting change", "", change.get(_AUTHOR, ""))
            break  # one per element is enough to say the formatting is not settled
        if el.tag == _PPR:
            mark = el.find(_RPR)
            for child in () if mark is None else mark:
                if child.tag in _MARK:
                    self.paragraphs[-1].mark = (_MARK[child.tag], child.get(_AUTHOR, ""))
        elif el.tag == _TRPR:
            for child in el:
                if child.tag in _ROWS:
                    self._note_pending(_ROWS[child.tag], "", child.get(_AUTHOR, ""))

    def _paragraph(self, el: etree._Element) -> None:
        self.paragraphs.append(self.joined or _Paragraph())
        self.joined = None

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
        paragraph = self.paragraphs[-1]
        paragraph.tail = (paragraph.tail + piece[-40:])[-40:]
        if self.open_known:
            self._share(piece)
            return
        paragraph.loose.append(piece)
        if self.open_other and piece.strip():
            paragraph.inside = next(reversed(self.open_other.values()))

    def _finish_paragraph(self) -> None:
        if not self.paragraphs:
            return
        paragraph = self.paragraphs.pop()
        if paragraph.mark is not None:
            kind, author = paragraph.mark
            paragraph.mark = None
            self.pending.append(((self._where(), kind, author), [paragraph.tail]))
            if (kind == "paragraph split") != self.accept:
                self.joined = paragraph  # the mark is not (yet) there: the next one continues it
                return
        if self.open_known:  # a field that spans paragraphs: the editor split it
            self._share("\n")
        leftover = _normal("".join(paragraph.loose)).strip()
        if leftover and (leftover not in self.expected or paragraph.inside):
            line, added = self._added_to_a_line(leftover)
            self.result.unmapped.append(Unmapped(self.last_anchor, added, paragraph.inside, line))

    def _added_to_a_line(self, leftover: str) -> tuple[str, str]:
        """Text typed into a line of items (a film's or the cast's), without the line's label
        and separators: ('Cast', 'Mickey Goldmill (Burgess Meredith)'); else ('', leftover)."""
        label, tab, _ = leftover.partition("\t")
        if not tab or len(label) > 40:
            return "", leftover
        for items in range(MAX_LINE_ITEMS, -1, -1):  # the longest label and separators first
            known = (label + tab + LIST_SEPARATOR * items).strip()
            if known in self.expected and leftover.startswith(known):
                added = leftover[len(known) :].strip(" ;")
                return (label, added) if added else ("", leftover)
        return "", leftover

    def _share(self, piece: str) -> None:
        """`piece` into every open field, within the bounds above."""
        self.shared += len(self.open_known)
        self.shared_characters += len(self.open_known) * len(piece)
        if self.shared > MAX_SHARED or self.shared_characters > MAX_SHARED_CHARACTERS:
            raise Overlapping
        for name in self.open_known:
            self.texts[name].append(piece)

    def _note_pending(self, kind: str, piece: str, author: str) -> None:
        """Pieces of one tracked change, gathered in a list (a string grown piece by piece
        would cost the square of a long insertion's length)."""
        key = (self._where(), kind, author)
        if not self.pending or self.pending[-1][0] != key:
            self.pending.append((key, []))
        self.pending[-1][1].append(piece)


def _normal(text: str) -> str:
    """One kind of line break, as the model keeps text; no trailing ones (a bookmark that ends
    at the start of the next paragraph, as some programs save it, adds one)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").rstrip("\n")
