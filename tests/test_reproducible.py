"""The same data gives the same bytes, whatever the clock says."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import time
import zipfile

import pytest
from conftest import MANIFEST, scenes_env
from msgspec.structs import replace

import pipeline
from pipeline.cli import cli

FORMATS = ["atom", "docx", "html", "json", "jsonfeed", "rss", "text"]


def export_all(project, folder, prefix=()):
    env = scenes_env()
    env.pop("SOURCE_DATE_EPOCH", None)
    command = [
        *prefix,
        sys.executable,
        "-m",
        "pipeline",
        "export",
        "--format",
        "all",
        "--out",
        folder,
    ]
    run = subprocess.run(command, capture_output=True, text=True, cwd=project, env=env)
    assert run.returncode == 0, run.stderr
    return {
        p.name: p.read_bytes() for p in sorted((project / folder).iterdir()) if p.name != MANIFEST
    }


@pytest.mark.skipif(
    shutil.which("faketime") is None, reason="faketime is not installed (.ci/run installs it)"
)
def test_every_format_is_byte_identical_with_the_clock_moved(project):
    now = export_all(project, "now")
    later = export_all(project, "later", prefix=("faketime", "2031-07-01 03:04:05"))
    assert len(now) == len(FORMATS)
    assert now == later


def test_same_bytes_in_process_with_a_moved_clock(dataset, monkeypatch):
    first = {fmt: pipeline.render(dataset, fmt) for fmt in FORMATS}
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 86_400 * 400)
    assert {fmt: pipeline.render(dataset, fmt) for fmt in FORMATS} == first


def test_source_date_epoch_is_honoured(project, runner, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert runner.invoke(cli, ["export", "-f", "docx"]).exit_code == 0
    entries = zipfile.ZipFile(project / "outputs" / "scenes.docx").infolist()
    assert {e.date_time for e in entries} == {(2023, 11, 14, 22, 13, 20)}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    result = runner.invoke(cli, ["export", "-f", "docx"])
    assert result.exit_code == 1
    assert "SOURCE_DATE_EPOCH must be a whole number of seconds, not 'yesterday'" in result.stderr


def test_changed_data_changes_the_bytes(dataset):
    scene = replace(dataset.scenes[0], heading="The Mummy Returns!")
    changed = replace(dataset, scenes=(scene, *dataset.scenes[1:]))
    for fmt in FORMATS:
        assert pipeline.render(changed, fmt) != pipeline.render(dataset, fmt), fmt
    assert zipfile.ZipFile(io.BytesIO(pipeline.render(changed, "docx"))).testzip() is None
