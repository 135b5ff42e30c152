"""When the record of published ids changes: only once a feed file is in place where readers
fetch it (written into an output folder, or to a regular file with -o), never for a stream or a
device, never by an export that fails before then."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import scenes_env

import pipeline
from pipeline import output
from pipeline.errors import OutputError

RECORD = "source/scenes.published-ids.json"
DRAFT = """
  - id: draft-scene
    heading: Draft Scene
    films:
      - title: Draft Film
        year: 2012
    blurb: A draft.
    tags: [draft]
    published: 2026-11-24T09:00:00-05:00
"""


def add_draft(project: Path) -> None:
    source = project / "source" / "scenes.yaml"
    source.write_text(source.read_text(encoding="utf-8") + DRAFT, encoding="utf-8")


def remove_draft(project: Path) -> None:
    source = project / "source" / "scenes.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace(DRAFT, ""), encoding="utf-8")


def published(project: Path) -> dict:
    return json.loads((project / RECORD).read_bytes())["published"]


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """`folder` as on a read-only file system, for root too: creating a file in it fails."""
    inside = folder.resolve()
    real_open = os.open

    def open_(path, flags, *args, **kwargs):
        if flags & os.O_CREAT and Path(os.fspath(path)).absolute().parent.resolve() == inside:
            raise OSError(errno.EROFS, "Read-only file system", os.fspath(path))
        return real_open(path, flags, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:  # its own: undoing it keeps the working folder
        patch.setattr(os, "open", open_)
        yield


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.fixture
def exported(invoke, project):
    """The project after one feed export: the record holds the 13 real ids."""
    assert invoke("export", "-f", "rss").exit_code == 0
    return project


def test_a_failed_export_records_nothing(invoke, exported):
    record = (exported / RECORD).read_bytes()
    add_draft(exported)
    with read_only(exported / "outputs"):
        result = invoke("export", "-f", "rss")
    assert result.exit_code == 1
    assert "Read-only file system" in result.stderr
    assert "recorded the published ids" not in result.stderr
    assert (exported / RECORD).read_bytes() == record
    assert leftovers(exported / "source") == []
    remove_draft(exported)
    again = invoke("export", "-f", "rss")  # the draft was never published: nothing to miss
    assert again.exit_code == 0, again.stderr


def test_a_failed_export_keeps_the_recorded_heading(invoke, exported):
    record = (exported / RECORD).read_bytes()
    source = exported / "source" / "scenes.yaml"
    source.write_text(
        source.read_text(encoding="utf-8").replace("heading: Rocky II\n", "heading: Rocky 2\n"),
        encoding="utf-8",
    )
    with read_only(exported / "outputs"):
        assert invoke("export", "-f", "atom").exit_code == 1
    assert (exported / RECORD).read_bytes() == record


def test_a_record_that_cannot_be_written_stops_the_export_first(invoke, exported):
    before = {p.name: p.read_bytes() for p in (exported / "outputs").iterdir()}
    add_draft(exported)
    with read_only(exported / "source"):
        result = invoke("export", "-f", "rss", "-f", "json")
    assert result.exit_code == 1
    said = (  # where locks are files (Windows), taking the lock is the first write refused
        f"{RECORD}: cannot write in source: Read-only file system",
        "source: cannot lock the folder of the record of published ids: Read-only file system",
    )
    assert any(words in result.stderr for words in said), result.stderr
    assert {p.name: p.read_bytes() for p in (exported / "outputs").iterdir()} == before


@pytest.mark.parametrize("destination", ["-", "/dev/stdout", os.devnull])
def test_a_stream_or_a_device_records_nothing(invoke, exported, destination):
    record = (exported / RECORD).read_bytes()
    add_draft(exported)
    result = invoke("export", "-f", "rss", "-o", destination)
    assert result.exit_code == 0, result.stderr
    assert "recorded" not in result.stderr
    assert (exported / RECORD).read_bytes() == record


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs (Windows)")
def test_a_fifo_records_nothing(exported):
    record = (exported / RECORD).read_bytes()
    add_draft(exported)
    fifo = exported / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    run = subprocess.run(
        [sys.executable, "-m", "pipeline", "export", "-f", "jsonfeed", "-o", str(fifo)],
        cwd=exported,
        capture_output=True,
        env=scenes_env(),
        timeout=60,
    )
    reader.join(timeout=30)
    assert run.returncode == 0, run.stderr
    assert b"draft-scene" in received[0]
    assert (exported / RECORD).read_bytes() == record


def test_a_regular_file_records_once_written(invoke, exported):
    add_draft(exported)
    (exported / "site").mkdir()
    with read_only(exported / "site"):
        refused = invoke("export", "-f", "rss", "-o", "site/feed.xml")
    assert refused.exit_code == 1
    assert "draft-scene" not in published(exported)
    result = invoke("export", "-f", "rss", "-o", "site/feed.xml")
    assert result.exit_code == 0, result.stderr
    assert f"recorded the published ids in {RECORD}" in result.stderr
    assert "draft-scene" in published(exported)


def test_retire_on_a_stream_leaves_the_item_out_and_the_record_alone(invoke, exported):
    record = (exported / RECORD).read_bytes()
    source = exported / "source" / "scenes.yaml"
    text = source.read_text(encoding="utf-8")
    start = text.index("  - id: rocky-ii\n")
    source.write_text(text[:start] + text[text.index("  - id: ", start + 5) :], encoding="utf-8")
    result = invoke("export", "-f", "rss", "-o", "-", "--retire", "rocky-ii")
    assert result.exit_code == 0, result.stderr
    assert "Rocky II<" not in result.stdout
    assert "rocky-ii: left out of this feed only; standard output is not a file" in result.stderr
    assert (exported / RECORD).read_bytes() == record
    assert invoke("export", "-f", "rss", "-o", "-").exit_code == 1  # still not retired


def test_a_feed_written_before_a_failure_is_recorded(project, tmp_path, monkeypatch):
    """The first feed in place records its items, whatever fails after it: the record never
    lacks a guid a feed in the folder holds."""
    dataset = pipeline.load(project / "source" / "scenes.yaml")
    real_write = output.write
    written: list[str] = []

    def write(path: Path, data: bytes) -> bool:
        if written:  # the second file fails, as on a full disk
            raise OutputError(f"{path}: not written (the disk is full)")
        written.append(path.name)
        return real_write(path, data)

    monkeypatch.setattr(output, "write", write)
    with pytest.raises(OutputError):
        pipeline.export(dataset, ["rss", "atom"], tmp_path / "out")
    assert len(written) == 1 and (tmp_path / "out" / written[0]).exists()
    assert set(published(project)) == {s.identity for s in dataset.scenes}


def test_the_library_records_nothing_when_the_write_fails(project, tmp_path):
    dataset = pipeline.load(project / "source" / "scenes.yaml")
    pipeline.export(dataset, ["jsonfeed"], tmp_path / "out")
    record = (project / RECORD).read_bytes()
    add_draft(project)
    grown = pipeline.load(project / "source" / "scenes.yaml")
    with read_only(tmp_path / "out"), pytest.raises(OutputError):
        pipeline.export(grown, ["jsonfeed"], tmp_path / "out")
    assert (project / RECORD).read_bytes() == record


def test_a_record_staged_by_a_killed_export_is_removed(invoke, exported):
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True
    )
    pid = int(gone.stdout)
    stale = exported / "source" / f".scenes.published-ids.json.scenes-{pid}-0123456789ab.tmp"
    stale.write_text("{}")
    theirs = exported / "source" / ".notes.tmp"
    theirs.write_text("someone else's")
    assert invoke("export", "-f", "rss").exit_code == 0
    assert not stale.exists() and theirs.exists()
