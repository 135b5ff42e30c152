"""What the command line prints, as a person reads it: listings with a header row that fit 80
columns, counts with the right plural, format names forgiven their case and guessed when
mistyped, usage errors with the usage of the command given, and a missing dataset explained."""

from __future__ import annotations

import pytest

from pipeline.cli.table import fitted, table, wrap


def fits(text: str) -> bool:
    return max(map(len, text.splitlines())) <= 80


def test_formats_has_a_header_and_fits_80_columns(invoke):
    lines = invoke("formats").output.splitlines()
    assert lines[0].split() == ["FORMAT", "FILE", "PROVIDER", "MEDIA", "TYPE"]
    assert fits("\n".join(lines))
    media = lines[0].index("MEDIA TYPE")
    docx = lines.index(next(line for line in lines if line.startswith("docx ")))
    # the long media type continues beneath its column, cut after its punctuation
    assert lines[docx][media:] + lines[docx + 1][media:] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert lines[docx + 1][:media].strip() == ""


def test_template_list_keeps_its_columns_apart(invoke):
    lines = invoke("template", "--list").output.splitlines()
    assert lines[0].split() == ["LAYOUT", "FILE"]
    assert ["newsletter-html", "newsletter.html.j2"] in [line.split() for line in lines]
    file = lines[0].index("FILE")
    assert all(line[file - 2 : file] == "  " for line in lines)
    assert "_scene.txt.j2" in [line[file:] for line in lines]


def test_check_wraps_its_report_at_80_columns(invoke):
    report = invoke("check").output
    assert fits(report)
    assert "   physically absurd (running speed): about 37 times Usain Bolt’s top speed\n" in report
    markdown = invoke("check", "--markdown").output  # table rows stay whole
    assert not fits(markdown) and all(line.startswith("|") for line in markdown.splitlines())


def test_history_has_a_header_and_the_same_columns_in_every_state(invoke):
    assert invoke("newsletter", "history").output == "no issues yet\n"
    invoke("newsletter", "--date", "2026-11-02")
    invoke("newsletter", "--date", "2026-11-23", "--catch-up")
    lines = invoke("newsletter", "history").output.splitlines()
    assert lines[0].split() == ["ISSUE", "PERIOD", "STATE", "SENT", "(UTC)", "SCENES"]
    assert fits("\n".join(lines))
    rows = [line for line in lines if line[:5].strip().isdigit()]
    assert [row.split()[:4] for row in rows] == [
        [str(n), f"weekly:2026-11-{day}", "created", "-"]
        for n, day in enumerate(("02", "09", "16", "23"), 1)
    ]
    scenes = lines[0].index("SCENES")
    assert all(line[scenes - 2 : scenes] == "  " for line in lines)


@pytest.mark.parametrize(
    ("given", "hint"),
    [
        ("txt", "(did you mean 'text'?)"),
        ("jsn", "(did you mean 'json'?)"),
        ("xml", "(did you mean 'atom' or 'rss'?)"),
        ("al", "(did you mean 'all'?)"),
        ("markdown", "; available: atom, docx, html, json, jsonfeed, rss, text, all"),
    ],
)
def test_a_mistyped_format_gets_a_suggestion(invoke, given, hint):
    result = invoke("export", "-f", given)
    assert result.exit_code == 2
    assert f"unknown format {given!r}{' ' if hint[0] == '(' else ''}{hint}" in result.stderr


def test_format_names_in_any_case(invoke, project):
    assert invoke("export", "-f", "JSON", "-o", "-").output.startswith('{\n  "schema_version"')
    result = invoke("export", "-f", "Text", "-f", "ALL")
    assert result.exit_code == 0
    assert result.stderr.count("wrote ") == 7  # text once, then the others
    assert invoke("export", "-f", "All", "-o", "x").exit_code == 2


def test_a_usage_error_shows_the_usage_of_the_command_given(invoke):
    result = invoke("newsletter", "--to", "me@example.org")
    assert result.exit_code == 2
    assert result.stderr.startswith("Usage: cli newsletter [OPTIONS] [COMMAND] [ARGS]...\n")
    assert "Error: --to names where --send sends a test copy: add --send" in result.stderr


def test_a_missing_dataset_says_where_it_looked_and_how_to_name_one(invoke, project):
    (project / "source" / "scenes.yaml").unlink()
    result = invoke("validate")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "source/scenes.yaml: no such file",
        f"  (the default dataset: there is no scenes.toml in {project})",
        "hint: run scenes in the project's folder, or name the dataset:",
        "  scenes validate FILE",
        "  or the settings file: scenes --config FILE validate, or SCENES_CONFIG=FILE",
    ]
    exported = invoke("export")
    assert exported.exit_code == 1 and "  scenes export --source FILE\n" in exported.stderr
    (project / "scenes.toml").write_text('source = "data/scenes.yaml"\n', encoding="utf-8")
    settled = invoke("newsletter")
    assert settled.stderr.splitlines()[:2] == [
        "data/scenes.yaml: no such file",
        "  (the `source` setting of scenes.toml)",
    ]
    named = invoke("validate", "elsewhere.yaml")  # named, not defaulted: no hint
    assert named.stderr == "elsewhere.yaml: no such file\n"


def test_counts_say_one_problem_and_two_problems(dataset):
    import json

    import pipeline
    from pipeline.errors import ValidationError

    data = json.loads(pipeline.render(dataset, "json"))
    data["scenes"][0]["heading"] = 5
    with pytest.raises(ValidationError, match=r"^1 problem in <data>$"):
        pipeline.dataset_from(data)
    data["scenes"][1]["heading"] = 6
    with pytest.raises(ValidationError, match=r"^2 problems in <data>$"):
        pipeline.dataset_from(data)


def test_wrap_breaks_at_spaces_then_after_punctuation():
    assert wrap("rocky-ii, the-day-after-tomorrow", 24) == ["rocky-ii,", "the-day-after-tomorrow"]
    assert wrap("application/vnd.openxmlformats-officedocument.document", 35) == [
        "application/vnd.openxmlformats-",
        "officedocument.document",
    ]
    assert wrap("20\u00a0°C is warm", 4) == ["20\u00a0°C", "is", "warm"]
    assert wrap("", 10) == [""]


def test_table_and_fitted_lines():
    assert table(("A", "LONG HEADER", "LAST"), [("x", "y", "z")], width=80) == [
        "A  LONG HEADER  LAST",
        "x  y            z",
    ]
    assert fitted("   one two three", width=12) == ["   one two", "     three"]
