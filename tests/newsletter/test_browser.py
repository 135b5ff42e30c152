"""The newsletter's HTML as a browser draws it: headless Chromium renders the email's HTML
part, an issue's web page and the archive's index at a phone's width (375 px) and a desktop's
(1200 px). Each must show its content, and none may scroll sideways on the phone.

Debian's `chromium` package (.ci/run installs it); without it these tests are skipped.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from browser import HEADLESS
from helpers import MONDAY, parsed, settings

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (apt-get install chromium; .ci/run does)"
)
FLAGS = HEADLESS
# A page measuring pages in iframes: a window cannot be narrower than 500 px in headless
# Chromium, an iframe can. The script runs in the harness, never in the newsletter's pages.
MEASURE = """
window.addEventListener("load", () => {
  const out = {};
  for (const frame of document.querySelectorAll("iframe")) {
    const doc = frame.contentDocument;
    out[frame.id] = {scroll: doc.documentElement.scrollWidth,
                     width: doc.documentElement.clientWidth,
                     text: doc.body.innerText.trim().length};
  }
  document.body.setAttribute("data-measure", JSON.stringify(out));
});
"""


def chromium(tmp: Path, name: str, *args: str) -> subprocess.Popen:
    profile = tmp / f"profile-{name}"  # a new, empty profile for each run
    return subprocess.Popen(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        cwd=tmp,
    )


@pytest.fixture
def pages(project, invoke, tmp_path):
    """Two issues made with an archive: the email's HTML part, a web page, the index."""
    settings(
        project,
        "[newsletter]\n"
        'unsubscribe = "https://runningmagazine.ca/newsletter/unsubscribe"\n'
        'archive_url = "https://runningmagazine.ca/newsletter/"\n',
    )
    assert invoke("newsletter", "--date", "2026-11-16").exit_code == 0
    assert invoke("newsletter", "--date", MONDAY).exit_code == 0
    folder = project / "outputs" / "newsletter"

    class Raw:
        content = (folder / "issue-002.eml").read_bytes()

    mail = tmp_path / "mail.html"
    mail.write_text(parsed(Raw).get_body(("html",)).get_content(), encoding="utf-8")
    wide = tmp_path / "wide.html"  # a control: a page that does scroll sideways
    wide.write_text("<!DOCTYPE html><body><pre>" + "x" * 300 + "</pre></body>")
    blank = tmp_path / "blank.html"  # a control: what an empty screenshot weighs
    blank.write_text("<!DOCTYPE html><body></body>")
    return {
        "mail": mail,
        "page": folder / "issue-002.html",
        "index": folder / "index.html",
        "wide": wide,
        "blank": blank,
    }


def test_pages_render_with_content_and_fit_a_phone(pages, tmp_path):
    frames = "".join(
        f'<iframe id="{name}-{width}" src="{path.as_uri()}" '
        f'style="width:{width}px;height:900px;border:0"></iframe>'
        for name, path in pages.items()
        if name != "blank"
        for width in (375, 1200)
    )
    harness = tmp_path / "harness.html"
    harness.write_text(f"<!DOCTYPE html><body>{frames}<script>{MEASURE}</script></body>")
    # Screenshots to look at (left in tmp_path) and to check for blankness; two CPUs in CI,
    # so the email at both widths and each web page at one (all are measured above).
    shots = {
        shot: chromium(
            tmp_path,
            shot,
            f"--window-size={shot.rpartition('-')[2]},1400",
            f"--screenshot={tmp_path / f'{shot}.png'}",
            pages[shot.rpartition("-")[0]].as_uri(),
        )
        for shot in ("mail-375", "mail-1200", "page-375", "index-1200", "blank-1200")
    }
    measuring = chromium(
        tmp_path,
        "measure",
        "--allow-file-access-from-files",  # the harness reads its iframes' documents
        "--window-size=1400,900",
        "--dump-dom",
        harness.as_uri(),
    )
    dom = measuring.communicate(timeout=60)[0].decode()
    for process in shots.values():
        process.wait(timeout=60)
    found = re.search(r'data-measure="([^"]*)"', dom)
    assert found, "the harness did not measure the pages"
    measured = json.loads(html.unescape(found.group(1)))
    assert measured["wide-375"]["scroll"] > measured["wide-375"]["width"]  # the control
    for name in ("mail", "page", "index"):
        for width in (375, 1200):
            m = measured[f"{name}-{width}"]
            assert m["text"] > 200, (name, width, m)
            assert m["scroll"] <= m["width"], f"{name} scrolls sideways at {width} px: {m}"
    empty = (tmp_path / "blank-1200.png").stat().st_size  # the larger of the empty pages
    for name in ("mail-375", "mail-1200", "page-375", "index-1200"):
        shot = tmp_path / f"{name}.png"
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert shot.stat().st_size > 3 * empty, f"{shot.name} looks blank"
