"""The web page in a real browser (headless Chromium): it renders on a phone and a desktop, in
light and dark, without horizontal scrolling or requests elsewhere, and axe-core finds no
serious accessibility problem. Set SCENES_SCREENSHOTS to a folder to keep the screenshots."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from browser import Browser, axe_script, chromium

import pipeline

WIDTHS = (375, 1200)
VIEWS = [(width, dark) for width in WIDTHS for dark in (False, True)]
VIEW_IDS = [f"{w}px-{'dark' if d else 'light'}" for w, d in VIEWS]


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


@pytest.fixture(scope="module")
def page_url(dataset, tmp_path_factory):
    path = tmp_path_factory.mktemp("page") / "scenes.html"
    path.write_bytes(pipeline.render(dataset, "html"))
    return path.as_uri()


@pytest.fixture(scope="module")
def tab(browser):
    return browser.page()


def keep(name: str, png: bytes) -> None:
    folder = os.environ.get("SCENES_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        (Path(folder) / name).write_bytes(png)


def luminance(rgb: tuple[int, ...]) -> float:
    return (0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]) / 255


@pytest.mark.parametrize(("width", "dark"), VIEWS, ids=VIEW_IDS)
def test_renders_without_horizontal_scroll(tab, page_url, width, dark):
    from PIL import Image, ImageChops

    tab.view(width, dark=dark)
    tab.open(page_url)
    scroll, client = tab.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert (scroll, client) == (width, width), "the page scrolls sideways"
    png = tab.screenshot()
    keep(f"scenes-{width}-{'dark' if dark else 'light'}.png", png)
    image = Image.open(io.BytesIO(png)).convert("RGB")
    assert image.width == width and image.height > 3000  # the whole article, top to bottom
    background = image.getpixel((image.width - 1, image.height // 2))
    assert (luminance(background) < 0.2) == dark  # the colour scheme applies
    paper = Image.new("RGB", image.size, background)
    ink = ImageChops.difference(image, paper).convert("L").point(lambda v: 255 if v > 80 else 0)
    assert ink.histogram()[255] > 0.01 * width * image.height, "the screenshot is blank"
    assert set(tab.requested()) == {page_url}, "the page asked for something besides itself"


def test_print_is_black_on_white_without_the_contents_list(tab, page_url):
    tab.view(800, dark=True)
    features = [{"name": "prefers-color-scheme", "value": "dark"}]
    tab.send("Emulation.setEmulatedMedia", {"media": "print", "features": features})
    tab.open(page_url)
    colours = tab.evaluate(
        "[getComputedStyle(document.body).backgroundColor, getComputedStyle(document.body).color,"
        " getComputedStyle(document.querySelector('nav')).display]"
    )
    assert colours == ["rgb(255, 255, 255)", "rgb(0, 0, 0)", "none"]


LAST_LINE_WORDS = """
(() => {
  const words = [];
  for (const h of document.querySelectorAll(%s)) {
    const text = h.querySelector('.scene__title') || h;
    const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
    const boxes = [];
    while (walker.nextNode()) {
      const node = walker.currentNode;
      for (const match of node.textContent.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        boxes.push(Math.round(range.getBoundingClientRect().top));
      }
    }
    const last = Math.max(...boxes);
    words.push([h.textContent.trim(), boxes.filter(top => top === last).length, new Set(boxes).size]);
  }
  return words;
})()
"""


@pytest.mark.parametrize("width", WIDTHS)
def test_no_heading_leaves_a_word_alone_on_its_last_line(tab, page_url, width):
    tab.view(width)
    tab.open(page_url)
    for heading, last, lines in tab.evaluate(LAST_LINE_WORDS % "'h1, h2'"):
        assert lines == 1 or last >= 2, f"{heading!r} ends on one word at {width} px"
    (title,) = tab.evaluate(LAST_LINE_WORDS % "'h1'")
    assert title[2] > 1  # the title wraps at both widths: the check means something


def test_in_print_body_text_is_not_smaller_than_credits_or_the_reality_check(tab, page_url):
    tab.view(800)
    tab.send("Emulation.setEmulatedMedia", {"media": "print", "features": []})
    tab.open(page_url)
    sizes = tab.evaluate(
        "Object.fromEntries(['.blurb', '.intro p', '.credits dd', '.reality', 'h1', 'h2']"
        ".map(s => [s, parseFloat(getComputedStyle(document.querySelector(s)).fontSize)]))"
    )
    assert sizes[".blurb"] == sizes[".intro p"] == pytest.approx(11 * 96 / 72, abs=0.01)  # 11pt
    assert sizes[".credits dd"] < sizes[".blurb"] and sizes[".reality"] < sizes[".blurb"]
    assert sizes["h1"] > sizes["h2"] > sizes[".blurb"]


AXE_RUN = """
axe.run(document, {resultTypes: ['violations']}).then(result => ({
  ran: result.passes.map(rule => rule.id).concat(result.violations.map(rule => rule.id)),
  violations: result.violations.map(rule => ({
    id: rule.id, impact: rule.impact, help: rule.help,
    nodes: rule.nodes.map(node => node.target.join(' ')),
  })),
}))
"""


@pytest.mark.parametrize(("width", "dark"), VIEWS, ids=VIEW_IDS)
def test_axe_finds_no_serious_accessibility_problem(tab, page_url, width, dark):
    script = axe_script()
    if script is None:
        pytest.skip("axe-core is not installed (.ci/run installs it with npm; or set AXE_CORE)")
    tab.view(width, dark=dark)
    tab.open(page_url)
    tab.evaluate(script.read_text(encoding="utf-8"))
    result = tab.evaluate(AXE_RUN, wait=True)
    assert {"color-contrast", "html-has-lang", "heading-order", "landmark-one-main"} <= set(
        result["ran"]
    ), "axe did not check what matters here"
    for minor in result["violations"]:
        print("axe:", minor)
    serious = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []
