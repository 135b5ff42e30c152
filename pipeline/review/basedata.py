"""The data a document was exported from, which it carries: checked before anything trusts it.

The SHA-256 recorded as a document property must match the data (an altered copy would turn
a reversal of a later dataset change into a clean-looking edit), and the data must be a valid
dataset with unique scene ids, since every anchor name is derived from it. The hash catches
changes made to the data alone; it is not a signature (whoever edits both can forge both).
Whatever is wrong is said in one line; a hostile base costs bounded work (see `MAX_CONTAINERS`).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pipeline.errors import ReviewError, ValidationError
from pipeline.writers.docx_layout import BASE_NAMESPACE, CUSTOM_PROPERTIES_NS, DATASET_SHA256

if TYPE_CHECKING:
    from pipeline.model import Dataset
    from pipeline.review.package import Package

MAX_CONTAINERS = 250_000
"""Mappings and lists in the base data ('{' and '[' counted before parsing): a real dataset
has about a dozen per scene; a flood of empty ones would cost 70 bytes of memory each."""


@dataclass(frozen=True)
class Envelope:
    """What the package says about itself, read before its body: the base data and its hash."""

    base: str | None
    dataset_sha256: str | None


def envelope(package: Package) -> Envelope:
    properties = _custom_properties(package)
    return Envelope(_base_data(package), properties.get(DATASET_SHA256))


def _base_data(package: Package) -> str | None:
    """The data the document was made from, wherever an editor's program moved the part."""
    candidates = sorted(
        (n for n in package.names() if n.startswith("customXml/") and n.endswith(".xml")),
        key=lambda n: (n != "customXml/scenes-base.xml", n),  # where scenes puts it, first
    )
    for name in candidates:
        if "Props" in name or "/_rels/" in name:
            continue
        root = package.xml(name)
        if root is not None and root.tag == f"{{{BASE_NAMESPACE}}}base":
            return root.text or ""
    return None


def _custom_properties(package: Package) -> dict[str, str]:
    root = package.xml("docProps/custom.xml")
    if root is None:
        return {}
    return {
        prop.get("name", ""): "".join(prop.itertext())
        for prop in root.iter(f"{{{CUSTOM_PROPERTIES_NS}}}property")
    }


def base_dataset(envelope: Envelope, name: str) -> Dataset:
    """The dataset the document was exported from, verified against the hash it carries."""
    text, recorded = envelope.base, envelope.dataset_sha256
    if text is None and recorded is None:
        raise ReviewError(
            f"{name}: not a document exported by scenes (no scenes data or properties)"
        )
    if text is None:
        raise ReviewError(f"{name}: the exported data it was made from is missing")
    if recorded is None:
        raise ReviewError(f"{name}: the SHA-256 of the exported data it carries is missing")
    if hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest() != recorded.strip():
        raise ReviewError(
            f"{name}: the exported data it carries does not match its recorded SHA-256; "
            "the document was altered outside an editor, so its changes cannot be trusted"
        )
    return _validated(_parsed(text, name), name)


def _parsed(text: str, name: str) -> dict[str, Any]:
    if text.count("{") + text.count("[") > MAX_CONTAINERS:
        raise ReviewError(f"{name}: the exported data it carries is larger than any dataset's")
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        raise ReviewError(f"{name}: the exported data it carries is not JSON ({reason})") from None
    if not isinstance(data, dict) or not isinstance(data.get("scenes"), list):
        raise ReviewError(
            f"{name}: the exported data it carries is not a dataset "
            "(expected a mapping with 'collection' and 'scenes')"
        )
    data.pop("schema_version", None)
    return data


def _validated(data: dict[str, Any], name: str) -> Dataset:
    from pipeline.validate import dataset_rules, validate_data

    duplicate = next(iter(dataset_rules(data)), None)
    try:
        if duplicate is not None:
            raise ReviewError(_invalid(name, duplicate.message))
        return validate_data(data, name)
    except ValidationError as exc:
        first = exc.diagnostics[0] if exc.diagnostics else None
        detail = f"{first.field}: {first.message}" if first else str(exc)
        more = len(exc.diagnostics) - 1
        raise ReviewError(
            _invalid(name, detail + (f" (and {more:,} more)" if more > 0 else ""))
        ) from None


def _invalid(name: str, detail: str) -> str:
    line = " ".join(detail.split())
    return f"{name}: the exported data it carries is not a valid dataset: {line[:200]}"
