"""The whole dataset as JSON for the site and apps; validates against the shipped schema.

The dataset's own fields, in schema order, every field present, plus what is computed from
them for readers: each claim's reality check (`reality`, or null for money and counts).
"""

from __future__ import annotations

from typing import Any, ClassVar

from pipeline import reality
from pipeline.model import Dataset
from pipeline.serialize import plain, to_json
from pipeline.writers import WriterOptions

SCHEMA_VERSION = "1.1"
"""1.1: claims carry `reference` and the computed `reality`."""


class JsonWriter:
    name: ClassVar[str] = "json"
    extension: ClassVar[str] = ".json"
    media_type: ClassVar[str] = "application/json"

    def render(self, dataset: Dataset, options: WriterOptions) -> bytes:
        data: dict[str, Any] = {"schema_version": SCHEMA_VERSION, **plain(dataset)}
        for scene, shown in zip(dataset.scenes, data["scenes"], strict=True):
            for claim, out in zip(scene.claims, shown["claims"], strict=True):
                out["reality"] = reality.as_data(reality.check(claim))
        return to_json(data, pretty=True) + b"\n"
