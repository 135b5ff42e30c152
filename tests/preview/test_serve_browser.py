"""`scenes serve` in a real browser (headless Chromium over the DevTools protocol): the open page
follows the YAML without anyone reloading it, shows a broken file's problems over the last
good page exactly as `scenes validate` prints them, and takes them away once the file is fixed.

Every wait is for an event (the page's load, a change in its DOM), never for a time. Set
SCENES_SCREENSHOTS to a folder to keep the screenshots (docs/preview.md's come from here).
"""

from __future__ import annotations

import base64
import io
import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from browser import Browser, chromium
from conftest import scenes_env
from serving import Served

TITLE = "document.querySelector('.scene__title').textContent"
PROBLEMS = """
new Promise((resolve) => {
  const text = () => {
    const panel = document.querySelector("scenes-problems");
    return panel ? panel.shadowRoot.querySelector("pre").textContent : null;
  };
  if (text()) return resolve(text());
  new MutationObserver((_, observer) => {
    if (text()) { observer.disconnect(); resolve(text()); }
  }).observe(document.documentElement, { childList: true });
})
"""
NO_PROBLEMS = """
new Promise((resolve) => {
  const gone = () => !document.querySelector("scenes-problems");
  if (gone()) return resolve(true);
  new MutationObserver((_, observer) => {
    if (gone()) { observer.disconnect(); resolve(true); }
  }).observe(document.documentElement, { childList: true });
})
"""


@pytest.fixture(scope="module")
def browser():
    executable = chromium()
    if executable is None:
        pytest.skip("Chromium is not installed (.ci/run installs the Debian package chromium)")
    try:
        started = Browser(executable)
        started.send("Browser.getVersion")
    except (OSError, RuntimeError, TimeoutError) as exc:
        pytest.skip(f"Chromium cannot start here: {exc}")
    yield started
    started.close()


@pytest.fixture
def served(project, tmp_path):
    started = Served(project, tmp_path / "tmp")
    yield started
    started.close()


SCREENSHOTS = os.environ.get("SCENES_SCREENSHOTS")
KEPT = Path(SCREENSHOTS).absolute() if SCREENSHOTS else None
"""Relative to where pytest was started (the tests then work in a folder of their own)."""


def keep(name: str, png: bytes) -> None:
    if KEPT is not None:
        KEPT.mkdir(parents=True, exist_ok=True)
        (KEPT / name).write_bytes(png)


def viewport_png(tab) -> bytes:
    """What the window shows (the problems sit at its bottom edge)."""
    return base64.b64decode(tab.send("Page.captureScreenshot", {"format": "png"})["data"])


def rewrite(project: Path, *changes: tuple[str, str]) -> None:
    """Replace each text's first occurrence in the dataset, and save once (as an editor does)."""
    source = project / "source" / "scenes.yaml"
    text = source.read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    source.write_text(text, encoding="utf-8")


def set_heading(project: Path, old: str, new: str) -> None:
    rewrite(project, (f"    heading: {old}\n", f"    heading: {new}\n"))


BREAKS = [
    ("    heading: The Mummy Returns, in Sunlight\n", "    heading: 1917\n"),
    ("    blurb: >-\n", "    blrub: >-\n"),
    ("        unit: km/h\n", "        unit: kmh\n"),
]


def validate(project: Path) -> str:
    run = subprocess.run(
        [sys.executable, "-m", "pipeline", "validate"],
        cwd=project,
        env=scenes_env(),
        capture_output=True,
        text=True,
    )
    assert run.returncode == 1
    return run.stderr


def test_the_open_page_follows_the_yaml_and_its_problems(browser, served, project):
    from PIL import Image

    tab = browser.page()
    tab.view(1000, 700)
    tab.open(served.url + "scenes.html")
    assert tab.evaluate(TITLE) == "The Mummy Returns"

    # An edit: the page reloads by itself and shows it.
    tab.evaluate("window.untouched = true")
    set_heading(project, "The Mummy Returns", "The Mummy Returns, in Sunlight")
    browser.wait_for("Page.loadEventFired", tab.session)
    assert tab.evaluate(TITLE) == "The Mummy Returns, in Sunlight"
    assert tab.evaluate("window.untouched") is None  # a new document: it was reloaded

    # A break: the last good page stays, with every problem over it, as validate says them.
    tab.evaluate("window.untouched = true")
    rewrite(project, *BREAKS)
    shown = tab.evaluate(PROBLEMS, wait=True)
    assert shown + "\n" == validate(project)
    lines = shown.splitlines()
    assert len(lines) == 4 and lines[-1] == "3 problems found"
    assert re.match(r"source/scenes.yaml:[0-9]+:[0-9]+: scenes\[0\].heading: ", lines[0])
    assert tab.evaluate(TITLE) == "The Mummy Returns, in Sunlight"
    assert tab.evaluate("window.untouched") is True  # not reloaded: nothing good to show
    tab.evaluate("document.querySelector('.scene').scrollIntoView()")
    png = viewport_png(tab)
    keep("serve-problems.png", png)
    image = Image.open(io.BytesIO(png)).convert("RGB")
    assert image.getpixel((10, image.height - 10)) == (255, 245, 245)  # the panel, at the bottom

    # The fix: the problems go; the same bytes as before, so no reload is needed.
    rewrite(project, *[(new, old) for old, new in BREAKS])
    assert tab.evaluate(NO_PROBLEMS, wait=True) is True
    assert tab.evaluate("window.untouched") is True

    # Broken, then fixed into something new: one reload, no problems left over it.
    set_heading(project, "The Mummy Returns, in Sunlight", "[unclosed")
    assert "scenes.yaml:" in tab.evaluate(PROBLEMS, wait=True)
    set_heading(project, "[unclosed", "The Mummy Returns")
    browser.wait_for("Page.loadEventFired", tab.session)
    assert tab.evaluate(TITLE) == "The Mummy Returns"
    assert served.first_state()["problems"] == ""  # what the reloaded page is told
    assert tab.evaluate(NO_PROBLEMS, wait=True) is True
    assert served.stop() == 130


def test_the_index_and_its_pages(browser, served):
    tab = browser.page()
    tab.view(1000, 900)
    tab.open(served.url)
    keep("serve-index.png", tab.screenshot())
    links = tab.evaluate("[...document.querySelectorAll('main a')].map(a => a.pathname)")
    assert {"/scenes.html", "/scenes.docx", "/_preview/letter.html", "/_preview/check.html"} <= set(
        links
    )
    statuses = tab.evaluate(
        "Promise.all([...document.querySelectorAll('main a')].map("
        "a => fetch(a.href, {method: 'HEAD'}).then(r => r.status)))",
        wait=True,
    )
    assert statuses == [200] * len(links)
    tab.open(served.url + "_preview/letter.html")
    keep("serve-letter.png", viewport_png(tab))
    frame = tab.evaluate("document.querySelector('iframe').getAttribute('srcdoc')")
    assert "The Mummy Returns" in frame


def test_a_page_of_an_earlier_run_reloads_when_serve_runs_again(browser, project, tmp_path):
    with socket.socket() as probe:  # a free port, for two runs in turn
        probe.bind(("127.0.0.1", 0))
        port = str(probe.getsockname()[1])
    first = Served(project, tmp_path / "tmp", "--port", port)
    try:
        tab = browser.page()
        tab.open(first.url + "scenes.html")
        tab.evaluate("window.untouched = true")
        assert first.stop() == 130
    finally:
        first.close()
    second = Served(project, tmp_path / "tmp", "--port", port)
    try:
        browser.wait_for("Page.loadEventFired", tab.session)  # reconnected, and told
        assert tab.evaluate("window.untouched") is None
        assert second.stop() == 130
    finally:
        second.close()
