"""Each user template reaches only the format it lays out; the manifest sees template parts."""

from __future__ import annotations

import pytest

from pipeline.options import template_format, writer_options
from pipeline.settings import settings_from


@pytest.mark.parametrize(
    ("name", "formats", "expected"),
    [
        ("mine.j2", ["html"], "html"),  # one templated format asked: it is that one's
        ("page.html.j2", ["text", "json"], "text"),
        ("mine.txt.j2", ["text", "html", "json"], "text"),  # both (--format all): the name
        ("page.html.j2", ["text", "html"], "html"),
        ("page.HTM", ["text", "html"], "html"),
        ("page.html.jinja", [], "html"),
        ("mine.j2", [], "text"),  # as before the page existed
    ],
)
def test_the_template_flag_goes_to_one_format(name, formats, expected):
    assert template_format(name, formats) == expected


def write(folder, name, text):
    (folder / name).write_text(text, encoding="utf-8")
    return str(folder / name)


def test_each_setting_reaches_its_own_format_only(tmp_path):
    settings = settings_from(
        {
            "text": {"template": write(tmp_path, "mine.txt.j2", "TEXT")},
            "html": {"template": write(tmp_path, "page.html.j2", "PAGE")},
        }
    )
    options = writer_options(settings)
    assert options.template_for("text").source == "TEXT"
    assert options.template_for("html").source == "PAGE"
    assert options.template_for("json") is None
    only_text = writer_options(settings, formats=["text", "json"])
    assert only_text.template_for("html") is None  # not read: not exported


def test_the_flag_replaces_the_setting_of_its_format_alone(tmp_path):
    settings = settings_from({"text": {"template": write(tmp_path, "mine.txt.j2", "TEXT")}})
    flag = write(tmp_path, "other.j2", "FLAG")
    options = writer_options(settings, flag, formats=["html"])
    assert options.template_for("html").source == "FLAG"
    assert options.template_for("text") is None  # text is not exported here
    both = writer_options(settings, flag, formats=["text", "html"])
    assert both.template_for("text").source == "FLAG"
    assert both.template_for("html") is None


def test_a_template_folder_is_the_texts_alone(tmp_path):
    folder = tmp_path / "templates"
    folder.mkdir()
    write(folder, "_scene.txt.j2", "{{ heading }}")
    options = writer_options(settings_from({"text": {"template_dir": str(folder)}}))
    assert [t.key for t in options.parts_for("text")] == ["_scene.txt.j2"]
    assert options.parts_for("html") == ()


def test_a_changed_template_part_renders_the_text_again(invoke, project):
    folder = project / "templates"
    folder.mkdir()
    write(folder, "_scene.txt.j2", "{{ heading }}\n")
    (project / "scenes.toml").write_text('[text]\ntemplate_dir = "templates"\n', encoding="utf-8")
    invoke("export", "-f", "text", "-f", "json")
    write(folder, "_scene.txt.j2", "* {{ heading }}\n")
    result = invoke("export", "-f", "text", "-f", "json")
    assert "wrote outputs/scenes.txt (text)" in result.stderr
    assert "unchanged outputs/scenes.json (json)" in result.stderr
    assert "* 1. The Mummy Returns" in (project / "outputs" / "scenes.txt").read_text()
