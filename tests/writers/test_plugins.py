"""Third-party writers: the example package registers through its entry point and exports;
broken or clashing plugins fail alone, with a message naming them."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from conftest import ALL_FILES, MANIFEST, ROOT, scenes_env

EXAMPLE = ROOT / "examples" / "scenes-markdown"


def install_dist_info(
    site: Path,
    name: str,
    version: str,
    entry_points: dict[str, str],
    module: Path | None = None,
    source: str | None = None,
) -> None:
    """What `pip install` leaves behind that entry points are found by: a dist-info folder."""
    info = site / f"{name.replace('-', '_')}-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n", encoding="utf-8"
    )
    lines = ["[pipeline.writers]", *(f"{k} = {v}" for k, v in entry_points.items())]
    (info / "entry_points.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    if module is not None:
        shutil.copy(module, site / module.name)
    if source is not None:
        (site / f"{name.replace('-', '_')}.py").write_text(source, encoding="utf-8")


@pytest.fixture
def site(tmp_path):
    return tmp_path / "site-packages"


def run_scenes(project: Path, site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = scenes_env()
    env["PYTHONPATH"] = f"{site}:{ROOT}"
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args],
        capture_output=True,
        text=True,
        cwd=project,
        env=env,
    )


@pytest.fixture
def markdown_plugin(site):
    declared = tomllib.loads((EXAMPLE / "pyproject.toml").read_text(encoding="utf-8"))
    entry_points = declared["project"]["entry-points"]["pipeline.writers"]
    install_dist_info(
        site, "scenes-markdown", "0.1.0", entry_points, module=EXAMPLE / "scenes_markdown.py"
    )


def test_example_plugin_exports(project, site, markdown_plugin):
    listed = run_scenes(project, site, "formats")
    assert any(
        line.split()[:3] == ["markdown", "scenes.md", "scenes-markdown"]
        for line in listed.stdout.splitlines()
    )
    run = run_scenes(project, site, "export", "--format", "markdown")
    assert run.returncode == 0, run.stderr
    text = (project / "outputs" / "scenes.md").read_text(encoding="utf-8")
    assert text.startswith("# 13 memorable (and sometimes ridiculous) running scenes in movies\n")
    assert "## 2. Rocky II" in text
    assert "- 1,673 km/h (1,040 mph): Rick O’Connell’s running speed" in text


def test_all_includes_the_plugin(project, site, markdown_plugin):
    run = run_scenes(project, site, "export", "--format", "all")
    assert run.returncode == 0, run.stderr
    assert (project / "outputs" / "scenes.md").is_file()
    assert (project / "outputs" / "scenes.docx").is_file()


@pytest.fixture
def broken_plugins(site):
    install_dist_info(
        site,
        "scenes-broken",
        "1.0",
        {"broken": "scenes_broken:Writer"},
        source="import a_module_that_does_not_exist\n",
    )
    install_dist_info(
        site,
        "scenes-greedy",
        "1.0",
        {"json": "scenes_greedy:Writer"},
        source="raise RuntimeError('never imported')\n",
    )


def test_a_plugin_that_fails_to_import_fails_alone(project, site, broken_plugins):
    run = run_scenes(project, site, "export", "--format", "all")
    assert run.returncode == 1
    assert (
        "writer 'broken' (scenes_broken:Writer, from scenes-broken) cannot be imported: No module named 'a_module_that_does_not_exist'"
        in run.stderr
    )
    assert "Traceback" not in run.stderr
    written = sorted(p.name for p in (project / "outputs").iterdir())
    assert written == [MANIFEST, *ALL_FILES]


def test_a_plugin_claiming_a_builtin_name_is_refused_by_name(project, site, broken_plugins):
    run = run_scenes(project, site, "export", "--format", "json")
    assert run.returncode == 0, run.stderr
    assert (
        "warning: plugin scenes-greedy (scenes_greedy:Writer) claims the format name 'json', which belongs to the built-in writer; the plugin is ignored"
        in run.stderr
    )
    assert (
        (project / "outputs" / "scenes.json")
        .read_text(encoding="utf-8")
        .startswith('{\n  "schema_version"')
    )


def test_formats_shows_a_broken_plugin_as_unavailable(project, site, broken_plugins):
    run = run_scenes(project, site, "formats")
    assert run.returncode == 0
    line = next(line for line in run.stdout.splitlines() if line.startswith("broken"))
    assert "unavailable: writer 'broken'" in line


def test_entry_points_are_found_as_importlib_metadata_finds_them(project, site, markdown_plugin):
    env = scenes_env()
    env["PYTHONPATH"] = f"{site}:{ROOT}"
    code = (
        "import importlib.metadata as m, json, sys\n"
        "from pipeline.writers import entry_points\n"
        "ours = sorted(entry_points('pipeline.writers'))\n"
        "theirs = sorted((e.name, e.value, e.dist.name) for e in m.entry_points(group='pipeline.writers'))\n"
        "print(json.dumps([ours, theirs]))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=project
    )
    ours, theirs = json.loads(run.stdout)
    assert ours == theirs
    assert ["markdown", "scenes_markdown:MarkdownWriter", "scenes-markdown"] in ours
