"""The whole dataset as JSON for the site and apps; validates against the shipped schema.

The dataset's own fields, in schema order, every field present, plus what is computed from
them for readers: each claim's reality check (`reality`: its rule, verdict or null, and why).
"""

from __future__ import annotations

from typing import Any, ClassVar

import msgspec

from pipeline import reality
from pipeline.model import Claim, Dataset, Scene
from pipeline.serialize import to_json
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
        """msgspec writes the records as they are; only a scene with claims is copied (one
        level deep) to add each claim's reality check."""
        scenes = [_with_reality(scene) if scene.claims else scene for scene in dataset.scenes]
        data = {
            "schema_version": SCHEMA_VERSION,
            "collection": dataset.collection,
            "scenes": scenes,
        }
        return to_json(data, pretty=True)


def _with_reality(scene: Scene) -> dict[str, Any]:
    fields = msgspec.structs.asdict(scene)
    fields["claims"] = [_claim(claim) for claim in scene.claims]
    return fields


def _claim(claim: Claim) -> dict[str, Any]:
    return {**msgspec.structs.asdict(claim), "reality": reality.as_data(claim)}
