"""The published JSON Schemas: the source format (for editors) and the JSON export."""

from __future__ import annotations

import json
from typing import Any

from pipeline.model import Dataset
from pipeline.records import adapter

DIALECT = "https://json-schema.org/draft/2020-12/schema"
SOURCE_SCHEMA_FILE = "schema/scenes.schema.json"
EXPORT_SCHEMA_FILE = "schema/scenes.export.schema.json"


def source_schema() -> dict[str, Any]:
    """What `source/scenes.yaml` may contain; its modeline points editors at this."""
    schema = adapter(Dataset).json_schema(mode="validation")
    return {
        "$schema": DIALECT,
        "$id": "scenes.schema.json",
        "title": "scenes source dataset",
        **schema,
    }


def export_schema() -> dict[str, Any]:
    """What `scenes export --format json` writes."""
    from pipeline.writers.json import SCHEMA_VERSION

    schema = adapter(Dataset).json_schema(mode="serialization")
    schema["$defs"]["RealityCheck"] = _reality_schema()
    schema["$defs"]["Claim"]["properties"]["reality"] = {
        "$ref": "#/$defs/RealityCheck",
        "description": "The claim judged by its written rule (see `scenes check`).",
    }
    schema["$defs"]["Claim"]["required"].append("reality")
    version = {"const": SCHEMA_VERSION, "title": "Schema Version", "type": "string"}
    schema["properties"] = {"schema_version": version, **schema["properties"]}
    schema["required"] = ["schema_version", *schema.get("required", [])]
    schema["title"] = "ScenesExport"
    schema["description"] = "The JSON export of the scenes dataset."
    return {
        "$schema": DIALECT,
        "$id": "scenes.export.schema.json",
        "title": "scenes JSON export",
        **schema,
    }


def dumps(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def _reality_schema() -> dict[str, Any]:
    """What the JSON export says of each claim's reality check (`reality.as_data`)."""
    from pipeline.reality import REFERENCES, RULES, VERDICTS
    from pipeline.units import UNITS

    def nullable(schema: dict[str, Any], description: str) -> dict[str, Any]:
        return {"anyOf": [schema, {"type": "null"}], "description": description}

    text = {"type": "string"}
    return {
        "title": "RealityCheck",
        "description": "A claim judged by its written rule against what humans and nature can "
        "do; a claim the rule cannot judge fairly has no verdict.",
        "type": "object",
        "additionalProperties": False,
        "required": [
            "rule",
            "verdict",
            "why",
            "reference",
            "label",
            "value",
            "unit",
            "source",
            "year",
            "ratio",
        ],
        "properties": {
            "rule": {"enum": list(RULES), "description": "The rule that judged it."},
            "verdict": nullable({"enum": list(VERDICTS)}, "On a fixed scale; null: none."),
            "why": {**text, "description": "The reason, naming its yardsticks."},
            "reference": nullable({"enum": list(REFERENCES)}, "The main yardstick's key."),
            "label": nullable(text, "How a sentence names the yardstick."),
            "value": nullable({"type": "number"}, "The yardstick's value."),
            "unit": nullable({"enum": list(UNITS)}, "The unit of that value."),
            "source": nullable(text, "Who established it, and when."),
            "year": {"anyOf": [{"type": "integer"}, {"type": "null"}]},
            "ratio": nullable(
                {"type": "number"}, "What the claim asks divided by the yardstick, same unit."
            ),
        },
    }
