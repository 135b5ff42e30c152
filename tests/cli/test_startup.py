"""Start-up: the common commands import only what they use (a test of imports, not of time;
the benchmark in bench/ measures time)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import scenes_env

HEAVY = ("pydantic", "docx", "lxml", "feedgen", "importlib.metadata")


def imported(project, cache, *args: str) -> list[str]:
    code = (  # the command ends with os._exit (no teardown): report the modules right there
        "import os, sys\n"
        "def report(code, exit=os._exit):\n"
        "    print('IMPORTED', sorted(sys.modules), file=sys.stderr, flush=True)\n"
        "    exit(code)\n"
        "os._exit = report\n"
        "from pipeline.__main__ import main\n"
        f"sys.argv = ['scenes', *{list(args)!r}]\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    report(exc.code or 0)\n"
    )
    env = scenes_env()
    env["SCENES_CACHE_DIR"] = str(cache)
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=project
    )
    line = next(x for x in run.stderr.splitlines() if x.startswith("IMPORTED "))
    return eval(line.removeprefix("IMPORTED "))  # a list literal we printed ourselves


@pytest.mark.parametrize(
    ("args", "unused"),
    [
        (["--help"], [*HEAVY, "jinja2", "yaml", "dataclasses"]),
        (["validate"], [*HEAVY, "jinja2", "pipeline.writers", "dataclasses", "orjson"]),
        (["export", "-f", "json", "-o", "-"], [*HEAVY, "jinja2"]),
        (
            ["export", "-f", "text", "-o", "-"],
            [*HEAVY, "pipeline.writers.json", "dataclasses", "pipeline.cli.review", "secrets"],
        ),
        (["export", "-f", "docx", "-o", "out.docx"], [*HEAVY, "jinja2"]),
        (["export", "-f", "html", "-o", "-"], [*HEAVY, "pipeline.writers.text", "dataclasses"]),
        (["export", "-f", "rss", "-o", "-"], ["pydantic", "docx", "jinja2"]),
    ],
)
def test_commands_import_only_what_they_need(project, tmp_path, args, unused):
    modules = imported(project, tmp_path / "cache", *args)
    assert not [m for m in unused if m in modules]


def test_a_dataset_validated_before_is_read_without_yaml(project, tmp_path):
    cache = tmp_path / "cache"
    assert "yaml" in imported(project, cache, "validate")  # first: parsed and validated
    again = imported(project, cache, "validate")
    assert "yaml" not in again and "pipeline.validate" not in again
    (project / "source" / "scenes.yaml").write_text(
        (project / "source" / "scenes.yaml").read_text(encoding="utf-8") + "\n# changed\n",
        encoding="utf-8",
    )
    assert "yaml" in imported(project, cache, "validate")  # other bytes: parsed again


def test_a_newsletter_run_with_nothing_to_do_loads_no_template_nor_mail(project, tmp_path):
    cache = tmp_path / "cache"
    imported(project, cache, "newsletter", "--date", "2026-11-23")  # makes issue 1
    again = imported(project, cache, "newsletter", "--date", "2026-11-24")  # the same period
    unused = ["jinja2", "email", "smtplib", "ssl", "yaml", "pydantic", "docx", "lxml"]
    assert not [m for m in unused if m in again]
