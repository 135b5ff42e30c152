"""Hostile inputs and hostile file systems: a clear error or a correct output, nothing lost."""

from __future__ import annotations

import errno
import io
import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import docx
import feedparser
import html5lib
import pytest
from conftest import AS_WINDOWS, DATA, ROOT, SOURCE, scenes_env
from lxml import etree
from msgspec.structs import replace

import pipeline
from pipeline import output
from pipeline.errors import OutputError, ValidationError, WriterError
from pipeline.settings import settings_from
from pipeline.writers import WriterOptions, discover
from pipeline.writers.docx_layout import balanced

VALID = sorted((DATA / "valid").glob("*.yaml"))
FULL = WriterOptions(settings=settings_from({"feed": {"content": "full"}}))
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.mark.parametrize("path", VALID, ids=[p.stem for p in VALID])
def test_valid_but_nasty_inputs_export_to_every_format(path):
    dataset = pipeline.load(path)
    for options in (WriterOptions(), FULL):
        document = docx.Document(io.BytesIO(pipeline.render(dataset, "docx", options)))
        assert document.paragraphs[0].text == balanced(dataset.collection.title)
        for fmt in ("rss", "atom"):
            data = pipeline.render(dataset, fmt, options)
            etree.fromstring(data)
            parsed = feedparser.parse(data)
            assert parsed.bozo == 0
            assert parsed.entries[0].title == f"1. {dataset.scenes[0].heading}"
        for fmt in ("json", "jsonfeed"):
            json.loads(pipeline.render(dataset, fmt, options))
        pipeline.render(dataset, "text", options).decode("utf-8")
        page = html5lib.parse(pipeline.render(dataset, "html", options), treebuilder="etree")
        headings = ["".join(h.itertext()) for h in page.iter(f"{XHTML}h2")]
        assert headings[0] == f"1. {dataset.scenes[0].heading}"


def test_markup_in_every_field_comes_out_as_text():
    dataset = pipeline.load(DATA / "valid" / "markup-in-every-text-field.yaml")
    nasty = dataset.scenes[0].blurb
    assert "<script>" in nasty and "]]>" in nasty
    exported = json.loads(pipeline.render(dataset, "json"))
    assert exported["scenes"][0]["people"][0]["note"] == nasty
    assert nasty in pipeline.render(dataset, "text").decode("utf-8")
    document = docx.Document(io.BytesIO(pipeline.render(dataset, "docx")))
    assert nasty in [p.text for p in document.paragraphs]
    rss = feedparser.parse(pipeline.render(dataset, "rss", FULL))
    assert "<script>" not in rss.entries[0].summary and "&lt;script&gt;" in rss.entries[0].summary
    assert "<script>" not in rss.entries[0].content[0].value
    page = html5lib.parse(pipeline.render(dataset, "html"), treebuilder="etree")
    scripts = [e.get("type") for e in page.iter(f"{XHTML}script")]
    assert scripts == ["application/ld+json"]  # the page's own structured data, nothing else
    assert nasty in "".join(page.find(f".//{XHTML}section").itertext())


def test_a_100_mb_file_is_refused_with_a_clear_message(tmp_path):
    path = tmp_path / "huge.yaml"
    with path.open("wb") as fh:
        fh.write(SOURCE.read_bytes())
        fh.write(b"#" * 100 * 1024 * 1024)
    with pytest.raises(ValidationError) as caught:
        pipeline.load(path)
    assert str(caught.value) == (
        f"{path}: larger than the limit of 67,108,864 bytes "
        "(raise limits.max_source_bytes in scenes.toml if this is intended)"
    )


def test_a_10_mb_string_is_a_located_error(tmp_path):
    path = tmp_path / "long.yaml"
    text = SOURCE.read_text(encoding="utf-8")
    path.write_text(
        text.replace("Added motivation to run faster", "x" * 10_000_000, 1), encoding="utf-8"
    )
    with pytest.raises(ValidationError) as caught:
        pipeline.load(path)
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.field == "scenes[2].blurb"
    assert diagnostic.message == "is too long: at most 10000 characters"


@pytest.mark.parametrize(
    ("code", "reason"),
    [(errno.EACCES, "Permission denied"), (errno.EROFS, "Read-only file system")],
)
def test_an_unwritable_output_folder_is_a_clear_error(dataset, tmp_path, monkeypatch, code, reason):
    pipeline.export(dataset, ["json"], tmp_path)
    before = (tmp_path / "scenes.json").read_bytes()

    real_open = os.open

    def refuse(path, flags, *args, **kwargs):  # what the file system says to a new file
        if flags & os.O_CREAT:
            raise OSError(code, reason)
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    changed = replace(dataset, scenes=dataset.scenes[1:])
    with pytest.raises(OutputError) as caught:
        pipeline.export(changed, ["json"], tmp_path)
    expected = f"{tmp_path}/scenes.json: cannot write in {tmp_path}: {reason}\n(written: nothing)"
    if AS_WINDOWS:  # no lock on a folder itself: the lock file is the first thing refused
        expected = f"{tmp_path}: cannot lock the output folder: {reason}"
    assert str(caught.value) == expected
    assert (tmp_path / "scenes.json").read_bytes() == before


@pytest.mark.parametrize("name", ["../x", "a/b", ".", "..", "", "/etc/passwd", ".hidden", "con\n"])
def test_output_names_cannot_leave_the_folder(tmp_path, name):
    with pytest.raises(OutputError):
        output.target(tmp_path, name)


def test_a_symlinked_output_file_is_replaced_not_written_through(dataset, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "scenes.json").symlink_to(victim)
    pipeline.export(dataset, ["json"], out)
    assert victim.read_text(encoding="utf-8") == "keep me"
    assert not (out / "scenes.json").is_symlink()


# -- the seams: output paths, pipes, other people's files, plugins, huge reports -----------


def run_scenes(*args, cwd, stdin=None, stdout=subprocess.PIPE):
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args],
        cwd=cwd,
        env=scenes_env(),
        stdout=stdout,
        stderr=subprocess.PIPE,
        stdin=stdin,
    )


def test_a_device_is_written_through_never_replaced(project):
    device = project / "null-device"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (PermissionError, OSError) as exc:
        pytest.skip(f"cannot make a device node here: {exc}")
    run = run_scenes("export", "-f", "text", "-o", str(device), cwd=project)
    assert run.returncode == 0, run.stderr
    assert stat.S_ISCHR(device.stat().st_mode), "the device was replaced by a file"
    assert not list(project.glob(".*.tmp"))


def test_dev_null_is_never_replaced(project):
    before = Path("/dev/null").stat()
    run = run_scenes("export", "-f", "json", "-o", "/dev/null", cwd=project)
    assert run.returncode == 0, run.stderr
    after = Path("/dev/null").stat()
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino


def test_a_fifo_is_written_through_to_its_reader(project):
    fifo = project / "pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    run = run_scenes("export", "-f", "text", "-o", str(fifo), cwd=project)
    reader.join(timeout=30)
    assert run.returncode == 0, run.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert received and received[0].startswith(b"13 memorable")


def test_dev_stdout_is_standard_output(project):
    run = run_scenes("export", "-f", "text", "-o", "/dev/stdout", cwd=project)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith(b"13 memorable")


def test_a_closed_pipe_is_not_success(project, tmp_path):
    big = tmp_path / "big.yaml"
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "generate.py"), "3000", "-o", str(big)],
        check=True,
        env=scenes_env(),
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "export", "-f", "json", "--source", str(big), "-o", "-"],
        cwd=project,
        env=scenes_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    process.stdout.read(10)
    process.stdout.close()  # as `| head -c 10` does
    assert process.wait(timeout=60) == 141
    assert process.stderr.read() == b""  # quiet, like a process SIGPIPE ended


def test_other_peoples_temporary_files_survive_an_export(project):
    out = project / "outputs"
    out.mkdir()
    theirs = [out / ".notes.tmp", out / ".scenes.json.tmp", out / ".x.scenes-1-zzzz.tmp"]
    alive = out / f".scenes.json.scenes-{os.getpid()}-0123456789ab.tmp"  # a live writer's
    dead = out / ".scenes.json.scenes-999999999-0123456789ab.tmp"  # no such process
    for path in [*theirs, alive, dead]:
        path.write_text("x")
    run = run_scenes("export", "--out", str(out), cwd=project)
    assert run.returncode == 0, run.stderr
    assert all(p.exists() for p in [*theirs, alive])
    assert not dead.exists()


def test_a_plugin_cannot_end_the_process(dataset, tmp_path):
    class Quitter:
        name = "quitter"
        extension = ".quit"
        media_type = "text/plain"

        def render(self, dataset, options):
            sys.exit(0)

    registry = discover()
    registry.add(Quitter())
    with pytest.raises(WriterError, match="writer 'quitter' tried to end the process"):
        pipeline.export(dataset, ["all"], tmp_path, registry=registry)
    assert {"scenes.json", "scenes.txt", "scenes.docx"} <= {p.name for p in tmp_path.iterdir()}


def test_one_mistake_repeated_20000_times_gives_a_capped_report(tmp_path):
    head = SOURCE.read_text(encoding="utf-8").split("\nscenes:")[0]
    scene = (
        "  - id: s{i}\n    heading: H\n    films: [{{title: T, year: 1979}}]\n"
        "    sumary: x\n    published: 2024-05-01T09:00:00+00:00\n"
    )
    path = tmp_path / "many.yaml"
    path.write_text(head + "\nscenes:\n" + "".join(scene.format(i=i) for i in range(20_000)))
    run = run_scenes("validate", str(path), cwd=tmp_path)
    lines = run.stderr.decode().splitlines()
    assert run.returncode == 1
    assert len(lines) == 101
    assert lines[-1] == "20,000 problems found (the first 100 shown)"
    assert "Traceback" not in run.stderr.decode()
