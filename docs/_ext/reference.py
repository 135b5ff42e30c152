"""Reference pages made from the code, so they cannot drift from it: the settings (every
section and setting of `scenes.toml`, its default, what it accepts and its docstring) and the
dataset's records (every field of `source/scenes.yaml`). Both are read from the JSON Schema
pydantic writes from the records' declarations, the same schema the dataset publishes.

    python docs/_ext/reference.py settings     # the Markdown, to read it without Sphinx

`conf.py` writes them into docs/_generated/ before each build; the pages include them.
"""

from __future__ import annotations

import json
import sys
import warnings
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


def _schema(cls: type) -> dict[str, Any]:
    from pipeline.records import adapter

    with warnings.catch_warnings():  # a section's default is a record: not shown, not needed
        warnings.simplefilter("ignore")
        return adapter(cls).json_schema(mode="validation")


def _text(value: str) -> str:
    """A docstring as one Markdown paragraph (its line breaks are the source's, not the text's)."""
    return " ".join(value.split()).replace("|", "\\|")


def _number(value: float) -> str:
    return f"{value:,}" if float(value).is_integer() and abs(value) < 1e16 else repr(value)


def accepts(prop: dict[str, Any], link: Any = None) -> str:
    """What a field takes, in words: `integer from 40 to 200`, `one of "daily", …`."""
    if "anyOf" in prop:
        kinds = [p for p in prop["anyOf"] if p.get("type") != "null"]
        return " or ".join(accepts(p, link) for p in kinds)
    if "$ref" in prop:
        name = prop["$ref"].rsplit("/", 1)[-1]
        return link(name) if link else name
    if "enum" in prop:
        return "one of " + ", ".join(f"`{json.dumps(v)}`" for v in prop["enum"])
    if "const" in prop:
        return f"`{json.dumps(prop['const'])}`"
    kind = prop.get("type")
    if kind == "array":
        least = prop.get("minItems")
        items = accepts(prop.get("items", {}), link)
        return f"list of {items}" + (f" (at least {least})" if least else "")
    words = {"integer": "integer", "number": "number", "boolean": "true or false"}.get(kind, "")
    if kind == "string":
        words = _string(prop)
    if "minimum" in prop and "maximum" in prop:
        return f"{words} from {_number(prop['minimum'])} to {_number(prop['maximum'])}"
    bounds = [
        f"{word} {_number(prop[key])}"
        for key, word in (
            ("minimum", "at least"),
            ("exclusiveMinimum", "above"),
            ("maximum", "at most"),
            ("exclusiveMaximum", "below"),
        )
        if key in prop
    ]
    return ", ".join([words or "any value", *bounds])


def _string(prop: dict[str, Any]) -> str:
    if prop.get("pattern") == SLUG:
        words = "slug (lowercase letters and digits, joined by hyphens)"
    elif prop.get("format") == "date-time":
        words = "date and time with its offset (ISO 8601)"
    else:
        words = "text"
    if "maxLength" in prop:
        words += f" of at most {_number(prop['maxLength'])} characters"
    return words


def toml_value(value: Any) -> str:
    """A default as it is written in scenes.toml."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return _number(value) if isinstance(value, int | float) else json.dumps(value)


def settings_markdown() -> str:
    """Every section and setting of scenes.toml, each with an anchor of its own."""
    from pipeline.settings import Settings

    schema = _schema(Settings)
    defs = schema["$defs"]
    lines: list[str] = []

    def section(name: str, node: dict[str, Any]) -> None:
        title = f"[{name}]" if name else "Top level"
        lines.extend(
            [f"(settings-{name or 'top'})=", f"## `{title}`" if name else f"## {title}", ""]
        )
        if name and node.get("description"):
            what = _text(node["description"].split(":", 1)[-1])
            lines.extend([what[:1].upper() + what[1:], ""])
        nested = []
        for key, prop in node["properties"].items():
            if not name and key in Settings.__hidden_fields__:
                continue
            if "$ref" in prop:
                nested.append((f"{name}.{key}" if name else key, defs[prop["$ref"].split("/")[-1]]))
                continue
            full = f"{name}.{key}" if name else key
            default = prop.get("default")
            shown = "unset" if default is None else f"`{toml_value(default)}`"
            lines.extend(
                [
                    f"(setting-{full})=",
                    f"### `{full}`",
                    "",
                    f"{accepts(prop)}; default {shown}.",
                    "",
                ]
            )
            if prop.get("description"):
                lines.extend([_text(prop["description"]), ""])
        for name_, child in nested:
            section(name_, child)

    section("", schema)
    return "\n".join(lines)


def records_markdown(names: list[str]) -> str:
    """A table of each record's fields, under a heading of its own (`### Scene`)."""
    from pipeline.model import Dataset

    schema = _schema(Dataset)
    defs = {**schema["$defs"], "Dataset": schema}
    wanted = [(name, defs[name]) for name in names]
    shown = set(names)

    def link(name: str) -> str:
        return f"[{name}](#record-{name.lower()})" if name in shown else name

    lines: list[str] = []
    for name, node in wanted:
        lines.extend([f"(record-{name.lower()})=", f"### {name}", ""])
        if node.get("description"):
            lines.extend([_text(node["description"]), ""])
        lines.extend(["| field | takes | needed | what it is |", "|---|---|---|---|"])
        required = set(node.get("required", ()))
        for key, prop in node["properties"].items():
            need = "required" if key in required else "optional"
            what = _text(prop.get("description", ""))
            lines.append(
                f"| `{key}` | {accepts(prop, link).replace('|', chr(92) + '|')} | {need} | {what} |"
            )
        lines.append("")
    return "\n".join(lines)


def write(folder: Path) -> None:
    """The generated pages, written only when their text changes (Sphinx rebuilds less)."""
    from pipeline.model import Dataset

    records = [name for name in _schema(Dataset)["$defs"] if name != "Dataset"]
    folder.mkdir(exist_ok=True)
    for name, text in (
        ("settings.md", settings_markdown()),
        ("records.md", records_markdown(["Dataset", *records])),
    ):
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    which = sys.argv[1] if len(sys.argv) > 1 else "settings"
    print(settings_markdown() if which == "settings" else records_markdown(sys.argv[2:]))
