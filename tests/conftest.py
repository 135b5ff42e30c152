from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
GOLDEN = ROOT / "tests" / "golden"
SOURCE = ROOT / "source" / "scenes.yaml"
# What `scenes export --format all` writes with the built-in writers, besides its manifest.
MANIFEST = ".scenes-manifest.json"
ALL_FILES = [
    "scenes.atom.xml",
    "scenes.docx",
    "scenes.feed.json",
    "scenes.html",
    "scenes.json",
    "scenes.rss.xml",
    "scenes.txt",
]


@pytest.fixture(scope="session")
def dataset():
    import pipeline

    return pipeline.load(SOURCE)


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A copy of the project's data in a temporary folder, which becomes the working folder."""
    (tmp_path / "source").mkdir()
    shutil.copy(SOURCE, tmp_path / "source" / "scenes.yaml")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SCENES_CONFIG", raising=False)
    return tmp_path


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def invoke(runner, project):
    from pipeline.cli import cli

    def run(*args: str, **kwargs):
        return runner.invoke(cli, list(args), catch_exceptions=False, **kwargs)

    return run


def scenes_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("SCENES_CONFIG", None)
    env["PYTHONPATH"] = str(ROOT)
    return env
