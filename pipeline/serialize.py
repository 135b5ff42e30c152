"""The dataset as JSON: one home for its canonical JSON and that JSON's SHA-256.

The JSON export, the data a DOCX carries for review, the manifest's fingerprint, the dataset
cache and review's comparisons all use these, so "the same data" means the same thing
everywhere. msgspec writes records as JSON in C: fields in declaration order, every field
present, times in RFC 3339 with their offset (UTC as `Z`), whole numbers without a point.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

import msgspec

if TYPE_CHECKING:
    from pipeline.model import Dataset


def to_json(value: Any, *, pretty: bool = False) -> bytes:
    """JSON as UTF-8 (no escapes), compact, or indented by two spaces and ending in a newline."""
    data = msgspec.json.encode(value)
    return msgspec.json.format(data, indent=2) + b"\n" if pretty else data


def json_values(value: Any) -> Any:
    """A record (or anything holding records) as the plain values its JSON reads back as:
    mappings in field order, lists, times as RFC 3339 text (what review compares)."""
    return msgspec.json.decode(msgspec.json.encode(value))


_known: tuple[Dataset, bytes, str] | None = None
"""The last dataset whose canonical JSON was made or read, that JSON, and its SHA-256: an
export asks for both several times (the manifest, the DOCX's base data). Records are frozen,
so the same object has the same JSON."""


def remember(dataset: Dataset, data: bytes, sha256: str | None = None) -> None:
    """Keep `data` as `dataset`'s canonical JSON (the cache read it with the dataset), and
    its SHA-256 in hex (made here unless given)."""
    global _known
    _known = (dataset, data, sha256 or hashlib.sha256(data).hexdigest())


def canonical_json(dataset: Dataset) -> bytes:
    """The dataset's canonical JSON, UTF-8, compact, keys in schema order."""
    if _known is not None and _known[0] is dataset:
        return _known[1]
    data = msgspec.json.encode(dataset)
    remember(dataset, data)
    return data


def digest(dataset: Dataset) -> str:
    """The SHA-256 of the dataset's canonical JSON: what "this data" is, for the DOCX's base
    data and the manifest."""
    if _known is None or _known[0] is not dataset:
        canonical_json(dataset)
    assert _known is not None
    return _known[2]
