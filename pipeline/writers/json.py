"""The whole dataset as JSON for the site and apps; validates against the shipped schema.

The dataset's own fields, in schema order, every field present, plus what is computed from
them for readers: each claim's reality check (`reality`: its rule, verdict or null, and why).
"""

from __future__ import annotations

import io
from typing import Any, ClassVar

import msgspec

from pipeline import reality
from pipeline.model import Claim, Dataset, Scene
from pipeline.writers import WriterOptions

SCHEMA_VERSION = "2.1"
"""1.1: claims carry `reference` and the computed `reality`. 2.0: `reality` is the claim
judged by its written rule (`rule`, `why`; `verdict` may be null, on a new scale), for every
claim; `reference` names a hazard only; scenes carry `works`, and the collection and scenes
`unconfirmed`. 2.1: scenes carry `former_ids`, and `updated` and `correction` (null unless
corrected)."""


class JsonWriter:
    name: ClassVar[str] = "json"
    extension: ClassVar[str] = ".json"
    media_type: ClassVar[str] = "application/json"

    def render(self, dataset: Dataset, options: WriterOptions) -> bytes:
        """msgspec writes the records as they are (a scene with claims is copied one level
        deep to add each claim's reality check), a scene at a time into one buffer: the text
        of `to_json(whole, pretty=True)`, without the whole compact JSON beside it (at
        100,000 scenes that was 100 MB more at once)."""
        out = io.BytesIO()
        out.write(b'{\n  "schema_version": ' + msgspec.json.encode(SCHEMA_VERSION))
        out.write(b',\n  "collection": ' + _indented(dataset.collection, b"\n  "))
        out.write(b',\n  "scenes": [')
        separator = b"\n    "
        for scene in dataset.scenes:
            item = _with_reality(scene) if scene.claims else scene
            out.write(separator + _indented(item, b"\n    "))
            separator = b",\n    "
        out.write(b"\n  ]\n}\n" if dataset.scenes else b"]\n}\n")
        return out.getvalue()  # the buffer itself, not a copy


def _indented(value: Any, newline: bytes) -> bytes:
    """`value` as indented JSON, its lines indented as deep as where it stands."""
    return msgspec.json.format(msgspec.json.encode(value), indent=2).replace(b"\n", newline)


def _with_reality(scene: Scene) -> dict[str, Any]:
    fields = msgspec.structs.asdict(scene)
    fields["claims"] = [_claim(claim) for claim in scene.claims]
    return fields


def _claim(claim: Claim) -> dict[str, Any]:
    return {**msgspec.structs.asdict(claim), "reality": reality.as_data(claim)}
