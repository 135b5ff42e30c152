"""The newsletter as a browser draws it (headless Chromium over the DevTools protocol, see
tests/browser.py): the email's HTML part at 600 px (a desktop mail program's column) and
375 px (a phone), in light and dark; the archive's index and an issue page at 375 and 1200 px.
Each shows its content, fits without scrolling sideways, asks the network for nothing, and
follows the colour scheme; axe-core finds no accessibility violation at all on the archive's
pages. Set SCENES_SCREENSHOTS to a folder to keep the screenshots (CI keeps them as artefacts).
"""

from __future__ import annotations

import email
import email.policy
import io
from datetime import UTC, date, datetime

import pytest
from browser import AXE_RUN, Browser, axe_script, chromium, keep, luminance
from conftest import _serve
from helpers import POSTAL

LIGHT_DARK = (False, True)
MAIL_VIEWS = [(w, d) for w in (600, 375) for d in LIGHT_DARK]
PAGE_VIEWS = [(w, d) for w in (375, 1200) for d in LIGHT_DARK]


def ids(views):
    return [f"{w}px-{'dark' if d else 'light'}" for w, d in views]


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
def tab(browser):
    return browser.page()


@pytest.fixture(scope="module")
def pages(dataset, tmp_path_factory):
    """Three issues sent through a real SMTP server: the second one's email as received, its
    page in the archive (with a previous and a next issue) and the index."""
    from pipeline.newsletter import run
    from pipeline.newsletter.letter import Layout
    from pipeline.settings import settings_from

    inbox, controller = _serve(enable_SMTPUTF8=False)
    work = tmp_path_factory.mktemp("newsletter")
    settings = settings_from(
        {
            "base_dir": str(work),
            "newsletter": {
                "sender": "Canadian Running <news@runningmagazine.ca>",
                "recipient": "Subscribers <scenes@lists.runningmagazine.ca>",
                "unsubscribe": "https://runningmagazine.ca/newsletter/unsubscribe",
                "archive_url": "https://runningmagazine.ca/newsletter/",
                "subscribe_url": "https://runningmagazine.ca/newsletter/subscribe",
                "postal_address": POSTAL,
                "smtp": {"host": "127.0.0.1", "port": inbox.port, "security": "none"},
            },
        }
    )
    out = work / "newsletter"
    try:
        for day in (date(2026, 11, 16), date(2026, 11, 23), date(2026, 11, 30)):
            when = datetime.combine(day, datetime.min.time(), UTC).replace(hour=7, minute=3)
            run.run(dataset, settings, Layout(), day, out, send=True, now=when)
    finally:
        controller.stop()
    received = email.message_from_bytes(inbox.messages[1].content, policy=email.policy.default)
    mail = work / "mail.html"
    mail.write_text(received.get_body(("html",)).get_content(), encoding="utf-8")
    return {"mail": mail, "page": out / "issue-002.html", "index": out / "index.html"}


def look(tab, path, width: int, dark: bool, name: str):
    """Open the page in the view, check what every view must show, and keep the screenshot."""
    from PIL import Image, ImageChops

    tab.view(width, dark=dark)
    url = path.as_uri()
    asked_before = len(tab.requested())
    tab.open(url)
    scroll, client = tab.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert (scroll, client) == (width, width), f"{name} scrolls sideways at {width} px"
    png = tab.screenshot()
    keep(f"newsletter-{name}-{width}-{'dark' if dark else 'light'}.png", png)
    image = Image.open(io.BytesIO(png)).convert("RGB")
    assert image.width == width and image.height > 600
    background = image.getpixel((2, image.height - 2))
    assert (luminance(background) < 0.2) == dark, "the colour scheme does not apply"
    paper = Image.new("RGB", image.size, background)
    ink = ImageChops.difference(image, paper).convert("L").point(lambda v: 255 if v > 80 else 0)
    assert ink.histogram()[255] > 0.01 * width * image.height, "the screenshot is blank"
    asked = tab.requested()[asked_before:]
    assert asked == [url], "it asked the network for something besides itself"


@pytest.mark.parametrize(("width", "dark"), MAIL_VIEWS, ids=ids(MAIL_VIEWS))
def test_the_email(tab, pages, width, dark):
    look(tab, pages["mail"], width, dark, "mail")
    hidden, italic, first_heading = tab.evaluate(
        "[document.querySelector('.preheader').getBoundingClientRect().height,"
        " getComputedStyle(document.querySelector('.credits i')).fontStyle,"
        " document.querySelector('h2 a').href]"
    )
    assert hidden == 0  # the preheader is for the inbox's preview, not the letter
    assert italic == "italic"
    assert (
        first_heading == "https://runningmagazine.ca/the-scene/running-scenes-movies/#run-lola-run"
    )
    shown = tab.evaluate("document.body.innerText")
    assert "CANADIAN RUNNING" in shown and "Toronto, ON M5J 2M2" in shown


@pytest.mark.parametrize("name", ["index", "page"])
@pytest.mark.parametrize(("width", "dark"), PAGE_VIEWS, ids=ids(PAGE_VIEWS))
def test_the_archive_pages(tab, pages, name, width, dark):
    look(tab, pages[name], width, dark, name)
    shown = tab.evaluate("document.body.innerText")
    assert "Subscribe by email" in shown
    if name == "page":
        assert "Issue 1, week of 16 November 2026" in shown  # previous
        assert "Issue 3, week of 30 November 2026" in shown  # next
    else:
        assert shown.count("In this issue:") == 3


@pytest.mark.parametrize("name", ["index", "page"])
@pytest.mark.parametrize(("width", "dark"), PAGE_VIEWS, ids=ids(PAGE_VIEWS))
def test_axe_finds_no_violations_in_the_archive(tab, pages, name, width, dark):
    script = axe_script()
    if script is None:
        pytest.skip("axe-core is not installed (.ci/run installs it with npm; or set AXE_CORE)")
    tab.view(width, dark=dark)
    tab.open(pages[name].as_uri())
    tab.evaluate(script.read_text(encoding="utf-8"))
    result = tab.evaluate(AXE_RUN, wait=True)
    assert {"color-contrast", "html-has-lang", "heading-order", "landmark-one-main", "region"} <= (
        set(result["ran"])
    ), "axe did not check what matters here"
    assert result["violations"] == []
