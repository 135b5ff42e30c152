"""The preview's builds, in this process: each product is what its command makes, a problem is
what its command prints, the last good pages stay, and a change rebuilds what it affects."""

from __future__ import annotations

import html5lib
import pytest
from conftest import ALL_FILES
from serving import MONDAY, snapshot

from pipeline.preview.site import Site

NS = {"h": "http://www.w3.org/1999/xhtml"}


@pytest.fixture
def site(project, tmp_path):
    return Site(tmp_path / "site")


def scenes_yaml(project):
    return project / "source" / "scenes.yaml"


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def page_text(path, selector):
    """The text of the first element matching an XPath-like tag name, read as browsers do."""
    document = html5lib.parse(path.read_bytes(), namespaceHTMLElements=True)
    found = document.find(f".//h:{selector}", NS)
    return "".join(found.itertext())


def site_files(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_every_output_is_what_export_writes_and_no_file_carries_the_live_script(
    site, invoke, project
):
    outcome = site.build()
    assert outcome.problems == "" and outcome.count == 0
    assert set(ALL_FILES) <= set(outcome.rebuilt)
    assert invoke("export", "--out", "exported").exit_code == 0
    for name in ALL_FILES:
        assert (site.root / name).read_bytes() == (project / "exported" / name).read_bytes(), name
    assert not [name for name, data in site_files(site.root).items() if b"<script data-" in data]
    assert not (project / "outputs").exists() and not (project / "state").exists()


def test_broken_data_keeps_the_last_good_pages_and_says_what_validate_says(site, invoke, project):
    site.build()
    good = site_files(site.root)
    edit(scenes_yaml(project), "heading: Rocky II", "heading: 1917")
    edit(scenes_yaml(project), "  - id: rocky-ii", "  - id: Rocky II")
    outcome = site.build({scenes_yaml(project)})
    validate = invoke("validate")
    assert validate.exit_code == 1
    assert outcome.problems + "\n" == validate.stderr
    assert outcome.count == 2 and outcome.rebuilt == ()
    assert site_files(site.root) == good
    assert site.live.problems == outcome.problems  # what open pages are told

    edit(scenes_yaml(project), "heading: 1917", "heading: Rocky II")
    edit(scenes_yaml(project), "  - id: Rocky II", "  - id: rocky-ii")
    fixed = site.build({scenes_yaml(project)})
    assert fixed.problems == "" and site.live.problems == ""
    assert fixed.rebuilt == ()  # the same data again: the same bytes, nothing to reload


def test_broken_settings_say_what_every_command_says(site, invoke, project):
    site.build()
    (project / "scenes.toml").write_text("[text]\nwidth = 3\n", encoding="utf-8")
    outcome = site.build({project / "scenes.toml"})
    assert outcome.problems + "\n" == invoke("validate").stderr
    (project / "scenes.toml").write_text("[text]\nwidth = 60\n", encoding="utf-8")
    fixed = site.build({project / "scenes.toml"})
    assert fixed.problems == ""
    assert "scenes.txt" in fixed.rebuilt and "scenes.html" not in fixed.rebuilt


def test_a_broken_template_is_reported_as_export_reports_it(site, invoke, project):
    (project / "scenes.toml").write_text('[html]\ntemplate = "page.html.j2"\n', encoding="utf-8")
    (project / "page.html.j2").write_text("<p>{{ collection.title }}</p>\n", encoding="utf-8")
    site.build()
    good = (site.root / "scenes.html").read_bytes()
    edit(project / "page.html.j2", "collection.title", "1 / 0")
    outcome = site.build({project / "page.html.j2"})
    invoke("export", "-f", "rss", "--out", "exported")  # records the published ids (and says so)
    export = invoke("export", "--out", "exported")
    assert export.exit_code == 1
    assert outcome.problems + "\n" == export.stderr
    assert "page.html.j2:1: template error" in outcome.problems
    assert (site.root / "scenes.html").read_bytes() == good  # the last good page stays


def test_a_change_rebuilds_what_it_affects(site, project):
    (project / "scenes.toml").write_text(
        '[html]\ntemplate = "page.html.j2"\n[newsletter]\ntemplate = "letter.txt.j2"\n',
        encoding="utf-8",
    )
    (project / "page.html.j2").write_text("<p>{{ collection.title }}</p>\n", encoding="utf-8")
    (project / "letter.txt.j2").write_text("{{ subject }}\n", encoding="utf-8")
    site.build()
    edit(project / "page.html.j2", "<p>", "<p class=x>")
    assert site.build({project / "page.html.j2"}).rebuilt == ("scenes.html",)
    edit(project / "letter.txt.j2", "{{ subject }}", "Hello: {{ subject }}")
    assert site.build({project / "letter.txt.j2"}).rebuilt == ("newsletter",)
    assert site.build({project / "README.md"}).rebuilt == ()  # not an input
    edit(scenes_yaml(project), "heading: Rocky II", "heading: Rocky Two")
    rebuilt = site.build({scenes_yaml(project)}).rebuilt
    # Not the page: its template shows the title alone.
    assert set(rebuilt) == {*ALL_FILES, "newsletter", "reality check"} - {"scenes.html"}


def test_a_template_folder_named_before_it_exists_is_picked_up(site, project):
    site.build()
    (project / "scenes.toml").write_text('[text]\ntemplate_dir = "parts"\n', encoding="utf-8")
    problem = site.build({project / "scenes.toml"}).problems
    assert "parts: cannot read the template folder" in problem
    folder = project / "parts"
    assert site.inputs.affected({folder}) == {"export"}  # its creation is watched for
    folder.mkdir()
    (folder / "_scene.txt.j2").write_text("* {{ scene.heading }}\n", encoding="utf-8")
    outcome = site.build({folder, folder / "_scene.txt.j2"})
    assert outcome.problems == "" and outcome.rebuilt == ("scenes.txt",)
    assert "* Rocky II\n" in (site.root / "scenes.txt").read_text(encoding="utf-8")
    assert folder in site.inputs.folders()


def test_the_letter_is_the_dry_run_and_the_ledger_is_left_alone(site, invoke, project):
    assert invoke("newsletter", "--date", MONDAY).exit_code == 0  # issue 1, in the ledger
    before = snapshot(project)
    site.build()
    assert snapshot(project) == before
    dry = invoke("newsletter", "--dry-run").output
    subject, _, text = dry.partition("\n\n")
    (letter,) = site.letter.letters
    assert letter.number == 2 and f"Subject: {letter.subject}" == subject
    assert letter.text == text.removesuffix("\n")
    page = site.root / "_preview" / "letter.html"
    assert page_text(page, "pre") == letter.text
    assert letter.subject in page_text(page, "dl")
    body = html5lib.parse(letter.html, namespaceHTMLElements=False).find("body")
    hidden = {"style", "script"}
    words = "".join(t for e in body.iter() if e.tag not in hidden for t in (e.text, e.tail) if t)
    visible = " ".join("".join(c for c in words if c not in "\u200b\u200c\u200d").split())
    assert letter.preheader and visible.startswith(letter.preheader.removesuffix("…"))


def test_no_ledger_is_created_by_the_preview(site, project):
    site.build()
    assert site.letter.letters[0].number == 1
    assert not (project / "state").exists()


def test_the_check_page_is_scenes_check(site, invoke):
    site.build()
    from pipeline.cli.table import fitted

    shown = page_text(site.root / "_preview" / "check.html", "pre")  # the page wraps it itself
    at_80 = [piece for line in shown.splitlines() for piece in fitted(line, 80)]
    assert "\n".join(at_80) + "\n" == invoke("check").output


def test_the_text_is_shown_at_its_width(site, project):
    (project / "scenes.toml").write_text("[text]\nwidth = 60\n", encoding="utf-8")
    site.build()
    view = site.root / "_preview" / "view" / "scenes.txt.html"
    assert page_text(view, "pre") == (site.root / "scenes.txt").read_text(encoding="utf-8")
    assert "width: 60ch" in view.read_text(encoding="utf-8")


def test_what_changed_while_nothing_watched_is_found(site, project):
    site.build()
    assert site.missed() == set()
    edit(scenes_yaml(project), "heading: Rocky II", "heading: Rocky Two")
    assert site.missed() == {scenes_yaml(project).absolute()}
    site.build(site.missed())
    assert site.missed() == set()


class MarkdownWriter:
    name = "markdown"
    extension = ".md"
    media_type = "text/markdown; charset=utf-8"

    def render(self, dataset, options):
        return f"# {dataset.collection.title} <b>\n".encode()


class ZipWriter:
    name = "bundle"
    extension = ".zip"
    media_type = "application/zip"

    def render(self, dataset, options):
        return b"PK\x05\x06" + bytes(18)


def test_formats_from_plugins_are_built_and_listed(project, tmp_path):
    from pipeline.writers import discover

    registry = discover()
    registry.add(MarkdownWriter())
    registry.add(ZipWriter())
    site = Site(tmp_path / "site", registry=registry)
    outcome = site.build()
    assert outcome.problems == "" and {"scenes.md", "scenes.zip"} <= set(outcome.rebuilt)
    index = (site.root / "_preview" / "index.html").read_text(encoding="utf-8")
    assert 'href="/_preview/view/scenes.md.html"' in index  # textual: shown
    assert 'href="/scenes.zip" download' in index  # otherwise: downloaded
    view = site.root / "_preview" / "view" / "scenes.md.html"
    assert (
        page_text(view, "pre")
        == "# 13 memorable (and sometimes ridiculous) running scenes in movies <b>\n"
    )


@pytest.mark.parametrize(
    ("body", "shown"),
    [
        (
            "<p>Issue 2</p><p>Here are   this issue's\nscenes.</p>",
            "Issue 2 Here are this issue's scenes.",
        ),
        ("<style>p {}</style><p>" + "word " * 40 + "</p>", ("word " * 28).strip() + "…"),
        ("<p>" + "abc " * 34 + "abcdefgh and more</p>", ("abc " * 34).strip() + "…"),
        (
            '<div style="display:none">A short preheader'
            + "\u200c\u00a0" * 80
            + "</div><p>Read on the web</p>",
            "A short preheader",
        ),
    ],
)
def test_the_preheader_is_what_an_inbox_shows(body, shown):
    from pipeline.preview.letter import inbox_preview

    assert inbox_preview(f"<html><head><title>t</title></head><body>{body}</body></html>") == shown
