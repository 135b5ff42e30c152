"""Write a review's applicable changes into the dataset file: validated first, atomically."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.errors import ReviewError

if TYPE_CHECKING:
    from pipeline.review import Review
    from pipeline.review.merge import Change
    from pipeline.settings import Settings


def apply(
    result: Review, source_path: Path, settings: Settings, *, force: bool = False
) -> list[Change]:
    """Write the changes that apply (and, with `force`, the conflicts, taking the document's
    side) into the YAML file; returns those written. Nothing is written when a conflict
    remains, when a value cannot be placed, or when the result would not validate."""
    from pipeline import api, output, source
    from pipeline.review import yamledit
    from pipeline.validate import validate

    chosen = [
        c for c in result.changes if c.status == "apply" or (force and c.status == "conflict")
    ]
    if result.conflicts and not force:
        raise ReviewError(
            f"{len(result.conflicts)} conflict(s): nothing written "
            "(use --force to take the document's side)"
        )
    if not chosen:
        return []
    document = api.read_document(source_path, settings).located()
    marks = document.marks
    assert marks is not None  # located() sets them
    missing = [c for c in chosen if c.loc not in marks.values or c.loc not in marks.ends]
    if missing:
        fields = ", ".join(f"{c.owner} {c.field}" for c in missing)
        raise ReviewError(
            f"{source_path}: cannot place {fields} (not written in the file); nothing written"
        )
    text = document.raw.decode("utf-8")
    new_text = yamledit.apply(text, marks, {c.loc: c.after for c in chosen})
    data = (source.BOM if document.bom else b"") + new_text.encode("utf-8")
    validate(source.parse(data, str(source_path)))  # raises: the file stays untouched
    output.write_atomic(source_path, data)
    return chosen
