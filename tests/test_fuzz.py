"""A bounded slice of the coverage-guided fuzzer (the full run: python fuzz/run.py --seconds 600)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest
from conftest import AS_WINDOWS, ROOT, scenes_env


@pytest.mark.skipif(
    AS_WINDOWS, reason="the reader it fuzzes is the same on every platform: the main run fuzzes it"
)
@pytest.mark.skipif(
    importlib.util.find_spec("atheris") is None,
    reason="atheris is not installed (pip install -e '.[test]' installs it on Linux x86_64)",
)
def test_fuzz_slice_finds_nothing():
    run = subprocess.run(
        [sys.executable, str(ROOT / "fuzz" / "run.py"), "--seconds", "20", "--seed", "1"],
        capture_output=True,
        text=True,
        env=scenes_env(),
        timeout=120,
    )
    print(run.stdout)
    assert run.returncode == 0, run.stdout + run.stderr[-3000:]
    assert "executions" in run.stdout
