"""`scenes review`: an editor's DOCX back into the dataset, as a reviewable, validated change.

- `docxread`: the document's anchored texts, tracked changes, comments, unmapped text, base data;
- `merge`: the three-way comparison of base, edited and current values;
- `yamledit`: in-place edits of the YAML text, keeping everything else byte for byte;
- `apply`: the edits written into the dataset file, validated first, atomically.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline.review.apply import apply
from pipeline.review.docxread import Comment, Pending
from pipeline.review.merge import Change
from pipeline.struct import Factory, struct

if TYPE_CHECKING:
    from pipeline.model import Dataset


@struct(frozen=False)
class Review:
    changes: list[Change] = Factory(list)
    pending: list[tuple[str, str, Pending]] = Factory(list)
    comments: list[tuple[str, str, Comment]] = Factory(list)
    unmapped: list[tuple[str, str]] = Factory(list)
    """(where: the field before it, text) for text no anchor of this document's data holds."""

    @property
    def conflicts(self) -> list[Change]:
        return [c for c in self.changes if c.status == "conflict"]


def review(
    docx_bytes: bytes, docx_name: str, current: Dataset, *, accept_pending: bool = False
) -> Review:
    """Compare an edited document with the data it was exported from and with `current`."""
    from pipeline import serialize
    from pipeline.review import docxread, merge
    from pipeline.writers.docx_layout import fields, unanchored_texts

    edited = docxread.read(docx_bytes, docx_name, accept_pending=accept_pending)
    base = docxread.base_dataset(edited, docx_name)
    now = serialize.plain(current)
    known = {f.anchor: f for f in fields(base)}
    names = {f.anchor: f.where for f in fields(current)} | {a: f.where for a, f in known.items()}
    expected = unanchored_texts(base)
    result = Review()
    for anchor, text in edited.anchors.items():
        if anchor in known:
            result.changes.extend(merge.compare(known[anchor], text, now))
        elif text.strip():
            result.unmapped.append((f"bookmark {anchor}", text.strip()))
    result.pending = [(*names.get(p.anchor, ("?", "?")), p) for p in edited.pending]
    result.comments = [(*names.get(c.anchor, ("?", "?")), c) for c in edited.comments]
    result.unmapped += [
        (" ".join(names.get(after, ("start", ""))).strip(), text)
        for after, text in edited.unmapped
        if text not in expected
    ]
    return result


__all__ = ["Change", "Review", "apply", "review"]
