"""Hostile inputs and hostile file systems: a clear error or a correct output, nothing lost."""

from __future__ import annotations

import errno
import io
import json

import docx
import feedparser
import pytest
from conftest import DATA, SOURCE
from lxml import etree

import pipeline
from pipeline import output
from pipeline.errors import OutputError, ValidationError
from pipeline.records import replace
from pipeline.settings import settings_from
from pipeline.writers import WriterOptions

VALID = sorted((DATA / "valid").glob("*.yaml"))
FULL = WriterOptions(settings=settings_from({"feed": {"content": "full"}}))


@pytest.mark.parametrize("path", VALID, ids=[p.stem for p in VALID])
def test_valid_but_nasty_inputs_export_to_every_format(path):
    dataset = pipeline.load(path)
    for options in (WriterOptions(), FULL):
        document = docx.Document(io.BytesIO(pipeline.render(dataset, "docx", options)))
        assert document.paragraphs[0].text == dataset.collection.title
        for fmt in ("rss", "atom"):
            data = pipeline.render(dataset, fmt, options)
            etree.fromstring(data)
            parsed = feedparser.parse(data)
            assert parsed.bozo == 0
            assert parsed.entries[0].title == dataset.scenes[0].heading
        for fmt in ("json", "jsonfeed"):
            json.loads(pipeline.render(dataset, fmt, options))
        pipeline.render(dataset, "text", options).decode("utf-8")


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

    def refuse(*args, **kwargs):
        raise OSError(code, reason)

    monkeypatch.setattr(output.tempfile, "mkstemp", refuse)
    changed = replace(dataset, scenes=dataset.scenes[1:])
    with pytest.raises(OutputError) as caught:
        pipeline.export(changed, ["json"], tmp_path)
    assert str(caught.value) == f"{tmp_path}/scenes.json: cannot write in {tmp_path}: {reason}"
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
