"""Settings: scenes.toml, validated, overridden by flags, defaults without a file."""

from __future__ import annotations

import pytest

from pipeline.errors import SettingsError
from pipeline.settings import Settings, load_settings, settings_from, with_overrides


def test_defaults_without_a_file(project):
    settings, found = load_settings()
    assert found is None
    assert settings == Settings()
    assert settings.text.width == 72


def test_file_in_the_working_folder_is_used(project):
    (project / "scenes.toml").write_text(
        'output_dir = "site"\n[text]\nwidth = 60\n', encoding="utf-8"
    )
    settings, found = load_settings()
    assert found == "scenes.toml"
    assert settings.text.width == 60
    assert settings.path(settings.output_dir).name == "site"


def test_relative_paths_start_at_the_settings_file(tmp_path):
    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "scenes.toml").write_text('source = "data/s.yaml"\n', encoding="utf-8")
    settings, _ = load_settings(tmp_path / "conf" / "scenes.toml")
    assert settings.path(settings.source) == tmp_path / "conf" / "data" / "s.yaml"


def test_flags_win_over_the_file():
    settings = settings_from({"text": {"width": 60}, "output_dir": "a"})
    changed = with_overrides(settings, text_width=50, output_dir=None)
    assert changed.text.width == 50
    assert changed.output_dir == "a"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "[text]\nwidth = 10\n",
            "scenes.toml:2:1: text.width: must be at least 40, got the number 10",
        ),
        (
            "[text]\nwidht = 60\n",
            "scenes.toml:2:1: text.widht: unknown setting 'widht' (did you mean 'width'?)",
        ),
        ("[text\n", "scenes.toml:1:6: TOML syntax error:"),
        ("output_dir = 3\n", "scenes.toml:1:1: output_dir: expected text, got the number 3"),
        (
            '[newsletter]\ntimezone = "America"\n',
            "scenes.toml:2:1: newsletter.timezone: unknown time zone 'America'",
        ),
        ("a = " + "[" * 3000 + "]" * 3000 + "\n", "scenes.toml:1:1: TOML nested too deeply"),
        ("[text]\nwidth = " + "9" * 5000 + "\n", "scenes.toml:2:1: a number too long to read"),
    ],
)
def test_bad_settings_are_located(project, text, expected):
    (project / "scenes.toml").write_text(text, encoding="utf-8")
    with pytest.raises(SettingsError) as caught:
        load_settings()
    assert caught.value.render().startswith(expected)


def test_cli_reports_bad_settings_without_traceback(invoke, project):
    (project / "scenes.toml").write_text("[text]\nwidth = 'wide'\n", encoding="utf-8")
    result = invoke("export")
    assert result.exit_code == 1
    assert result.stderr.startswith("scenes.toml:2:1: text.width:")


def test_config_option_and_env_var(invoke, project, monkeypatch):
    (project / "conf.toml").write_text("[text]\nwidth = 45\n", encoding="utf-8")
    result = invoke("--config", "conf.toml", "export", "-f", "text", "-o", "-")
    assert max(len(x) for x in result.stdout.splitlines() if " " in x.strip()) <= 45
    monkeypatch.setenv("SCENES_CONFIG", "missing.toml")
    result = invoke("validate")
    assert result.exit_code == 1
    assert result.stderr == "missing.toml: settings file not found\n"


def test_template_setting_is_used(invoke, project):
    (project / "only-ids.j2").write_text(
        "{% for s in scenes %}{{ s.id }}\n{% endfor %}", encoding="utf-8"
    )
    (project / "scenes.toml").write_text('[text]\ntemplate = "only-ids.j2"\n', encoding="utf-8")
    result = invoke("export", "-f", "text", "-o", "-")
    assert result.stdout.splitlines()[0] == "the-mummy-returns"


def test_where_the_file_is_cannot_be_set_nor_is_offered(project):
    """`base_dir` is where the settings file lives, set by the reader: writing it in the file
    is an unknown setting, and the list of known settings never offers it."""
    (project / "scenes.toml").write_text('source = "x.yaml"\nbase_dir = "/etc"\n')
    with pytest.raises(SettingsError) as caught:
        load_settings()
    assert "scenes.toml:2:1: base_dir: unknown setting 'base_dir'" in caught.value.render()
    (project / "scenes.toml").write_text("widht = 3\n")
    with pytest.raises(SettingsError) as caught:
        load_settings()
    assert "known settings: source," in caught.value.render()
    assert "base_dir" not in caught.value.render()
