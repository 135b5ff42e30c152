"""The dataset as plain JSON values: one home for its canonical JSON and that JSON's SHA-256.

The JSON export, the data a DOCX carries for review, the manifest's fingerprint and review's
comparisons all use these, so "the same data" means the same thing everywhere.
"""

from __future__ import annotations

import hashlib
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


def to_json(value: Any, *, pretty: bool = False) -> bytes:
    """JSON as UTF-8 (no escapes), compact or indented by two spaces, through orjson: ten
    times faster than the standard library's encoder once it indents (which it does in
    Python, not C), and the same text for every value the model allows."""
    import orjson

    return orjson.dumps(value, option=orjson.OPT_INDENT_2 if pretty else 0)


def dataset_json(dataset: Dataset) -> str:
    """The dataset's canonical JSON: compact UTF-8 text, keys in schema order (the standard
    library's C encoder: compact, it is fast, and validation need not load orjson)."""
    import json

    return json.dumps(plain(dataset), ensure_ascii=False, separators=(",", ":"))


def digest(dataset: Dataset, json_text: str | None = None) -> str:
    """The SHA-256 of `dataset_json(dataset)` (pass that text when you have it already): what
    "this data" is, for the DOCX's base data and the manifest."""
    text = json_text if json_text is not None else dataset_json(dataset)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
