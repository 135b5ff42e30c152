"""The review round trip, for any valid edit of any anchored field (hypothesis over the layout
table): --apply writes it, the dataset validates, and the value loaded back is the edit, with
nothing else in the data changed and the file's line endings kept; exporting it again and
reviewing the new DOCX shows no changes."""

from __future__ import annotations

import functools
import os
import tempfile
from pathlib import Path
from typing import Any

import docxedit
from conftest import DATA
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st
from strategies import slugs
from strategies import text as any_text

import pipeline
from pipeline import records
from pipeline.fields import FIRST_FILM_YEAR, LAST_PLAUSIBLE_YEAR
from pipeline.model import Film, Person
from pipeline.review import apply, read_source, review
from pipeline.review.merge import get
from pipeline.serialize import json_values as plain
from pipeline.units import MEASURES
from pipeline.writers.docx_layout import fields

# The corpus's datasets, one per layout: block, flow, literal blurbs, block lists, CRLF.
LAYOUTS = ["untouched", "flow-style", "literal-blurbs", "block-lists", "crlf"]

TRICKY = [
    "no", "Yes", "1917", "0x1F", "1:20", "2001-01-01", "null", "~", "true", "- item", "? q",
    "key: value", "a #b", "#c", " lead", "trail ", "\ttab", "a\n\nb", "a\n\n\nb", "\nfirst",
    "  x\n  y", "x\n  y", "[a, b]", "{a: b}", "it's", 'say "hi"', "50%", "@at", "`tick`",
    "|pipe", ">fold", "a\u2028b", "a\u2029b", "\ufeffbom", "é’😀", "…", "a,b", "line \\ slash",
]  # fmt: skip
_pieces = st.sampled_from(TRICKY) | any_text(20)
texts = st.lists(_pieces, min_size=1, max_size=4).map("".join)


def _valid_text(value: str, limit: int) -> bool:
    """What an editor can type into a field and validation accepts (a document cannot end a
    field with a line break, and text holds no carriage return)."""
    return (
        value.strip() != ""
        and len(value) <= limit
        and not value.endswith("\n")
        and "\r" not in value
    )


@functools.cache
def layout(name: str) -> tuple[bytes, Any, list[Any], bytes]:
    """A layout's file bytes, dataset, anchored fields and exported DOCX."""
    raw = (DATA / "review" / name / "dataset.yaml").read_bytes()
    dataset = pipeline.api.dataset_from(pipeline.source.parse(raw).data)
    return raw, dataset, list(fields(dataset)), pipeline.render(dataset, "docx")


def shown(field: Any) -> Any:
    value = plain(field.value)
    keep = field.spec.keep
    return {k: value[k] for k in keep if value.get(k) is not None} if keep else value


def values_for(field: Any, base: dict) -> st.SearchStrategy[Any]:
    """Valid new values for one field, of its kind."""
    kind = field.kind
    if kind in ("blurb", "intro"):
        return texts.filter(lambda v: _valid_text(v, 10_000))
    if kind in ("title", "dek", "advisory", "heading", "about", "claim_subject"):
        return texts.filter(lambda v: _valid_text(v, 500))
    if kind == "claim_value":
        cents = st.integers(1, 10**8).map(lambda c: c / 100)
        return st.integers(1, 10**9) | cents
    if kind == "claim_unit":
        return st.sampled_from(MEASURES[get(base, field.loc[:-1])["measure"]])
    if kind == "tags":
        return st.lists(slugs, max_size=5, unique=True)
    names = texts.filter(lambda v: _valid_text(v, 500))
    if kind == "film":
        year = st.integers(FIRST_FILM_YEAR, LAST_PLAUSIBLE_YEAR)
        return st.fixed_dictionaries(
            {"title": names, "year": year}, optional={"original_title": names}
        )
    people = st.fixed_dictionaries({}, optional={"character": names, "actor": names, "note": names})
    return people.filter(lambda p: "character" in p or "actor" in p)


def document_text(field: Any, value: Any) -> str:
    if field.kind in ("film", "person"):
        return field.spec.render(records.convert(Film if field.kind == "film" else Person, value))
    return field.spec.render(value)


@st.composite
def edits(draw: st.DrawFn) -> tuple[str, Any, Any, str]:
    name = draw(st.sampled_from(LAYOUTS))
    _, dataset, anchored, _ = layout(name)
    field = draw(st.sampled_from(anchored))
    value = draw(values_for(field, plain(dataset)))
    assume(value != shown(field))
    text = document_text(field, value)
    assume(text != field.text and reads_back(field, text, value))
    event(f"{name} {field.kind}")  # --hypothesis-show-statistics: what was covered
    return name, field, value, text


def reads_back(field: Any, text: str, value: Any) -> bool:
    """Whether the document's text of `value` reads back as it (a film title ending in
    ' (1999)' would not): only such edits are ones an editor can make."""
    try:
        return field.spec.parse(text, shown(field)) == value
    except ValueError:
        return False


def comments(raw: bytes) -> list[bytes]:
    return [line for line in raw.splitlines() if line.lstrip().startswith(b"#")]


def kept_in_order(lines: list[bytes], new: list[bytes]) -> bool:
    """Whether `lines` appear in `new` in the same order (a value may add lines between)."""
    rest = iter(new)
    return all(any(line == candidate for candidate in rest) for line in lines)


def _with(data: dict, loc: tuple, value: Any, keep: tuple[str, ...]) -> dict:
    """`data` (plain) with `value` at `loc`; a record keeps its fields the document does not show."""
    parent = get(data, loc[:-1])
    if keep:
        value = {**parent[loc[-1]], **dict.fromkeys(keep), **value}
    parent[loc[-1]] = value
    return data


@settings(
    max_examples=int(os.environ.get("SCENES_REVIEW_EXAMPLES", "60")),  # more for a long hunt
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(edits())
def test_any_valid_edit_of_any_field_round_trips(edit):
    name, field, value, text = edit
    raw, dataset, _, exported = layout(name)
    owner, key = field.where
    document = docxedit.edited(exported, [{"set": f"{owner} {key}", "text": text}])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "scenes.yaml"
        path.write_bytes(raw)
        source = read_source(path)
        result = review(document, "edited.docx", source.dataset)
        assert [c.status for c in result.changes] and {c.status for c in result.changes} == {
            "apply"
        }
        assert not result.unresolved()
        apply(result, source)
        written = path.read_bytes()
        now = pipeline.load(path)
    assert plain(now) == _with(plain(dataset), field.loc, value, field.spec.keep)
    assert kept_in_order(comments(raw), written.splitlines())  # every comment line stays
    assert written.count(b"\n") == written.count(b"\r\n") or b"\r\n" not in raw
    if b"\r\n" in raw:
        assert written.count(b"\n") == written.count(b"\r\n")
    again = review(pipeline.render(now, "docx"), "again.docx", now)
    assert again.changes == [] and not again.unresolved()
