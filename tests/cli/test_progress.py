"""A progress bar for large exports on a terminal; nothing when output is not a terminal."""

from __future__ import annotations

import os
import pty
import subprocess
import sys

import pytest
from conftest import ROOT, scenes_env


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    folder = tmp_path_factory.mktemp("large")
    source = folder / "scenes.yaml"
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "generate.py"), "3000", "-o", str(source)], check=True
    )
    return source


def export_command(source, tmp_path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "pipeline",
        "export",
        "--source",
        str(source),
        "--out",
        str(tmp_path / "out"),
    ]


def run_on_terminal(args: list[str], cwd) -> str:
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        args, cwd=cwd, env=scenes_env(), stdin=follower, stdout=follower, stderr=follower
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=120)
    os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")


def test_large_export_shows_progress_on_a_terminal(large, tmp_path):
    seen = run_on_terminal(
        export_command(large, tmp_path),
        tmp_path,
    )
    assert "exporting 3,000 scenes: docx" in seen
    assert "100%" in seen


def test_no_progress_when_not_a_terminal(large, tmp_path):
    run = subprocess.run(
        export_command(large, tmp_path),
        capture_output=True,
        text=True,
        env=scenes_env(),
        cwd=tmp_path,
    )
    assert run.returncode == 0
    assert "exporting" not in run.stderr and "%" not in run.stderr
    assert run.stderr.splitlines()[0].startswith("wrote ")


def test_small_export_shows_no_progress_even_on_a_terminal(tmp_path):
    seen = run_on_terminal(
        export_command(ROOT / "source" / "scenes.yaml", tmp_path),
        tmp_path,
    )
    assert "exporting" not in seen
    assert "wrote" in seen


def test_progress_is_counted_by_work_not_by_formats(dataset, tmp_path):
    """The DOCX costs more than every feed together: the bar moves by what is left to do, so
    an estimate from it does not jump when a cheap format is done."""
    import pipeline
    from pipeline import spread
    from pipeline.writers import discover

    calls = []
    pipeline.export(dataset, ["all"], tmp_path, progress=lambda *call: calls.append(call))
    registry = discover()
    names = registry.expand(["all"])
    total = sum(max(1, round(spread.cost(registry.get(n)) * 100)) for n in names)
    assert [name for name, _, _ in calls] == names
    assert {whole for _, _, whole in calls} == {total}
    done = 0
    for name, reported, _ in calls:
        assert reported == done
        done += max(1, round(spread.cost(registry.get(name)) * 100))
    docx_at = names.index("docx")
    step = calls[docx_at + 1][1] - calls[docx_at][1]
    assert step == round(spread.COST["docx"] * 100)  # the DOCX's share, not 1 of 7
