"""`scenes review`: an editor's DOCX back into the dataset, as a reviewable, validated change.

- `package`: the .docx opened as untrusted input, within limits of size and work;
- `basedata`: the data it was exported from, verified against its hash;
- `docxread`, `bodywalk`: the body's anchored texts, tracked changes, comments, unmapped text;
- `merge`: the three-way comparison of base, edited and current values, by identity;
- `yamlstyle`, `yamledit`, `yamllists`, `yamlmaps`: in-place edits of the YAML text, keeping
  everything else byte for byte;
- `result`: what a review found (`Review`), with what needs a person;
- `apply`: the edits written into the dataset file, verified and validated first, atomically.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import msgspec

from pipeline.review.apply import Applied, Source, apply, read_source, settle
from pipeline.review.merge import Change
from pipeline.review.result import Review
from pipeline.serialize import json_values

if TYPE_CHECKING:
    from pipeline.model import Dataset
    from pipeline.review.bodywalk import EditedDocument
    from pipeline.review.package import Limits
    from pipeline.writers.docx_layout import Anchored


def review(
    docx_bytes: bytes,
    docx_name: str,
    current: Dataset,
    *,
    accept_pending: bool = False,
    limits: Limits | None = None,
) -> Review:
    """Compare an edited document with the data it was exported from and with `current`.
    `limits` bound what a document may cost (`package.Limits`; the defaults take 3,500 scenes)."""
    from pipeline.review import basedata, docxread, merge
    from pipeline.review.package import Limits, Package
    from pipeline.writers.docx_layout import unanchored_texts

    limits = limits or Limits()
    package = Package(docx_bytes, docx_name, limits)
    sealed = basedata.envelope(package)
    base = basedata.base_dataset(sealed, docx_name, limits)
    _same_dataset(base, current, docx_name)
    known, collided = _fields_by_anchor(base, docx_name, limits, sealed.layout)
    edited = docxread.read(
        package, set(known), unanchored_texts(base), accept_pending=accept_pending
    )
    versions = merge.Versions(json_values(base), json_values(current))
    result = Review(accepted_pending=accept_pending)
    for anchor, anchored in known.items():
        text = edited.anchors.get(anchor)
        problem = _unusable(anchor, text, edited, collided)
        if problem:
            result.changes.append(merge.cannot(anchored, text, problem))
        elif text is not None:
            result.changes.extend(merge.compare(anchored, text, versions))

    def where(anchor: str) -> tuple[str, str]:
        return known[anchor].where if anchor in known else ("the", "start")

    result.pending = [(*where(p.anchor), p) for p in edited.pending]
    result.comments = [(*where(c.anchor), c) for c in edited.comments]
    result.unmapped = [
        msgspec.structs.replace(u, after=" ".join(where(u.after)) if u.after else "")
        for u in edited.unmapped
    ]
    return result


def _same_dataset(base: Dataset, current: Dataset, name: str) -> None:
    """Refuse a document exported from another dataset (another article, no scene in common):
    its edits belong there, not as "no longer in the dataset" against this one."""
    from pipeline.errors import ReviewError

    ids = {scene.id for scene in current.scenes}
    if any(scene.id in ids for scene in base.scenes):
        return
    was, now = base.collection, current.collection
    if (was.title, was.link) == (now.title, now.link):
        return  # the same article, every scene replaced: each edit says so
    raise ReviewError(
        f"{name}: exported from another dataset ({was.title!r}, {was.link}), which has no scene "
        f"in common with this one ({now.title!r}); review it with --source naming that dataset"
    )


def _fields_by_anchor(
    base: Dataset, name: str, limits: Limits, layout: int
) -> tuple[dict[str, Anchored], set[str]]:
    """The base data's fields by anchor name, and the names two fields share (scene ids whose
    hashes collide): such a field cannot be told from the other, so it is never applied."""
    from pipeline.errors import ReviewError
    from pipeline.review.package import LARGER
    from pipeline.writers.docx_layout import fields

    known: dict[str, Anchored] = {}
    collided: set[str] = set()
    for anchored in fields(base, layout):
        if len(known) >= limits.fields:
            raise ReviewError(
                f"{name}: the exported data it carries has more than {limits.fields:,} fields; "
                f"documents of over about {limits.scenes:,} scenes cannot be reviewed{LARGER}"
            )
        if anchored.anchor in known:
            collided.add(anchored.anchor)
        known.setdefault(anchored.anchor, anchored)
    return known, collided


def _unusable(anchor: str, text: str | None, edited: EditedDocument, collided: set[str]) -> str:
    """Why a field's text cannot be trusted as the editor's version of it ('' if it can)."""
    if anchor in collided:
        return (
            f"its anchor {anchor} is shared with another scene's field (their ids' hashes collide)"
        )
    if text is None:
        return "its anchor is gone from the document (deleted by the editor, or by the editing program)"
    if anchor in edited.duplicated:
        return f"the document holds its anchor {anchor} more than once (a copy of the field)"
    if anchor in edited.unclosed:
        return f"its anchor {anchor} never ends in the document, so where the field ends is unknown"
    return ""


__all__ = ["Applied", "Change", "Review", "Source", "apply", "read_source", "review", "settle"]
