"""Smaller truths (issue 22): what a command says is what it does."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import scenes_env


def run(*args: str, cwd, env: dict[str, str] | None = None):
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args],
        cwd=cwd,
        env={**scenes_env(), **(env or {})},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_python_oo_is_refused_with_a_message_not_half_a_help(project):
    result = run("--help", cwd=project, env={"PYTHONOPTIMIZE": "2"})
    assert result.returncode == 2
    assert result.stdout == ""
    assert "not run under python -OO" in result.stderr
    assert run("validate", cwd=project, env={"PYTHONOPTIMIZE": "1"}).returncode == 0


def test_schema_with_both_flags_is_a_usage_error(invoke):
    result = invoke("schema", "--export", "--source")
    assert result.exit_code == 2
    assert "--export and --source ask for two schemas: give one" in result.stderr
    assert invoke("schema", "--source").stdout == invoke("schema").stdout
    assert invoke("schema", "--export").stdout != invoke("schema").stdout


@pytest.mark.parametrize(
    ("args", "advice"),
    [
        (
            ("--send", "history"),
            "`scenes newsletter history` takes no --send: it is for a run "
            "(`scenes newsletter --send …`, without `history`)",
        ),
        (
            ("--source", "x.yaml", "discard", "1"),
            "put --source after the subcommand: `scenes newsletter discard --source …`",
        ),
    ],
)
def test_options_before_a_subcommand_get_advice_that_works(invoke, args, advice):
    result = invoke("newsletter", *args)
    assert result.exit_code == 2
    assert advice in " ".join(result.stderr.split())


def test_a_refused_newsletter_run_creates_no_state(project, invoke):
    """Issue files the ledger does not have (the ledger was deleted): the run is refused and
    leaves no new, empty ledger (nor a state folder) behind."""
    (project / "scenes.toml").write_text(
        '[newsletter]\nsender = "Ed <ed@example.org>"\nrecipient = "list@example.org"\n',
        encoding="utf-8",
    )
    assert invoke("newsletter", "--date", "2026-11-30").exit_code == 0
    ledger = project / "state" / "newsletter.db"
    assert ledger.exists()
    for path in (project / "state").iterdir():
        path.unlink()
    (project / "state").rmdir()
    result = invoke("newsletter", "--date", "2026-11-30")
    assert result.exit_code == 1
    assert "which the ledger does not have" in result.stderr
    assert not (project / "state").exists()


def test_empty_out_and_source_are_usage_errors(invoke):
    """`--out ''` wrote every format into the current folder; `--source ''` read '.'."""
    for args in (["--out", ""], ["--source", ""], ["--out", "  "]):
        result = invoke("export", "-f", "json", *args)
        assert result.exit_code == 2, (args, result.output)
        assert "empty" in result.output


def test_template_list_takes_no_name(invoke):
    assert invoke("template", "--list", "text").exit_code == 2
    assert invoke("template", "--list").exit_code == 0


@pytest.mark.parametrize("epoch", ["99999999999999", "-1", "253402300800"])
def test_a_source_date_epoch_no_date_can_say_is_one_line(invoke, monkeypatch, epoch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    result = invoke("export", "-f", "docx", "-o", "x.docx")
    assert result.exit_code == 1
    assert "SOURCE_DATE_EPOCH=" in result.output and "Traceback" not in result.output
