"""The documentation: built by Sphinx with warnings as errors, every internal link leading
somewhere, the README a short front door whose links and set-up hold, every TOML example a
valid settings file, and the built site looked at once in a real browser.

`.ci/run` builds the docs (`sphinx-build -W`) and sets SCENES_DOCS_HTML to the build, which
these tests then read; without it they build the docs themselves. SCENES_SCREENSHOTS=folder
keeps the screenshots (`SCENES_SCREENSHOTS=docs/images` makes the README's picture again)."""

from __future__ import annotations

import io
import os
import re
import sys
import tomllib
from pathlib import Path

import pytest
from browser import Browser, chromium, keep, luminance
from conftest import ROOT

import pipeline

DOCS = ROOT / "docs"
README = ROOT / "README.md"
PAGES = sorted(DOCS.glob("*.md"))
sys.path.insert(0, str(DOCS))
from check_links import broken_links  # noqa: E402


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    given = os.environ.get("SCENES_DOCS_HTML")
    if given:
        return Path(given)
    sphinx = pytest.importorskip("sphinx.cmd.build", reason="Sphinx is in the docs extra")
    out = tmp_path_factory.mktemp("docs") / "html"
    assert sphinx.build_main(["-W", "-q", "-b", "html", str(DOCS), str(out)]) == 0  # warnings
    return out


def test_every_page_is_built(built):
    names = {page.stem for page in PAGES}
    assert {
        "index",
        "getting-started",
        "dataset",
        "outputs",
        "review",
        "newsletter",
        "preview",
        "settings",
        "commands",
        "performance",
        "plugins",
        "development",
    } <= names
    assert all((built / f"{name}.html").is_file() for name in names)


def test_every_internal_link_leads_somewhere(built, tmp_path, monkeypatch):
    assert broken_links(built) == []
    monkeypatch.chdir(built.parent)  # as .ci/run names it: relative to the working folder
    assert broken_links(Path(built.name)) == []
    page = tmp_path / "index.html"
    page.write_text('<a href="#here">x</a><a href="gone.html">y</a><p id="there"></p>')
    assert broken_links(tmp_path) == [
        "index.html: #here (no such anchor)",
        "index.html: gone.html (no such file)",
    ]


def test_the_references_are_made_from_the_code(built):
    from pipeline.cli import cli
    from pipeline.settings import Settings

    settings = (built / "settings.html").read_text(encoding="utf-8")
    names = _settings_names(Settings)
    assert len(names) > 40 and "newsletter.smtp.host" in names
    for name in names:
        assert f'id="{_anchor("setting-" + name)}"' in settings, name
    commands = (built / "commands.html").read_text(encoding="utf-8")
    for name in cli.list_commands(None):  # type: ignore[arg-type]
        assert f"scenes {name}" in commands, name


def _anchor(label: str) -> str:
    """The id Sphinx gives a label: lowercase, runs of other characters as one hyphen."""
    return re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")


def _settings_names(cls: type, prefix: str = "") -> list[str]:
    import msgspec

    names = []
    for field in msgspec.structs.fields(cls):
        if field.name in getattr(cls, "__hidden_fields__", ()):
            continue
        kind = field.default if field.default is not msgspec.NODEFAULT else None
        if isinstance(kind, msgspec.Struct):
            names += _settings_names(type(kind), f"{prefix}{field.name}.")
        else:
            names.append(prefix + field.name)
    return names


def test_every_toml_example_is_a_valid_settings_file():
    from pipeline.settings import settings_from

    blocks = [
        block
        for path in [README, *PAGES]
        for block in re.findall(
            r"^```toml\n(.*?)^```$", path.read_text(encoding="utf-8"), re.M | re.S
        )
    ]
    assert len(blocks) >= 2
    for block in blocks:
        settings_from(tomllib.loads(block))  # raises SettingsError naming each problem


def test_the_readme_is_a_short_front_door():
    """At most 150 lines (tests/test_install.py holds its two set-up commands to CI's); what it
    says of the formats and of Python is what the code says."""
    from pipeline.writers import discover, output_name

    text = README.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 150
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["requires-python"] == ">=3.11" and "With Python 3.11 or newer:" in text
    registry = discover()
    rows = re.findall(
        r"^\| .+ \| `(?:outputs/)?(scenes\.[a-z.]+)`.* \| `scenes export -f (\w+)`", text, re.M
    )
    assert len(rows) == 4
    for file, name in rows:
        assert output_name(registry.get(name)) == file
    assert "sphinx" in " ".join(project["optional-dependencies"]["docs"])  # `.[docs]` builds


def test_the_readmes_links_lead_somewhere():
    text = README.read_text(encoding="utf-8")
    links = re.findall(r"\]\(([^)\s]+)\)", text)
    assert len(links) >= 8
    for link in links:
        if re.match(r"[a-z]+:", link):
            continue
        path, _, anchor = link.partition("#")
        target = ROOT / path
        assert target.exists(), link
        if anchor:
            headings = re.findall(r"^#+ (.+)$", target.read_text(encoding="utf-8"), re.M)
            assert anchor in {_slug(h) for h in headings}, link


def _slug(heading: str) -> str:
    """A heading's anchor as GitHub and MyST make it."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


@pytest.fixture(scope="module")
def tab():
    executable = chromium()
    if executable is None:
        pytest.skip("Chromium is not installed (.ci/run installs the Debian package chromium)")
    try:
        browser = Browser(executable)
        browser.send("Browser.getVersion")
    except (OSError, RuntimeError, TimeoutError) as exc:
        pytest.skip(f"Chromium cannot start here: {exc}")
    yield browser.page()
    browser.close()


def _inked(png: bytes) -> float:
    """The share of the picture that differs clearly from its background."""
    from PIL import Image, ImageChops

    image = Image.open(io.BytesIO(png)).convert("RGB")
    paper = Image.new("RGB", image.size, image.getpixel((image.width - 1, image.height - 1)))
    ink = ImageChops.difference(image, paper).convert("L").point(lambda v: 255 if v > 80 else 0)
    return ink.histogram()[255] / (image.width * image.height)


def test_the_built_site_in_a_browser(built, tab):
    tab.view(1200, 800)
    tab.open((built / "getting-started.html").as_uri())
    shown = tab.evaluate(
        "[document.title, document.querySelector('h1').textContent,"
        " document.querySelectorAll('.sidebar-tree a').length,"
        " document.documentElement.scrollWidth]"
    )
    assert shown[0].startswith("Getting started")
    assert shown[1].startswith("Getting started")
    assert shown[2] >= 11  # every page in the navigation, the front page aside
    assert shown[3] == 1200  # nothing wider than the window
    png = tab.screenshot()
    keep("docs-getting-started.png", png)
    assert _inked(png) > 0.01, "the screenshot is blank"


def test_the_readmes_picture_of_the_page(dataset, tab, tmp_path):
    """The article page as a reader first sees it: `docs/images/article.png` in the README."""
    from PIL import Image

    page = tmp_path / "scenes.html"
    page.write_bytes(pipeline.render(dataset, "html"))
    tab.view(1000, 760)
    tab.open(page.as_uri())
    shot = tab.send("Page.captureScreenshot", {"format": "png"})
    import base64

    png = base64.b64decode(shot["data"])
    keep("article.png", png)
    image = Image.open(io.BytesIO(png)).convert("RGB")
    assert image.size == (1000, 760)
    assert luminance(image.getpixel((5, 700))) > 0.8  # the light page
    assert _inked(png) > 0.01
    assert (ROOT / "docs" / "images" / "article.png").is_file()


def test_every_setting_and_field_says_what_it_is():
    """The references are made from docstrings: a declaration without one would be a bare
    name in the docs (and in the editors' schema)."""
    sys.path.insert(0, str(DOCS / "_ext"))
    import reference

    from pipeline.model import Dataset
    from pipeline.settings import Settings

    settings = reference._schema(Settings)
    for node in [settings, *settings["$defs"].values()]:
        for name, prop in node["properties"].items():
            if "$ref" not in prop and name not in Settings.__hidden_fields__:
                assert prop.get("description"), name
    dataset = reference._schema(Dataset)
    for record, node in [("Dataset", dataset), *dataset["$defs"].items()]:
        assert node.get("description"), record
        for name, prop in node["properties"].items():
            assert prop.get("description"), f"{record}.{name}"


def test_the_exit_code_table_has_every_code_the_errors_module_decides():
    from pipeline import errors

    decided = {value for name, value in vars(errors).items() if name.startswith("EXIT_")}
    table = (DOCS / "commands.md").read_text(encoding="utf-8").split("## Exit codes", 1)[1]
    listed = {
        int(code)
        for cell in re.findall(r"^\| ([\d, ]+) \|", table, re.M)
        for code in cell.split(",")
    }
    assert listed == decided | {0}
