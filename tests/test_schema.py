"""The shipped JSON Schemas are what the code generates, and they accept what they describe."""

from __future__ import annotations

import json

import jsonschema
from conftest import GOLDEN, ROOT, SOURCE

from pipeline import schema, source
from pipeline.cli import cli


def test_shipped_source_schema_is_current(runner):
    result = runner.invoke(cli, ["schema"])
    assert result.exit_code == 0
    assert result.output == (ROOT / schema.SOURCE_SCHEMA_FILE).read_text(encoding="utf-8")


def test_shipped_export_schema_is_current(runner):
    result = runner.invoke(cli, ["schema", "--export"])
    assert result.exit_code == 0
    assert result.output == (ROOT / schema.EXPORT_SCHEMA_FILE).read_text(encoding="utf-8")


def test_schemas_are_valid_draft_2020_12():
    for name in (schema.SOURCE_SCHEMA_FILE, schema.EXPORT_SCHEMA_FILE):
        jsonschema.Draft202012Validator.check_schema(json.loads((ROOT / name).read_text()))


def test_dataset_satisfies_the_source_schema_as_an_editor_reads_it():
    data = source.read(SOURCE).data  # YAML 1.2 core types, as yaml-language-server reads them
    data = json.loads(json.dumps(data))
    jsonschema.validate(data, schema.source_schema(), cls=jsonschema.Draft202012Validator)


def test_source_schema_rejects_what_validation_rejects():
    validator = jsonschema.Draft202012Validator(schema.source_schema())
    data = json.loads(json.dumps(source.read(SOURCE).data))
    data["scenes"][0]["id"] = "Not A Slug"
    data["scenes"][1]["sumary"] = "typo"
    data["scenes"][2]["films"][0]["year"] = "1981"
    assert len(list(validator.iter_errors(data))) == 3


def test_golden_json_satisfies_the_export_schema():
    document = json.loads((GOLDEN / "scenes.json").read_text(encoding="utf-8"))
    jsonschema.validate(document, schema.export_schema(), cls=jsonschema.Draft202012Validator)
