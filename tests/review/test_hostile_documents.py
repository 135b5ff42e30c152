"""Hostile and malformed documents: each gets its one-line message and exit 1, never a
traceback, in under 5 seconds and 500 MB (measured in a child process of its own)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SOURCE, scenes_env
from hostile import HOSTILE

import pipeline
from pipeline.review import package

SECONDS = 5.0
PEAK_BYTES = 500 * 1024 * 1024


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory):
    """Every hostile document reviewed by `scenes review`, one child process for them all."""
    folder = tmp_path_factory.mktemp("hostile")
    good = pipeline.render(pipeline.load(SOURCE), "docx")
    for name, (build, _) in HOSTILE.items():
        (folder / f"{name}.docx").write_bytes(build(good))
    script = Path(__file__).with_name("hostile_run.py")
    run = subprocess.run(
        [sys.executable, str(script), str(folder), str(SOURCE)],
        capture_output=True,
        text=True,
        timeout=300,
        env=scenes_env(),
    )
    assert run.returncode == 0, run.stderr
    lines = [json.loads(line) for line in run.stdout.splitlines()]
    return {line.get("name", "peak"): line for line in lines}


def test_there_are_enough_hostile_documents():
    assert len(HOSTILE) >= 15


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_document_gets_its_message_and_exit_1(outcomes, name):
    outcome = outcomes[name]
    message = HOSTILE[name][1]
    assert outcome["exit"] == 1, outcome
    lines = outcome["stderr"].splitlines()
    assert len(lines) == 1, outcome["stderr"]  # one line, so never a traceback
    assert f"{name}.docx: " in lines[0] and message in lines[0], lines[0]
    assert outcome["seconds"] < SECONDS, outcome


def test_all_of_them_stay_under_500_mb(outcomes):
    assert outcomes["peak"]["peak_bytes"] < PEAK_BYTES, outcomes["peak"]


def test_a_file_too_large_to_be_a_document_is_not_read(invoke, project):
    big = project / "huge.docx"
    with big.open("wb") as fh:
        fh.truncate(package.MAX_DOCX_BYTES + 1)  # sparse: costs no disk
    result = invoke("review", "huge.docx")
    assert result.exit_code == 1
    assert result.stderr == "huge.docx: larger than 64 MiB; not a document to review\n"
