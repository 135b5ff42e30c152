"""The whole dataset as JSON for the site and apps; validates against the shipped schema."""

from __future__ import annotations

import json
from typing import ClassVar

from pipeline.model import Dataset
from pipeline.writers import WriterOptions

SCHEMA_VERSION = "1.0"


class JsonWriter:
    name: ClassVar[str] = "json"
    extension: ClassVar[str] = ".json"
    media_type: ClassVar[str] = "application/json"

    def render(self, dataset: Dataset, options: WriterOptions) -> bytes:
        payload = {"schema_version": SCHEMA_VERSION, **dataset.model_dump(mode="json")}
        return (json.dumps(payload, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
