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
        "anyOf": [{"$ref": "#/$defs/RealityCheck"}, {"type": "null"}],
        "description": "The claim set against a sourced reference; null for money and counts.",
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
    from pipeline.reality import REFERENCES, VERDICTS
    from pipeline.units import UNITS

    text = {"type": "string"}
    return {
        "title": "RealityCheck",
        "description": "A claim compared with what humans and nature can do.",
        "type": "object",
        "additionalProperties": False,
        "required": ["reference", "label", "value", "unit", "source", "year", "ratio", "verdict"],
        "properties": {
            "reference": {"enum": list(REFERENCES), "description": "The reference's key."},
            "label": {**text, "description": "How a sentence names the reference."},
            "value": {"type": "number", "description": "The reference's value."},
            "unit": {"enum": list(UNITS), "description": "The unit of that value."},
            "source": {**text, "description": "Who established it, and when."},
            "year": {"anyOf": [{"type": "integer"}, {"type": "null"}]},
            "ratio": {
                "type": "number",
                "description": "The claim's value divided by the reference's, same unit.",
            },
            "verdict": {"enum": list(VERDICTS), "description": "For a runner, on a fixed scale."},
        },
    }
