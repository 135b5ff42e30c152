"""Which request names which file (only regular files inside the site), and which changed path
affects which part of a build."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline.preview.inputs import inputs_of
from pipeline.preview.server import locate, read_regular
from pipeline.settings import settings_from


@pytest.fixture
def site(tmp_path):
    root = tmp_path / "site"
    (root / "_preview" / "view").mkdir(parents=True)
    (root / "_preview" / "index.html").write_text("index", encoding="utf-8")
    (root / "scenes.html").write_text("page", encoding="utf-8")
    (root / ".scenes-manifest.json").write_text("{}", encoding="utf-8")
    (root / "_preview" / "view" / "scenes.txt.html").write_text("view", encoding="utf-8")
    (tmp_path / "scenes.toml").write_text("secret", encoding="utf-8")
    return root


@pytest.mark.parametrize(
    ("target", "file"),
    [
        ("/", "_preview/index.html"),
        ("/scenes.html", "scenes.html"),
        ("/scenes.html?reload=1", "scenes.html"),
        ("/_preview/view/scenes.txt.html", "_preview/view/scenes.txt.html"),
        ("/%5Fpreview/view/scenes%2Etxt.html", "_preview/view/scenes.txt.html"),
    ],
)
def test_the_site_s_files(site, target, file):
    assert locate(site, target) == site / file


@pytest.mark.parametrize(
    "target",
    [
        "/../scenes.toml",
        "/%2e%2e/scenes.toml",
        "/%2E%2E/scenes.toml",
        "/..%2fscenes.toml",
        "/_preview/..%2F..%2Fscenes.toml",
        "/..%5cscenes.toml",
        "/..\\scenes.toml",
        "/_preview/../../scenes.toml",
        "/./scenes.html",
        "//scenes.html",
        "/scenes.html/",
        "/_preview",
        "/_preview/",
        "/_preview/view/",
        "/.scenes-manifest.json",
        "/scenes.html%00",
        "/scenes.html.",
        "/scenes.html%20",
        "/%c0%ae%c0%ae/scenes.toml",  # an overlong UTF-8 dot: not UTF-8 at all
        "/%252e%252e/scenes.toml",  # decoded once only
        "/c:/scenes.toml",
        "/scenes.html:stream",
        "/scenes\x01.html",
        "http://127.0.0.1/scenes.html",  # the absolute form is not asked of a server like this
        "*",
        "",
        "/missing.html",
    ],
)
def test_anything_else_is_not_found(site, target):
    assert locate(site, target) is None


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_links_in_the_site_are_never_followed(site):
    outside = site.parent / "scenes.toml"
    (site / "leak.toml").symlink_to(outside)
    (site / "_preview" / "up").symlink_to(site.parent, target_is_directory=True)
    (site / "inside.html").symlink_to(site / "scenes.html")
    for target in ("/leak.toml", "/_preview/up/scenes.toml", "/inside.html"):
        assert locate(site, target) is None, target
    # A file swapped for a link after it was located is not read through either.
    (site / "scenes.html").unlink()
    (site / "scenes.html").symlink_to(outside)
    assert read_regular(site / "scenes.html") is None


def test_a_fifo_is_not_served(site):
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    os.mkfifo(site / "pipe.html")
    assert locate(site, "/pipe.html") is None


def test_each_input_affects_what_is_made_from_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the settings' paths are relative to their file's folder: here
    settings = settings_from(
        {
            "text": {"template": "t.txt.j2", "template_dir": "parts"},
            "html": {"template": "page.html.j2"},
            "docx": {"reference": "house.docx"},
            "newsletter": {"template": "n.txt.j2", "html_template": "n.html.j2"},
        }
    )
    inputs = inputs_of(
        settings, Path("scenes.toml"), Path("source/scenes.yaml"), Path("state/n.db")
    )
    everything = {"settings", "data", "export", "newsletter", "check"}
    assert inputs.affected({tmp_path / "scenes.toml"}) == everything
    assert inputs.affected({tmp_path / "source" / "scenes.yaml"}) == everything - {"settings"}
    for name in ("t.txt.j2", "page.html.j2", "house.docx", "parts/_scene.txt.j2", "parts"):
        assert inputs.affected({tmp_path / name}) == {"export"}, name
    for name in ("n.txt.j2", "n.html.j2", "state/n.db", "state"):
        assert inputs.affected({tmp_path / name}) == {"newsletter"}, name
    for name in ("README.md", "parts/notes.txt", "outputs/scenes.html", "source/other.yaml"):
        assert inputs.affected({tmp_path / name}) == set(), name
    # The folders watched: each input's, or the nearest that exists (its creation is seen).
    (tmp_path / "source").mkdir()
    assert set(inputs.folders()) == {tmp_path, tmp_path / "source"}
