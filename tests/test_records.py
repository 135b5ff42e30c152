"""The records' two checkers agree: whatever msgspec builds, pydantic accepts; whatever
msgspec refuses, pydantic refuses too (and says where). Records are made by msgspec alone, so
the same data gives the same records, with the same types, however it was written."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import msgspec
import pydantic
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import datasets

from pipeline import records, rules, serialize, source
from pipeline.errors import PipelineError
from pipeline.model import Dataset
from pipeline.settings import Settings, settings_from
from pipeline.validate import validate

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"


def both(cls, data):
    """(msgspec's record or None if it refused, pydantic's verdict: True if it accepts)."""
    try:
        built = records.convert(cls, data)
    except records.Refused:
        built = None
    try:
        records.validate_fully(cls, data)
        accepted = True
    except pydantic.ValidationError:
        accepted = False
    return built, accepted


def assert_agree(cls, data):
    built, accepted = both(cls, data)
    assert (built is not None) == accepted, (
        "msgspec built what pydantic refuses"
        if built is not None
        else "pydantic accepts what msgspec refuses"
    )
    return built


def test_the_real_dataset_is_built_by_msgspec():
    data = source.read(ROOT / "source" / "scenes.yaml").data
    assert assert_agree(Dataset, data) is not None


@pytest.mark.parametrize(
    "path", sorted((DATA / "invalid").glob("*.yaml")) + sorted((DATA / "valid").glob("*.yaml"))
)
def test_the_corpus(path):
    try:
        document = source.parse(path.read_bytes())
    except PipelineError:
        return  # refused by the reader, before any record is built
    if document.ambiguous:
        return  # YAML 1.1 look-alikes: pydantic's to explain (test_yaml_style_times below)
    assert_agree(Dataset, document.data)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(datasets())
def test_any_valid_dataset_is_built_again_equal(dataset):
    data = json.loads(serialize.canonical_json(dataset))
    assert assert_agree(Dataset, data) == dataset


TIMES = [
    "2026-11-24T09:00:00-05:00",
    "2026-11-24 09:00:00-05:00",
    "2026-11-24t09:00:00-05:00",
    "2026-11-24T14:00:00Z",
    "2026-11-24T14:00:00+00:00",
    "2026-11-24T09:00:00.5-05:00",
]


@pytest.mark.parametrize("written", TIMES)
@pytest.mark.parametrize("quoted", [True, False])
def test_yaml_style_times_give_the_same_records(written, quoted):
    """However a time is written (T or space, quoted or not), the records are the same, with
    the standard library's own time zones (never pydantic's TzInfo)."""
    text = (ROOT / "tests" / "data" / "valid" / "compilation-entry.yaml").read_text()
    value = f'"{written}"' if quoted else written
    changed = text.replace("published: 2024-05-01T09:00:00+00:00", f"published: {value}", 1)
    assert changed != text
    dataset = validate(source.parse(changed.encode()))
    moment = dataset.collection.published
    assert type(moment) is datetime and type(moment.tzinfo) is timezone
    assert moment == datetime.fromisoformat(written.replace(" ", "T").replace("t", "T"))


def test_times_keep_their_offset_and_utc_is_the_standard_library_s():
    built = msgspec.convert("2026-11-24 14:00:00Z", datetime)
    assert built.tzinfo is UTC
    assert msgspec.convert("2026-11-24T09:00:00-05:00", datetime).utcoffset() == timedelta(hours=-5)


JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_mutated_data_never_makes_the_two_disagree(data):
    base = json.loads(serialize.canonical_json(data.draw(datasets())))
    target = base
    path = data.draw(st.lists(st.integers(0, 6), min_size=1, max_size=4))
    for step in path[:-1]:
        children = list(target.items()) if isinstance(target, dict) else list(enumerate(target))
        if not children:
            break
        key, child = children[step % len(children)]
        if not isinstance(child, dict | list):
            break
        target = child
    replacement = data.draw(JSONISH)
    if isinstance(target, dict) and target:
        key = sorted(target)[path[-1] % len(target)]
        target[data.draw(st.sampled_from([key, key + "x"]))] = replacement
    elif isinstance(target, list) and target:
        target[path[-1] % len(target)] = replacement
    assert_agree(Dataset, base)


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"text": {"width": 60}, "feed": {"limit": 5, "content": "full"}},
        {"text": {"width": "60"}},
        {"text": {"width": 60.0}},
        {"newsletter": {"wrap_around": "yes", "smtp": {"timeout": 5}}},
        {"newsletter": {"timezone": "Mars/Olympus"}},
        {"site_url": None},
        {"widht": 3},
    ],
)
def test_settings_agree(data):
    assert_agree(Settings, data)


def test_settings_from_a_mapping():
    assert settings_from({"text": {"width": 50}}).text.width == 50
    with pytest.raises(PipelineError) as caught:
        settings_from({"text": {"width": 5}})
    assert "text.width" in caught.value.render()


def _source_data():
    return source.parse((ROOT / "source" / "scenes.yaml").read_bytes(), "scenes.yaml").data


@pytest.mark.parametrize(
    ("change", "message", "loc"),
    [
        (
            lambda d: d["scenes"][0]["films"][0].update(year="2001"),
            "Expected `int`, got `str`",
            ("scenes", 0, "films", 0, "year"),
        ),
        (
            lambda d: d["collection"].update(title=5),
            "Expected `str`, got `int`",
            ("collection", "title"),
        ),
        (lambda d: d.clear(), "Object missing required field `collection`", ()),
    ],
)
def test_msgspec_says_what_it_refused_and_where(change, message, loc):
    """What msgspec said, parted into its words and a location review and validation use."""
    data = _source_data()
    change(data)
    with pytest.raises(records.Refused) as caught:
        records.convert(Dataset, data)
    assert (caught.value.message, caught.value.loc, str(caught.value)) == (message, loc, message)
    with pytest.raises(records.Refused) as caught:
        records.convert(Dataset, ["not", "a", "mapping"])
    assert (caught.value.message, caught.value.loc) == ("Expected `object`, got `array`", ())


def test_a_refusal_whose_words_hold_the_location_marker_keeps_them():
    exc = msgspec.ValidationError("Invalid value 'a - at `b`' - at `$.scenes[3].tags[0]`")
    refused = records.refused(exc)
    assert (refused.message, refused.loc) == (
        "Invalid value 'a - at `b`'",
        ("scenes", 3, "tags", 0),
    )


def test_the_time_fields_are_every_field_named_for_a_time():
    """A YAML 1.1 look-alike under these names is a time written the YAML way (validate.py)."""
    assert records.time_fields(Dataset) == {"published", "updated"}
    assert records.time_fields(Settings) == set()


@pytest.mark.parametrize(
    ("written", "said"),
    [
        (
            {"newsletter": {"wrap_around": "yes"}},
            "newsletter.wrap_around: expected true or false, got the text 'yes'",
        ),
        (
            {"newsletter": {"wrap_around": 1}},
            "newsletter.wrap_around: expected true or false, got the number 1",
        ),
        ({"feed": {"hub_timeout": "10"}}, "feed.hub_timeout: expected a number, got the text '10'"),
        (
            {"newsletter": {"smtp": {"timeout": True}}},
            "newsletter.smtp.timeout: expected a number, got the boolean true",
        ),
    ],
)
def test_the_explanation_is_as_strict_as_the_check(written, said):
    """msgspec takes no text for a number and no number for a boolean; pydantic, which
    explains, is made as strict, or it would pass what was refused and explain nothing."""
    with pytest.raises(PipelineError) as caught:
        settings_from(written)
    assert caught.value.render().splitlines()[0] == f"<settings>: {said}"


def _even(value: int) -> int:
    if value % 2:
        raise ValueError("must be even")
    return value


def _text(value: object) -> object:
    return value


class _Numbers(records.Record, kw_only=True):
    """Numbers declared every way a record may hold one (the dataset uses only some)."""

    maybe: int | None = None
    either: int | float = 0
    flag: bool | None = None
    even: rules.constrained(int, rules.After(_even)) = 0
    ratio: rules.constrained(float, rules.Before(_text)) = 1.0
    bounded: rules.constrained(int, rules.After(_even), rules.Limits(ge=0)) = 0


@pytest.mark.parametrize("field", ["maybe", "either", "flag", "even", "ratio", "bounded"])
@pytest.mark.parametrize("written", ["4", "true", 2.5, 4.0, 7, -2])
def test_no_declaration_lets_the_explanation_be_laxer_than_the_check(field, written):
    """Text for a number, a number for a boolean, a fraction for a whole number, a number out
    of bounds: wherever the number sits (optional, a union, inside a rule, bounded past a
    rule), msgspec and pydantic agree."""
    assert_agree(_Numbers, {field: written})


class _Timed(records.Record):
    when: datetime


class _Inner(records.Record):
    name: str


class _Outer(records.Record):
    timed: _Timed
    first: _Inner
    second: _Inner


class _Box(records.Record):
    """A record with a default made by a factory."""

    items: tuple[int, ...] = msgspec.field(default_factory=lambda: (0,))
    label: str = "box"


class _Bare(records.Record):
    size: int


_Bare.__doc__ = None  # as a record declared without a docstring


def test_time_fields_are_found_past_a_record_met_twice():
    assert records.time_fields(_Outer) == frozenset({"when"})


def test_pydantic_gives_the_declared_defaults_factories_too():
    box = records.validate_fully(_Box, {})
    assert (box.items, box.label) == ((0,), "box")
    assert records.validate_fully(_Box, {"items": [1, 2]}).items == (1, 2)
    with pytest.raises(pydantic.ValidationError):
        records.validate_fully(_Box, {"items": [1], "other": 2})  # no field beyond the declared
    with pytest.raises(pydantic.ValidationError):
        records.validate_fully(_Bare, {})  # a field without a default is required


def test_a_record_without_a_docstring_has_a_schema():
    schema = records.adapter(_Bare).json_schema()
    assert schema["title"] == "_Bare" and "description" not in schema
    assert records.adapter(_Box).json_schema()["description"] == (
        "A record with a default made by a factory."
    )


def test_pydantic_takes_no_bytes_for_text():
    """As msgspec: a YAML !!binary value is not text."""
    with pytest.raises(pydantic.ValidationError):
        records.validate_fully(_Inner, {"name": b"bytes"})
    with pytest.raises(msgspec.ValidationError):
        msgspec.convert({"name": b"bytes"}, _Inner)


def test_decode_builds_the_records_it_checks():
    dataset = records.convert(Dataset, _source_data())
    again = records.decode(Dataset, msgspec.json.encode(dataset))
    assert type(again) is Dataset and again == dataset


def test_fields_of_anything_but_a_record_is_empty():
    assert records.fields_of(_Inner) == ["name"]
    assert records.fields_of(int) == [] and records.fields_of("name") == []
