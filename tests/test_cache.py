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


class Boom:
    def __reduce__(self):
        import os

        return (os.system, ("echo forged > forged.txt",))


@pytest.mark.parametrize("payload", [Boom(), {"collection": 3}, [1, 2], None])
def test_a_forged_entry_runs_no_code_and_is_a_miss(folder, tmp_path, monkeypatch, payload):
    """An entry with a correct checksum but a pickle of something else: refused or not a
    Dataset, so the source is validated again; no class outside the records is ever made."""
    import hashlib
    import pickle

    monkeypatch.chdir(tmp_path)
    raw = variants(1)[0]
    valid = pipeline.load(SOURCE)
    cache.store(raw, valid)
    entry = cache._entry(raw)
    assert entry is not None and entry.exists()
    body, text = pickle.dumps(payload, protocol=5), b"{}"
    head = cache.MAGIC + len(body).to_bytes(8, "big") + hashlib.sha256(text).digest()
    entry.write_bytes(head + cache._digest(entry.stem, head, body, text) + body + text)
    assert cache.dataset(raw) is None
    assert not (tmp_path / "forged.txt").exists()


def test_a_hit_brings_the_canonical_json_without_making_it_again(folder, monkeypatch):
    from pipeline import serialize

    raw = variants(1)[0]
    valid = pipeline.load(SOURCE)
    expected = serialize.dataset_json(valid), serialize.digest(valid)
    cache.store(raw, valid)
    monkeypatch.setattr(serialize, "plain", None)  # making it again would fail
    again = cache.dataset(raw)
    assert again is not valid and again == valid
    assert (serialize.dataset_json(again), serialize.digest(again)) == expected


def test_an_entry_under_another_source_s_name_is_a_miss(folder):
    """Copied or linked over another source's entry: its digest covers its own key."""
    first, second = variants(2)
    valid = pipeline.load(SOURCE)
    other = pipeline.dataset_from({**_plain(valid), "scenes": _plain(valid)["scenes"][:3]})
    cache.store(first, valid)
    cache.store(second, other)
    mine, theirs = cache._entry(first), cache._entry(second)
    mine.write_bytes(theirs.read_bytes())
    assert cache.dataset(first) is None
    mine.unlink()
    mine.symlink_to(theirs)
    assert cache.dataset(first) is None
    assert len(cache.dataset(second).scenes) == 3


def _plain(dataset):
    from pipeline import serialize

    return serialize.plain(dataset)


def test_any_damaged_byte_of_an_entry_is_a_miss(folder):
    raw = variants(1)[0]
    cache.store(raw, pipeline.load(SOURCE))
    entry = cache._entry(raw)
    good = entry.read_bytes()
    for offset in (0, len(cache.MAGIC) + 3, cache._HEAD - 40, cache._HEAD - 5, len(good) - 1):
        damaged = bytearray(good)
        damaged[offset] ^= 1
        entry.write_bytes(bytes(damaged))
        assert cache.dataset(raw) is None, offset


@pytest.mark.parametrize("kind", ["fifo", "device", "folder", "huge"])
def test_an_entry_that_is_not_a_small_regular_file_is_a_miss_at_once(folder, kind):
    """A FIFO would block a read, /dev/zero never ends: neither is read at all."""
    import os

    raw = variants(1)[0]
    cache.store(raw, pipeline.load(SOURCE))
    entry = cache._entry(raw)
    entry.unlink()
    if kind == "fifo":
        os.mkfifo(entry)
    elif kind == "device":
        entry.symlink_to("/dev/zero")
    elif kind == "folder":
        entry.mkdir()
    else:
        entry.write_bytes(cache.MAGIC + b"\0" * (5 * len(raw) + 2**20))
    assert cache.dataset(raw) is None
