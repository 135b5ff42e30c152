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
from typing import TYPE_CHECKING, Any

import msgspec

from pipeline.errors import ReviewError, ValidationError
from pipeline.review.package import DEFAULT_LIMITS, LARGER, MAX_SCENES, Limits
from pipeline.writers.docx_layout import (
    BASE_NAMESPACE,
    CUSTOM_PROPERTIES_NS,
    DATASET_SHA256,
    LAYOUT,
    LAYOUT_VERSION,
)

if TYPE_CHECKING:
    from pipeline.model import Dataset
    from pipeline.review.package import Package

MAX_CONTAINERS = 250_000
"""Mappings and lists in the base data ('{' and '[' counted before parsing): a real dataset
has about a dozen per scene; a flood of empty ones would cost 70 bytes of memory each."""


class Envelope(msgspec.Struct, frozen=True):
    """What the package says about itself, read before its body: the base data and its hash."""

    base: str | None
    dataset_sha256: str | None
    layout: int = 1
    """The layout version the document was written in (1 for documents before it was
    recorded): which fields it has."""


def envelope(package: Package) -> Envelope:
    properties = _custom_properties(package)
    shown = properties.get(LAYOUT, "").strip()
    layout = (
        min(int(shown), LAYOUT_VERSION)
        if shown.isascii() and shown.isdigit() and len(shown) < 4
        else 1
    )
    return Envelope(_base_data(package), properties.get(DATASET_SHA256), layout)


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


def base_dataset(envelope: Envelope, name: str, limits: Limits = DEFAULT_LIMITS) -> Dataset:
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
    return _validated(_parsed(text, name, limits), name)


def _parsed(text: str, name: str, limits: Limits) -> dict[str, Any]:
    if (
        text.count("{") + text.count("[")
        > MAX_CONTAINERS * max(limits.scenes, MAX_SCENES) // MAX_SCENES
    ):
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
    if len(data["scenes"]) > limits.scenes:  # before validation, which costs 0.1 ms a scene
        raise ReviewError(
            f"{name}: the exported data it carries has {len(data['scenes']):,} scenes; "
            f"documents of over {limits.scenes:,} scenes cannot be reviewed{LARGER}"
        )
    return data


def _validated(data: dict[str, Any], name: str) -> Dataset:
    """The base as a Dataset. msgspec builds valid data; otherwise pydantic
    explains one record at a time (a collection or a scene beside a minimal valid other half),
    so a flood of broken scenes costs the first one's report, not a report of each."""
    from pipeline import records
    from pipeline.model import Collection, Dataset, Scene
    from pipeline.source import format_location
    from pipeline.validate import dataset_rules, validate_data

    unknown = sorted(set(data) - {"collection", "scenes"})
    if unknown:
        raise ReviewError(_invalid(name, f"unknown field {unknown[0]!r}"))
    problem = next(iter(dataset_rules(data)), None)  # unique ids: anchor names derive from them
    if problem is not None:
        raise ReviewError(_invalid(name, f"{format_location(problem.loc)}: {problem.message}"))
    try:
        return records.convert(Dataset, data)
    except records.Refused:
        pass
    collection, scenes = data.get("collection"), data["scenes"]
    if not _fast(records, Collection, collection):
        _explain({"collection": collection, "scenes": [_SCENE]}, None, name)
    for index, scene in enumerate(scenes):
        if not _fast(records, Scene, scene):
            _explain({"collection": _COLLECTION, "scenes": [scene]}, index, name)
    try:  # each part is valid alone; pydantic decides the whole
        return validate_data(data, name)
    except ValidationError as exc:
        raise ReviewError(_invalid(name, _first(exc))) from None


_MAX_RECORD_JSON = 256 * 1024
"""A record handed to pydantic alone: more than any scene or article (a scene is ~1 KB)."""
_PUBLISHED = "2000-01-01T00:00:00+00:00"
_SCENE = {
    "id": "x",
    "heading": "x",
    "films": [{"title": "x", "year": 2000}],
    "published": _PUBLISHED,
}
_COLLECTION = {
    "title": "x",
    "dek": "x",
    "intro": ["x"],
    "link": "https://example.com/",
    "language": "en",
    "authors": [{"name": "x"}],
    "published": _PUBLISHED,
}
"""Minimal valid halves to pair with the record under examination."""


def _fast(records: Any, cls: type, value: Any) -> bool:
    if not isinstance(value, dict):
        return False
    try:
        records.convert(cls, value)
    except records.Refused:
        return False
    return True


def _explain(data: dict[str, Any], index: int | None, name: str) -> None:
    """Raise the first problem pydantic finds in one record (as scenes[index] when a scene);
    return when it finds none."""
    from pipeline.validate import validate_data

    where = "the collection" if index is None else f"scenes[{index}]"
    if len(json.dumps(data, ensure_ascii=False)) > _MAX_RECORD_JSON:
        raise ReviewError(_invalid(name, f"{where} is larger than any could be"))
    try:
        validate_data(data, name)
    except ValidationError as exc:
        detail = _first(exc)
        if index is not None:
            detail = detail.replace("scenes[0]", f"scenes[{index}]", 1)
        raise ReviewError(_invalid(name, detail)) from None


def _first(exc: ValidationError) -> str:
    first = exc.diagnostics[0] if exc.diagnostics else None
    detail = f"{first.field}: {first.message}" if first else str(exc)
    more = len(exc.diagnostics) - 1
    return detail + (f" (and {more:,} more)" if more > 0 else "")


def _invalid(name: str, detail: str) -> str:
    line = " ".join(detail.split())
    return f"{name}: the exported data it carries is not a valid dataset: {line[:200]}"
