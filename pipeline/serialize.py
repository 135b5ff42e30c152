"""The dataset as plain JSON values: one home for its canonical JSON and that JSON's SHA-256.

The JSON export, the data a DOCX carries for review, the manifest's fingerprint and review's
comparisons all use these, so "the same data" means the same thing everywhere.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pipeline.model import Dataset


def plain(value: Any) -> Any:
    """A record (or a tuple of them, text, a number, a time) as plain JSON-ready values: keys
    in declaration order, every field present, times in ISO 8601 with their offset."""
    kind = type(value)
    if kind in (str, int, float, bool) or value is None:
        return value
    if kind is tuple or kind is list:
        return [plain(item) for item in value]
    if isinstance(value, datetime):
        return value.isoformat()
    names = getattr(kind, "__struct_fields__", None)
    if names is not None:
        return {name: plain(getattr(value, name)) for name in names}
    return value


def dataset_json(dataset: Dataset, indent: int | None = None) -> str:
    """The dataset's canonical JSON: UTF-8 text (no escapes), keys in schema order."""
    separators = (",", ": ") if indent is not None else (",", ":")
    return json.dumps(plain(dataset), ensure_ascii=False, indent=indent, separators=separators)


def digest(dataset: Dataset, json_text: str | None = None) -> str:
    """The SHA-256 of `dataset_json(dataset)` (pass that text when you have it already): what
    "this data" is, for the DOCX's base data and the manifest."""
    text = json_text if json_text is not None else dataset_json(dataset)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
