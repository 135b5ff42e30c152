"""The whole dataset as JSON for the site and apps; validates against the shipped schema.

The dataset's own fields, in schema order, every field present, plus what is computed from
them for readers: each claim's reality check (`reality`: its rule, verdict or null, and why).
"""

from __future__ import annotations

from typing import Any, ClassVar

from pipeline import reality
from pipeline.model import Claim, Dataset
from pipeline.serialize import plain, to_json
from pipeline.writers import WriterOptions

SCHEMA_VERSION = "2.0"
"""1.1: claims carry `reference` and the computed `reality`. 2.0: `reality` is the claim
judged by its written rule (`rule`, `why`; `verdict` may be null, on a new scale), for every
claim; `reference` names a hazard only; scenes carry `works`, and the collection and scenes
`unconfirmed`."""


class JsonWriter:
    name: ClassVar[str] = "json"
    extension: ClassVar[str] = ".json"
    media_type: ClassVar[str] = "application/json"

    def render(self, dataset: Dataset, options: WriterOptions) -> bytes:
        """orjson writes the records as it walks them (`_plain_record` makes one mapping at
        a time), so the plain data of a 100,000-scene dataset is never built whole."""
        data = {"schema_version": SCHEMA_VERSION, **_fields(dataset)}
        return to_json(data, pretty=True, default=_plain_record)


def _fields(record: Any) -> dict[str, Any]:
    return {name: getattr(record, name) for name in type(record).__struct_fields__}


def _plain_record(value: Any) -> Any:
    """A record as its fields (a claim with its reality check), a time in ISO 8601: what
    `serialize.plain` makes of them, one at a time."""
    if isinstance(value, Claim):
        return {**_fields(value), "reality": reality.as_data(value)}
    if hasattr(type(value), "__struct_fields__"):
        return _fields(value)
    return plain(value)
