"""The whole dataset as JSON for the site and apps; validates against the shipped schema."""

from __future__ import annotations

import json
from typing import ClassVar

from pipeline.model import Dataset
from pipeline.serialize import dataset_json
from pipeline.writers import WriterOptions

SCHEMA_VERSION = "1.0"


class JsonWriter:
    name: ClassVar[str] = "json"
    extension: ClassVar[str] = ".json"
    media_type: ClassVar[str] = "application/json"

    def render(self, dataset: Dataset, options: WriterOptions) -> bytes:
        # schema_version goes first, spliced in front of the dataset's own keys.
        body = dataset_json(dataset, indent=2).encode("utf-8")
        head = b'{\n  "schema_version": ' + json.dumps(SCHEMA_VERSION).encode() + b",\n"
        return head + body.removeprefix(b"{\n") + b"\n"
