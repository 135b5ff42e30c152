"""`scenes review`: an editor's DOCX back into the dataset, as a reviewable, validated change.

Three versions of each field meet here: the *base* (what the document was exported from; the
document carries it), the *edited* text in the document, and the *current* dataset. A field
the editor changed applies cleanly when the dataset still has the base value; when both sides
changed it differently, it is a conflict and nothing is written without --force.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from pipeline import docxread, output, source, wording, yamledit
from pipeline.diagnostics import PipelineError
from pipeline.model import Dataset
from pipeline.ooxml import COLLECTION_KEY, anchor_name
from pipeline.validate import validate

_FILM = re.compile(r"(?P<title>.+) \((?P<year>\d{4})(?:, original title (?P<original_title>.+))?\)")
_PERSON = re.compile(r"(?P<character>[^()]+?) \((?P<actor>[^()]+)\)(?:, (?P<note>.+))?")


@dataclass(frozen=True)
class Change:
    owner: str  # scene id, or "collection"
    field: str  # e.g. "blurb", "claims[0].value"
    before: Any
    after: Any
    current: Any
    status: str  # "apply", "conflict", "already", "cannot"
    loc: tuple[str | int, ...]  # where in the current dataset
    reason: str = ""


@dataclass
class Review:
    changes: list[Change] = field(default_factory=list)
    pending: list[tuple[str, str, docxread.Pending]] = field(default_factory=list)
    comments: list[tuple[str, str, docxread.Comment]] = field(default_factory=list)
    unmapped: list[tuple[str, str]] = field(default_factory=list)
    data_changed: bool = False

    @property
    def conflicts(self) -> list[Change]:
        return [c for c in self.changes if c.status == "conflict"]


def review(
    docx_bytes: bytes, docx_name: str, current: Dataset, *, accept_pending: bool = False
) -> Review:
    edited = docxread.read(docx_bytes, docx_name, accept_pending=accept_pending)
    if edited.base is None:
        raise docxread.ReviewError(f"{docx_name}: the exported data it was made from is missing")
    base = json.loads(edited.base)
    now = json.loads(current.model_dump_json())
    names = _anchor_owners(base, now)
    result = Review(data_changed=base != now)
    for owner, label, loc, parse, base_value in _fields(base):
        name = anchor_name(COLLECTION_KEY if owner == "collection" else owner, label)
        if name not in edited.anchors:
            continue
        result.changes.extend(
            _compare(owner, label, loc, parse, base_value, edited.anchors[name], now)
        )
    result.pending = [(*names.get(p.anchor, ("?", "?")), p) for p in edited.pending]
    result.comments = [(*names.get(c.anchor, ("?", "?")), c) for c in edited.comments]
    result.unmapped = [
        (" ".join(names.get(after, ("start", ""))).strip(), text) for after, text in edited.unmapped
    ]
    return result


def _compare(
    owner: str,
    label: str,
    loc: tuple,
    parse: Callable[[str], Any],
    base_value: Any,
    text: str,
    now: dict,
) -> Iterator[Change]:
    if text == _as_written(label, base_value):
        return  # untouched (and some renderings cannot be read back unambiguously)
    try:
        edited = parse(text)
    except ValueError as exc:
        yield Change(owner, label, base_value, text, None, "cannot", loc, str(exc))
        return
    for sub, before, after in _differences(base_value, edited):
        if not sub and isinstance(after, list) and any(isinstance(x, dict) for x in after):
            reason = "entries were added or removed: change source/scenes.yaml by hand"
            yield Change(owner, label, before, after, None, "cannot", loc, reason)
            continue
        target = _relocate(loc + sub, owner, now)
        current = _get(now, target) if target is not None else None
        shown = label + "".join(f"[{s}]" if isinstance(s, int) else f".{s}" for s in sub)
        if target is None:
            yield Change(
                owner,
                shown,
                before,
                after,
                None,
                "conflict",
                loc + sub,
                "the scene is no longer in the dataset",
            )
        elif current == after:
            yield Change(owner, shown, before, after, current, "already", target)
        elif current != before:
            yield Change(
                owner,
                shown,
                before,
                after,
                current,
                "conflict",
                target,
                "changed in the dataset too",
            )
        else:
            yield Change(owner, shown, before, after, current, "apply", target)


def _differences(before: Any, after: Any, path: tuple = ()) -> Iterator[tuple[tuple, Any, Any]]:
    """Leaf-level differences between two values of the same shape (lists of mappings)."""
    if (
        isinstance(before, list)
        and isinstance(after, list)
        and all(isinstance(x, dict) for x in before + after)
    ):
        if len(before) != len(after):
            yield path, before, after
            return
        for index, (b, a) in enumerate(zip(before, after, strict=True)):
            for key in a:
                if b.get(key) != a[key]:
                    yield (*path, index, key), b.get(key), a[key]
        return
    if before != after:
        yield path, before, after


def _fields(base: dict) -> Iterator[tuple[str, str, tuple, Callable[[str], Any], Any]]:
    c = base["collection"]
    for name in ("title", "dek", "advisory"):
        if c.get(name) is not None:
            yield "collection", name, ("collection", name), str, c[name]
    for index, paragraph in enumerate(c["intro"]):
        yield "collection", f"intro{index}", ("collection", "intro", index), str, paragraph
    for index, scene in enumerate(base["scenes"]):
        owner, at = scene["id"], ("scenes", index)
        for name in ("heading", "about", "blurb"):
            if scene.get(name) is not None:
                yield owner, name, (*at, name), str, scene[name]
        if scene["tags"]:
            yield owner, "tags", (*at, "tags"), _tags, scene["tags"]
        if scene["films"]:
            yield owner, "films", (*at, "films"), _films, _film_fields(scene["films"])
        if scene["people"]:
            people = [
                {k: p[k] for k in ("character", "actor", "note") if p.get(k) is not None}
                for p in scene["people"]
            ]
            yield owner, "people", (*at, "people"), functools.partial(_people, base=people), people
        for i, claim in enumerate(scene["claims"]):
            yield owner, f"claim{i}_subject", (*at, "claims", i, "subject"), str, claim["subject"]
            yield owner, f"claim{i}_value", (*at, "claims", i, "value"), _number, claim["value"]
            unit = claim["unit"]
            yield owner, f"claim{i}_unit", (*at, "claims", i, "unit"), wording.unit_from_table, unit


def _film_fields(films: list[dict]) -> list[dict]:
    return [
        {k: f[k] for k in ("title", "year", "original_title") if f.get(k) is not None}
        for f in films
    ]


def _tags(text: str) -> list[str]:
    return [t.strip() for t in text.split(",") if t.strip()]


def _number(text: str) -> int | float:
    cleaned = text.strip().replace(",", "").replace("\u202f", "").replace(" ", "")
    try:
        number = float(cleaned)
    except ValueError:
        raise ValueError(f"{text!r} is not a number") from None
    return int(number) if number.is_integer() and "." not in cleaned else number


def _films(text: str) -> list[dict]:
    films = []
    for item in text.split("; "):
        match = _FILM.fullmatch(item.strip())
        if match is None:
            raise ValueError(f"cannot read a film from {item!r}; write it as 'Title (1999)'")
        film = {k: v for k, v in match.groupdict().items() if v is not None}
        film["year"] = int(film["year"])
        films.append(film)
    return films


def _people(text: str, base: list[dict] | None = None) -> list[dict]:
    items = text.split("; ")
    if base is not None and len(items) != len(base):
        raise ValueError(
            "people were added or removed (or a note holds '; '): change the YAML by hand"
        )
    people = []
    for index, item in enumerate(items):
        match = _PERSON.fullmatch(item.strip())
        if match is not None:
            people.append({k: v for k, v in match.groupdict().items() if v is not None})
            continue
        name, _, note = item.strip().partition(", ")
        was = (base or [{}])[index] if base else {}
        person = {"character" if "character" in was else "actor": name}
        people.append({**person, **({"note": note} if note else {})})
    return people


def _as_written(label: str, value: Any) -> str:
    """The text the DOCX writer put in the document for this base value."""
    if label == "tags":
        return ", ".join(value)
    if label == "films":
        return wording.film_line(
            tuple(SimpleNamespace(**{"original_title": None, **f}) for f in value)
        )
    if label == "people":
        fields = ("character", "actor", "note")
        return wording.person_line(
            tuple(SimpleNamespace(**{k: p.get(k) for k in fields}) for p in value)
        )
    if label.endswith("_value"):
        return wording.number(value)
    if label.endswith("_unit"):
        return wording.table_unit(value)
    return str(value)


def _anchor_owners(*datasets: dict) -> dict[str, tuple[str, str]]:
    """Bookmark name -> (owner, field), for every field the writer can anchor."""
    names: dict[str, tuple[str, str]] = {}
    for data in datasets:
        for owner, label, *_ in _fields(data):
            names[anchor_name(COLLECTION_KEY if owner == "collection" else owner, label)] = (
                owner,
                label,
            )
    return names


def _relocate(loc: tuple, owner: str, now: dict) -> tuple | None:
    """The same field in the current dataset, found by scene id (scenes may have moved)."""
    if loc[0] != "scenes":
        return loc
    ids = [s["id"] for s in now["scenes"]]
    if owner not in ids:
        return None
    return ("scenes", ids.index(owner), *loc[2:])


def _get(data: Any, loc: tuple) -> Any:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def apply(result: Review, source_path: Path, *, force: bool = False) -> list[Change]:
    """Write the applicable changes into the YAML file, validated first; returns those applied."""
    chosen = [
        c for c in result.changes if c.status == "apply" or (force and c.status == "conflict")
    ]
    if result.conflicts and not force:
        raise PipelineError(
            f"{len(result.conflicts)} conflict(s): nothing written (use --force to take the document's side)"
        )
    if not chosen:
        return []
    document = source.read(source_path).located()
    marks = document.marks
    assert marks is not None
    missing = [c for c in chosen if c.loc not in marks.values or c.loc not in marks.ends]
    if missing:
        fields = ", ".join(f"{c.owner} {c.field}" for c in missing)
        raise PipelineError(
            f"{source_path}: cannot place {fields} (not written in the file); nothing written"
        )
    text = source_path.read_text(encoding="utf-8")
    new_text = yamledit.apply(text, marks, {c.loc: c.after for c in chosen})
    validate(source.parse(new_text.encode("utf-8"), str(source_path)))  # raises: file untouched
    output.write_atomic(source_path, new_text.encode("utf-8"))
    return chosen
