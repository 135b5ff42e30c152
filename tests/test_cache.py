"""The dataset cache: a hit is the dataset validated before; it stays within its bounds."""

from __future__ import annotations

import pytest
from conftest import SOURCE

import pipeline
from pipeline import cache


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("SCENES_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache" / "datasets"


def variants(count: int) -> list[bytes]:
    raw = SOURCE.read_bytes()
    return [raw + f"\n# variant {n}\n".encode() for n in range(count)]


def test_a_source_validated_before_comes_back_equal(folder):
    raw = variants(1)[0]
    assert cache.dataset(raw) is None
    valid = pipeline.load(SOURCE)
    cache.store(raw, valid)
    assert cache.dataset(raw) == valid
    assert cache.dataset(raw + b"\n") is None  # other bytes: a miss


def test_the_cache_keeps_the_newest_within_its_count_and_bytes(folder, monkeypatch):
    valid = pipeline.load(SOURCE)
    monkeypatch.setattr(cache, "KEEP", 3)
    sources = variants(5)
    for raw in sources:
        cache.store(raw, valid)
    assert len(list(folder.iterdir())) == 3
    assert cache.dataset(sources[-1]) is not None and cache.dataset(sources[0]) is None
    one = next(folder.iterdir()).stat().st_size
    monkeypatch.setattr(cache, "KEEP_BYTES", one * 2)
    cache.store(variants(6)[-1], valid)
    assert len(list(folder.iterdir())) == 2
