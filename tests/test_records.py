"""The records' two interpreters agree: whatever the fast path accepts, pydantic accepts with
an equal result; whatever pydantic refuses, the fast path refuses (defers) too."""

from __future__ import annotations

import json
from pathlib import Path

import pydantic
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import datasets

from pipeline import records, serialize, source
from pipeline.errors import PipelineError
from pipeline.model import Dataset
from pipeline.settings import Settings, settings_from

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"


def both(cls, data):
    """(fast result or None if it deferred, pydantic result or None if it refused)."""
    try:
        fast = records.build(cls, data)
    except records.Defer:
        fast = None
    try:
        full = records.validate_fully(cls, data)
    except pydantic.ValidationError:
        full = None
    return fast, full


def assert_agree(cls, data):
    fast, full = both(cls, data)
    if fast is not None:
        assert full is not None, "the fast path accepted what pydantic refuses"
        assert serialize.plain(fast) == serialize.plain(full)
    return fast, full


def test_the_real_dataset_takes_the_fast_path():
    data = source.read(ROOT / "source" / "scenes.yaml").data
    fast, full = assert_agree(Dataset, data)
    assert fast is not None and fast == full


@pytest.mark.parametrize(
    "path", sorted((DATA / "invalid").glob("*.yaml")) + sorted((DATA / "valid").glob("*.yaml"))
)
def test_the_corpus(path):
    try:
        data = source.parse(path.read_bytes()).data
    except PipelineError:
        return  # refused by the reader, before any record is built
    assert_agree(Dataset, data)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(datasets())
def test_any_valid_dataset_takes_the_fast_path_with_the_same_result(dataset):
    data = json.loads(serialize.dataset_json(dataset))
    fast, _ = assert_agree(Dataset, data)
    assert fast == dataset


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
    base = json.loads(serialize.dataset_json(data.draw(datasets())))
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


def test_a_damaged_or_altered_cache_entry_is_a_miss(tmp_path, monkeypatch):
    from pipeline import api, cache

    monkeypatch.setenv("SCENES_CACHE_DIR", str(tmp_path))
    source_path = ROOT / "source" / "scenes.yaml"
    first = api.load(source_path)
    [entry] = (tmp_path / "datasets").glob("*.cache")
    assert api.load(source_path) == first
    good = entry.read_bytes()
    for damaged in (b"", good[:-1], good[:100], good[:-5] + b"xxxxx", b"x" + good[1:]):
        entry.write_bytes(damaged)  # cut short, altered, not an entry
        assert cache.dataset(source_path.read_bytes()) is None
    assert api.load(source_path) == first  # validated again, and cached again
    assert entry.read_bytes() == good
    monkeypatch.setenv("SCENES_CACHE_DIR", "off")
    assert cache.directory() is None and api.load(source_path) == first


def test_an_unwritable_cache_is_not_used(tmp_path, monkeypatch):
    from pipeline import api

    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("SCENES_CACHE_DIR", str(blocker / "cache"))
    assert len(api.load(ROOT / "source" / "scenes.yaml").scenes) == 13
