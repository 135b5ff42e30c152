"""A file a user names that would be read by waiting (a FIFO with no writer, a socket, a pipe)
is refused in one line, exit 1, at once: never a command that hangs until killed. Each command
runs in a process of its own, with a deadline: before the fix these hung."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SOURCE, scenes_env

import pipeline

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs (Windows)")


def scenes(*args: str, cwd: Path, env: dict[str, str] | None = None, stdin=None):
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args],
        cwd=cwd,
        env={**scenes_env(), **(env or {})},
        stdin=stdin if stdin is not None else subprocess.DEVNULL,
        capture_output=True,
        timeout=30,
    )


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "scenes.yaml").write_bytes(SOURCE.read_bytes())
    (tmp_path / "h").mkdir()
    os.mkfifo(tmp_path / "h" / "fifo")
    return tmp_path


@pytest.fixture
def unix_socket(folder):
    if not hasattr(socket, "AF_UNIX"):
        pytest.skip("no Unix sockets")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(folder / "h" / "sock"))  # (a path under 108 bytes: tmp_path is)
    yield "h/sock"
    server.close()


def refused(result, message: str) -> None:
    err = result.stderr.decode("utf-8", "replace")
    assert result.returncode == 1, err
    assert err.splitlines() == [message], err


FIFO = "h/fifo: is a named pipe (FIFO), expected "
CASES = {
    "dataset": (["validate", "h/fifo"], {}, FIFO + "a YAML file"),
    "--source": (["export", "-f", "json", "--source", "h/fifo"], {}, FIFO + "a YAML file"),
    "--config": (["--config", "h/fifo", "validate"], {}, FIFO + "a settings file"),
    "SCENES_CONFIG": (["validate"], {"SCENES_CONFIG": "h/fifo"}, FIFO + "a settings file"),
    "--template": (["export", "-f", "text", "--template", "h/fifo"], {}, FIFO + "a template"),
    "--reference-docx": (
        ["export", "-f", "docx", "--reference-docx", "h/fifo"],
        {},
        FIFO + "a reference document",
    ),
    "review": (["review", "h/fifo"], {}, FIFO + "a .docx to review"),
}


@pytest.mark.parametrize("case", CASES)
def test_a_fifo_without_a_writer_is_refused_at_once(folder, case):
    args, env, message = CASES[case]
    refused(scenes(*args, cwd=folder, env=env), message)
    assert not (folder / "outputs").exists()


def test_a_fifo_as_the_record_of_published_ids(folder):
    (folder / "scenes.toml").write_text('[feed]\npublished_ids = "h/fifo"\n', encoding="utf-8")
    result = scenes("export", "-f", "rss", cwd=folder)
    refused(result, FIFO + "the record of published ids")


def test_a_fifo_as_a_template_in_the_settings(folder):
    (folder / "scenes.toml").write_text('[html]\ntemplate = "h/fifo"\n', encoding="utf-8")
    result = scenes("export", "-f", "html", cwd=folder)
    refused(result, FIFO + "a template")


@pytest.mark.parametrize(
    ("args", "what"),
    [
        (["validate", "h/sock"], "a YAML file"),
        (["--config", "h/sock", "validate"], "a settings file"),
    ],
)
def test_a_socket_is_refused(folder, unix_socket, args, what):
    refused(scenes(*args, cwd=folder), f"h/sock: is a socket, expected {what}")


def test_a_pipe_on_standard_input_is_refused_a_file_is_read(folder):
    """`scenes validate /dev/stdin` reads a file redirected in; a pipe would be read by waiting
    on whoever writes it, so it is refused like a FIFO (save it to a file first)."""
    with (folder / "source" / "scenes.yaml").open("rb") as data:
        fine = scenes("validate", "/dev/stdin", cwd=folder, stdin=data)
    assert fine.returncode == 0, fine.stderr
    piped = subprocess.run(
        [sys.executable, "-m", "pipeline", "validate", "/dev/stdin"],
        cwd=folder,
        env=scenes_env(),
        input=SOURCE.read_bytes(),
        capture_output=True,
        timeout=30,
    )
    refused(piped, "/dev/stdin: is a named pipe (FIFO), expected a YAML file")


def test_a_fifo_as_the_manifest_is_no_manifest(folder):
    (folder / "outputs").mkdir()
    os.mkfifo(folder / "outputs" / ".scenes-manifest.json")
    result = scenes("export", "-f", "json", cwd=folder)
    assert result.returncode == 0, result.stderr
    assert (folder / "outputs" / ".scenes-manifest.json").is_file()


def test_the_library_refuses_too(folder):
    with pytest.raises(pipeline.PipelineError) as caught:
        pipeline.load(folder / "h" / "fifo")
    assert "is a named pipe (FIFO)" in str(caught.value)
    with pytest.raises(pipeline.PipelineError):
        pipeline.load_settings(folder / "h" / "fifo")
