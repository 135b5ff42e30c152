"""The `scenes` command through CliRunner and as a real process."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ALL_FILES, GOLDEN, MANIFEST, ROOT, scenes_env

from pipeline.cli import cli


def test_validate_accepts_the_dataset(invoke):
    result = invoke("validate")
    assert result.exit_code == 0
    assert result.output == "source/scenes.yaml: valid, 13 scenes\n"


def test_validate_reports_every_problem_and_exits_1(invoke, project):
    path = project / "source" / "scenes.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("year: 2001", "year: '2001'").replace("  - id: rocky-ii\n", "  - id: Rocky\n"),
        encoding="utf-8",
    )
    result = invoke("validate")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[-1] == "2 problems found"
    assert all(line.startswith("source/scenes.yaml:") for line in lines[:-1])
    assert "Traceback" not in result.output


def test_validate_takes_a_path(invoke, project):
    other = project / "other.yaml"
    other.write_text("- not a mapping\n", encoding="utf-8")
    result = invoke("validate", str(other))
    assert result.exit_code == 1
    assert (
        result.stderr
        == f"{other}:1:1: the top level must be a mapping, got a list\n1 problem found\n"
    )


def test_export_all_writes_every_format(invoke, project):
    result = invoke("export", "--format", "all")
    assert result.exit_code == 0, result.output
    assert (project / "outputs" / "scenes.json").read_bytes() == (
        GOLDEN / "scenes.json"
    ).read_bytes()
    assert (project / "outputs" / "scenes.txt").read_bytes() == (GOLDEN / "scenes.txt").read_bytes()
    assert "wrote outputs/scenes.json (json)" in result.stderr


def test_export_again_leaves_unchanged_files_alone(invoke, project):
    invoke("export")
    path = project / "outputs" / "scenes.json"
    os.utime(path, (0, 0))
    result = invoke("export")
    assert "unchanged outputs/scenes.json (json)" in result.stderr
    assert path.stat().st_mtime == 0


def test_export_to_stdout(invoke):
    result = invoke("export", "--format", "json", "-o", "-")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["scenes"][0]["id"] == "the-mummy-returns"


def test_export_to_a_file(invoke, project):
    result = invoke("export", "-f", "text", "-o", "newsletter.txt")
    assert result.exit_code == 0
    assert (project / "newsletter.txt").read_bytes() == (GOLDEN / "scenes.txt").read_bytes()


def test_export_to_another_folder(invoke, project):
    result = invoke("export", "-f", "json", "--out", "public/data")
    assert result.exit_code == 0
    assert sorted(p.name for p in (project / "public" / "data").iterdir()) == [
        MANIFEST,
        "scenes.json",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["export", "-f", "pdf"],
            "unknown format 'pdf'; available: atom, docx, html, json, jsonfeed, rss, text, all",
        ),
        (["export", "-f", "all", "-o", "x"], "-o/--output takes exactly one --format, not 'all'"),
        (
            ["export", "-f", "json", "-f", "text", "-o", "-"],
            "-o/--output takes exactly one --format, not 2 formats",
        ),
        (["export", "--width", "10"], "10 is not in the range 40<=x<=200"),
        (["export", "-f", "json", "--template", "t.j2"], "--template applies to the text or html"),
        (["export", "-f", "html", "--width", "50"], "--width applies to the text format"),
        (["export", "-f", "rss", "--reference-docx", "h.docx"], "--reference-docx applies to"),
        (["frobnicate"], "No such command 'frobnicate'"),
    ],
)
def test_usage_errors_exit_2(invoke, args, message):
    result = invoke(*args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_failed_export_keeps_previous_outputs(invoke, project):
    invoke("export")
    before = (project / "outputs" / "scenes.txt").read_bytes()
    (project / "broken.j2").write_text("{% for %}", encoding="utf-8")
    (project / "source" / "scenes.yaml").write_text(
        (project / "source" / "scenes.yaml")
        .read_text(encoding="utf-8")
        .replace("Rocky II\n", "Rocky Two\n"),
        encoding="utf-8",
    )
    result = invoke("export", "--template", "broken.j2")
    assert result.exit_code == 1
    assert "broken.j2:1: template error" in result.stderr
    assert (project / "outputs" / "scenes.txt").read_bytes() == before
    assert sorted(p.name for p in (project / "outputs").iterdir()) == [MANIFEST, *ALL_FILES]


def test_invalid_data_writes_nothing(invoke, project):
    invoke("export")
    before = (project / "outputs" / "scenes.json").read_bytes()
    (project / "source" / "scenes.yaml").write_text("scenes: [\n", encoding="utf-8")
    result = invoke("export")
    assert result.exit_code == 1
    assert "YAML syntax error" in result.stderr
    assert (project / "outputs" / "scenes.json").read_bytes() == before


def test_output_folder_that_is_a_file(invoke, project):
    (project / "outputs").write_text("not a folder", encoding="utf-8")
    result = invoke("export")
    assert result.exit_code == 1
    assert result.stderr == "outputs: exists and is not a folder\n"


def test_output_folder_that_is_a_symlink(invoke, project):
    (project / "real").mkdir()
    (project / "outputs").symlink_to(project / "real")
    result = invoke("export")
    assert result.exit_code == 1
    assert "is a symbolic link" in result.stderr
    assert list((project / "real").iterdir()) == []


def read_only(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`folder` made read-only, for root too: root ignores the mode, so creating, renaming or
    removing anything in it fails as the kernel would fail it for anyone else (EACCES)."""
    import errno

    folder.chmod(0o555)
    if os.name != "posix" or os.geteuid() != 0:
        return
    inside = folder.resolve()

    def refused(path) -> bool:
        return Path(os.fspath(path)).absolute().parent.resolve() == inside

    def guard(real, *checked: int):
        def call(*args, **kwargs):
            if any(refused(args[i]) for i in checked if i < len(args)):
                raise PermissionError(errno.EACCES, "Permission denied", os.fspath(args[0]))
            return real(*args, **kwargs)

        return call

    real_open = os.open

    def open_(path, flags, *args, **kwargs):
        if flags & (os.O_CREAT | os.O_WRONLY | os.O_RDWR) and refused(path):
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", open_)
    for name, checked in (
        ("replace", (0, 1)),
        ("rename", (0, 1)),
        ("unlink", (0,)),
        ("mkdir", (0,)),
    ):
        monkeypatch.setattr(os, name, guard(getattr(os, name), *checked))


def test_read_only_output_folder(invoke, project):
    """Runs as root too (CI does): the folder's refusal is then simulated, as EACCES."""
    invoke("export")
    before = {p.name: p.read_bytes() for p in (project / "outputs").iterdir()}
    patch = pytest.MonkeyPatch()
    read_only(project / "outputs", patch)
    try:
        (project / "source" / "scenes.yaml").write_text(
            (project / "source" / "scenes.yaml")
            .read_text(encoding="utf-8")
            .replace("Rocky II\n", "Rocky Two\n"),
            encoding="utf-8",
        )
        result = invoke("export")
        assert result.exit_code == 1
        # where locks are files (Windows), taking the lock is the first write refused
        said = ("cannot write in outputs", "outputs: cannot lock the output folder")
        assert any(words in result.stderr for words in said), result.stderr
        assert "Traceback" not in result.stderr
    finally:
        patch.undo()
        (project / "outputs").chmod(0o755)
    assert {p.name: p.read_bytes() for p in (project / "outputs").iterdir()} == before


def test_full_disk_keeps_the_old_file_and_no_temp_files(invoke, project, monkeypatch):
    import errno

    from pipeline import output

    invoke("export")
    before = (project / "outputs" / "scenes.json").read_bytes()
    (project / "source" / "scenes.yaml").write_text(
        (project / "source" / "scenes.yaml")
        .read_text(encoding="utf-8")
        .replace("Rocky II\n", "Rocky Two\n"),
        encoding="utf-8",
    )

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(output.os, "fsync", full)
    result = invoke("export", "-f", "json")
    assert result.exit_code == 1
    assert (
        result.stderr
        == "outputs/scenes.json: not written (the disk is full); the previous file is intact\n"
        "(written: nothing)\n"
    )
    assert (project / "outputs" / "scenes.json").read_bytes() == before
    assert sorted(p.name for p in (project / "outputs").iterdir()) == [MANIFEST, *ALL_FILES]


def test_formats_lists_writers(invoke):
    result = invoke("formats")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].split() == ["FORMAT", "FILE", "PROVIDER", "MEDIA", "TYPE"]
    assert ["json", "scenes.json", "scenes", "application/json"] in [line.split() for line in lines]
    assert any(line.split()[:2] == ["text", "scenes.txt"] for line in lines)


def test_template_prints_the_builtin_template(invoke):
    result = invoke("template", "text")
    assert result.exit_code == 0
    assert "collection.title" in result.output


def test_every_command_has_an_example_in_its_help(runner):
    import click

    def paths(group, prefix):
        yield prefix
        context = click.Context(group)
        for name in group.list_commands(context):  # as --help lists them (some load on use)
            command = group.get_command(context, name)
            if isinstance(command, click.Group):
                yield from paths(command, [*prefix, name])
            else:
                yield [*prefix, name]

    commands = list(paths(cli, []))
    assert ["newsletter", "history"] in commands
    for command in commands:
        result = runner.invoke(cli, [*command, "--help"])
        assert result.exit_code == 0
        assert "Example:" in result.output, command


def test_newsletter_template_is_printable(invoke):
    result = invoke("template", "newsletter")
    assert result.exit_code == 0
    assert "Unsubscribe" in result.output


def test_installed_command_runs_as_a_real_process(project):
    script = Path(sys.executable).with_name("scenes")
    if not script.exists():
        pytest.skip(f"the scenes command is not installed next to {sys.executable}")
    env = scenes_env()
    env.pop("PYTHONPATH")
    run = subprocess.run(
        [str(script), "export", "--format", "all"],
        capture_output=True,
        text=True,
        cwd=project,
        env=env,
    )
    assert run.returncode == 0, run.stderr
    assert (project / "outputs" / "scenes.json").read_bytes() == (
        GOLDEN / "scenes.json"
    ).read_bytes()
    bad = subprocess.run(
        [str(script), "validate", "nope.yaml"], capture_output=True, text=True, cwd=project, env=env
    )
    assert bad.returncode == 1
    assert bad.stderr == "nope.yaml: no such file\n"


def test_python_dash_m_runs_the_cli(project):
    run = subprocess.run(
        [sys.executable, "-m", "pipeline", "validate"],
        capture_output=True,
        text=True,
        cwd=project,
        env=scenes_env(),
    )
    assert run.returncode == 0
    assert run.stdout == "source/scenes.yaml: valid, 13 scenes\n"


def test_a_closed_pipe_is_not_a_traceback(project):
    run = subprocess.run(
        f"'{sys.executable}' -m pipeline export -f text -o - | head -n 1",
        shell=True,
        capture_output=True,
        text=True,
        cwd=project,
        env=scenes_env(),
    )
    assert run.stdout.startswith("13 memorable")
    assert "Traceback" not in run.stderr


def test_no_op_export_renders_nothing(invoke, project, monkeypatch):
    invoke("export")
    from pipeline import api

    def must_not_render(*args, **kwargs):
        raise AssertionError("rendered although nothing changed")

    monkeypatch.setattr(api, "_render", must_not_render)
    result = invoke("export")
    assert result.exit_code == 0
    assert result.stderr.count("unchanged") == len(ALL_FILES)


def test_changed_inputs_render_again(invoke, project):
    invoke("export")
    path = project / "outputs" / "scenes.txt"
    path.write_text("tampered", encoding="utf-8")  # an output edited by hand is replaced
    (project / "scenes.toml").write_text("[text]\nwidth = 60\n", encoding="utf-8")
    result = invoke("export")
    assert "wrote outputs/scenes.txt (text)" in result.stderr
    assert "unchanged outputs/scenes.json (json)" in result.stderr
    assert (
        max(len(line) for line in path.read_text(encoding="utf-8").splitlines() if " " in line)
        <= 60
    )


def test_template_prints_any_built_in_part(invoke):
    listed = invoke("template", "--list")
    assert "_scene.txt.j2" in listed.output and "scenes.txt.j2" in listed.output
    part = invoke("template", "_scene.txt.j2")
    assert part.exit_code == 0 and '"Reality check: "' in part.output
    wrong = invoke("template", "../../etc/passwd")
    assert wrong.exit_code == 2


def test_check_lists_every_claim_with_its_rule_verdict_and_why(invoke):
    result = invoke("check")
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())  # as read, across the lines it is wrapped on
    assert (
        "physically absurd (running speed): about 37 times Usain Bolt’s top speed "
        "(44.72 km/h, Berlin 2009), and faster than sound" in out
    )
    assert "within reach of amateurs (distance of one run): about 1.2 times a marathon" in out
    assert "no verdict (time without a distance): a deadline is not a race time" in out
    assert out.rstrip().endswith(
        "6 claims: 1 physically absurd, 1 beyond any human, 1 within reach of amateurs, "
        "3 without a verdict"
    )


def test_check_markdown_is_the_docs_table(invoke):
    """The docs' table of the thirteen scenes' claims is exactly what the rules say now."""
    result = invoke("check", "--markdown")
    assert result.exit_code == 0, result.output
    readme = (ROOT / "docs" / "dataset.md").read_text(encoding="utf-8")
    assert result.output in readme
    assert result.output.count("\n") == 2 + 14  # header, rule, 13 scenes (Lola has two claims)


def with_stdout(project, stdout, *args: str, close: bool = False) -> subprocess.CompletedProcess:
    """`scenes ARGS` with this standard output (`>&-` when `close`)."""
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        cwd=project,
        env=scenes_env(),
        preexec_fn=(lambda: os.close(1)) if close else None,
    )


def with_stdout_closed(project, *args: str) -> subprocess.CompletedProcess[str]:
    return with_stdout(project, None, *args, close=True)


@pytest.mark.parametrize("output", ["-", "/dev/stdout"])
def test_standard_output_closed_is_one_line_not_a_traceback(project, output):
    run = with_stdout_closed(project, "export", "-f", "text", "-o", output)
    assert run.returncode == 1
    assert run.stderr == "standard output: closed, so the output cannot be written\n"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
@pytest.mark.parametrize(
    "args", [("validate",), ("check",), ("export", "-f", "text", "-o", "-"), ("formats",)]
)
def test_standard_output_on_a_full_disk_is_one_line_not_a_traceback(project, args):
    with Path("/dev/full").open("w") as full:
        run = with_stdout(project, full, *args)
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr
    assert len(run.stderr.splitlines()) == 1 and "standard output" in run.stderr, run.stderr


@pytest.mark.parametrize(
    ("args", "what"),
    [
        (("-o", "source/scenes.yaml"), "the dataset"),
        (("-o", "./source/../source/scenes.yaml"), "the dataset"),
        (("--source", "copy.yaml", "-o", "copy.yaml"), "the dataset"),
        (("--template", "mine.j2", "-o", "mine.j2"), "the --template file"),
        (("-o", "source/scenes.published-ids.json"), "the record of published ids"),
        (("--source", "copy.yaml", "-o", "copy.published-ids.json"), "the record of published ids"),
        (
            ("--source", "copy.yaml", "-o", "./x/../copy.published-ids.json"),
            "the record of published ids",
        ),
    ],
)
def test_output_never_replaces_an_input(project, invoke, args, what):
    assert invoke("export", "-f", "rss", "--out", "feeds").exit_code == 0  # the record exists
    shutil.copy(project / "source" / "scenes.yaml", project / "copy.yaml")  # its record does not
    (project / "mine.j2").write_text("{{ collection.title }}\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    result = invoke("export", "-f", "text", *args)
    assert result.exit_code == 2
    assert f"is {what}: an export never replaces its input" in result.stderr
    assert {p: p.read_bytes() for p in project.rglob("*") if p.is_file()} == before


def test_an_empty_output_name_is_a_usage_error(invoke):
    result = invoke("export", "-f", "text", "-o", "")
    assert result.exit_code == 2
    assert "empty: give a file name" in result.output and "folder" not in result.output


@pytest.mark.parametrize(
    "args", [("validate",), ("check",), ("formats",), ("schema",), ("template", "text")]
)
def test_a_command_that_prints_to_a_closed_standard_output_fails(project, args):
    run = with_stdout_closed(project, *args)
    assert run.returncode == 1
    assert run.stderr == "standard output: closed, so the output cannot be written\n"


def test_writing_files_needs_no_standard_output(project):
    run = with_stdout_closed(project, "export", "-f", "json")
    assert run.returncode == 0, run.stderr
    assert (project / "outputs" / "scenes.json").exists()
