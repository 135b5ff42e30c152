"""The dataset as plain JSON values: one home for its canonical JSON and that JSON's SHA-256.

The JSON export, the data a DOCX carries for review, the manifest's fingerprint and review's
comparisons all use these, so "the same data" means the same thing everywhere.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pipeline.model import Dataset


def plain(value: Any) -> Any:
    """A model value (record, tuple of records, text, number) as plain JSON-ready values."""
    dump = getattr(value, "model_dump", None)
    if dump is not None:
        return dump(mode="json")
    if isinstance(value, tuple | list):
        return [plain(item) for item in value]
    return value


def dataset_json(dataset: Dataset, indent: int | None = None) -> str:
    """The dataset's canonical JSON: keys in schema order, every field present."""
    return dataset.model_dump_json(indent=indent)


def digest(dataset: Dataset, json_text: str | None = None) -> str:
    """The SHA-256 of `dataset_json(dataset)` (pass that text when you have it already): what
    "this data" is, for the DOCX's base data and the manifest."""
    text = json_text if json_text is not None else dataset_json(dataset)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
