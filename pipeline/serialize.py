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


def to_json(value: Any, *, pretty: bool = False, default: Any = None) -> bytes:
    """JSON as UTF-8 (no escapes), compact or indented by two spaces and ending in a newline,
    through orjson: ten times faster than the standard library's encoder once it indents
    (which it does in Python, not C), and the same text for every value the model allows.
    `default` turns what orjson does not know (a record, a time) into what it does, one value
    at a time: a large dataset is never copied whole into plain values."""
    from pipeline.interrupts import import_orjson

    orjson = import_orjson()
    option = orjson.OPT_PASSTHROUGH_DATETIME if default is not None else 0
    if pretty:
        option |= orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE
    return orjson.dumps(value, default=default, option=option)


_known: tuple[Dataset, bytes, str] | None = None
"""The last dataset whose canonical JSON was made or read, that JSON (as UTF-8: a str of it
can take two or four bytes a character), and its SHA-256: an export asks for both several
times (the manifest, the DOCX's base data), and at 100,000 scenes each costs two seconds.
Records are frozen, so the same object has the same JSON."""


def remember(dataset: Dataset, data: bytes, sha256: str | None = None) -> None:
    """Keep `data` as `dataset`'s canonical JSON (the cache read it with the dataset), and
    its SHA-256 in hex (made here unless given)."""
    global _known
    _known = (dataset, data, sha256 or hashlib.sha256(data).hexdigest())


def canonical_json(dataset: Dataset) -> bytes:
    """The dataset's canonical JSON, UTF-8: compact, keys in schema order (the standard
    library's C encoder: compact, it is fast, and validation need not load orjson)."""
    if _known is not None and _known[0] is dataset:
        return _known[1]
    import json

    data = json.dumps(plain(dataset), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    remember(dataset, data)
    return data


def dataset_json(dataset: Dataset) -> str:
    """`canonical_json` as text."""
    return canonical_json(dataset).decode("utf-8")


def digest(dataset: Dataset) -> str:
    """The SHA-256 of the dataset's canonical JSON: what "this data" is, for the DOCX's base
    data and the manifest."""
    if _known is None or _known[0] is not dataset:
        canonical_json(dataset)
    assert _known is not None
    return _known[2]
