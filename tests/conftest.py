from __future__ import annotations

import asyncio
import os
import shutil
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
GOLDEN = ROOT / "tests" / "golden"
SOURCE = ROOT / "source" / "scenes.yaml"
# What `scenes export --format all` writes with the built-in writers, besides its manifest.
MANIFEST = ".scenes-manifest.json"
ALL_FILES = [
    "scenes.atom.xml",
    "scenes.docx",
    "scenes.feed.json",
    "scenes.html",
    "scenes.json",
    "scenes.rss.xml",
    "scenes.txt",
]


@pytest.fixture(scope="session", autouse=True)
def published_ids_untouched():
    """The repository's record of published ids is the real one: no test may change it (a test
    that exports a feed works in its own folder, or exports the real dataset)."""
    record = ROOT / "source" / "scenes.published-ids.json"
    before = record.read_bytes()
    yield
    assert record.read_bytes() == before, f"a test changed {record}"


@pytest.fixture(scope="session")
def dataset():
    import pipeline

    return pipeline.load(SOURCE)


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A copy of the project's data in a temporary folder, which becomes the working folder."""
    (tmp_path / "source").mkdir()
    shutil.copy(SOURCE, tmp_path / "source" / "scenes.yaml")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SCENES_CONFIG", raising=False)
    return tmp_path


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def invoke(runner, project):
    from pipeline.cli import cli

    def run(*args: str, **kwargs):
        return runner.invoke(cli, list(args), catch_exceptions=False, **kwargs)

    return run


AS_WINDOWS = os.environ.get("SCENES_AS_WINDOWS") == "1"
"""The suite runs as on Windows (tests/as_windows/sitecustomize.py): no fcntl, no fork."""


def scenes_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("SCENES_CONFIG", None)
    paths = [str(ROOT / "tests" / "as_windows")] if AS_WINDOWS else []
    env["PYTHONPATH"] = os.pathsep.join([*paths, str(ROOT)])
    return env


needs_fork = pytest.mark.skipif(
    not hasattr(os, "fork"), reason="this platform has no fork: formats render in one process"
)


@pytest.fixture(scope="session", autouse=True)
def cache_folder(tmp_path_factory):
    """The tests' own cache, never the user's (entries are keyed by content, so tests can
    share it). Subprocesses inherit it through the environment."""
    folder = tmp_path_factory.mktemp("cache")
    before = os.environ.get("SCENES_CACHE_DIR")
    os.environ["SCENES_CACHE_DIR"] = str(folder)
    yield folder
    if before is None:
        os.environ.pop("SCENES_CACHE_DIR", None)
    else:
        os.environ["SCENES_CACHE_DIR"] = before


# -- the newsletter: `scenes newsletter` in this process, and a real SMTP server -------------


@pytest.fixture
def run_newsletter(project):
    """`scenes newsletter ARGS` in this process (a tenth of the time of a process)."""
    from click.testing import CliRunner

    from pipeline.cli import cli as scenes

    def run(*args: str):
        return CliRunner().invoke(scenes, ["newsletter", *args], catch_exceptions=False)

    return run


class Inbox:
    """An aiosmtpd handler that keeps what it accepts; `replies` scripts its answers, and
    `on_data`, when set, runs as a message arrives (before it is kept and answered): it may
    drop the connection (return "drop") or delay the answer (return a number of seconds)."""

    def __init__(self) -> None:
        self.messages: list = []
        self.replies: dict[str, str] = {}
        self.on_data = None

    async def handle_RCPT(self, server, session, envelope, address, options):
        if "RCPT" in self.replies:
            return self.replies["RCPT"]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if "DATA" in self.replies:
            return self.replies["DATA"]
        then = self.on_data() if self.on_data else None
        self.messages.append(envelope)
        if then == "drop":  # the message arrived, but the client never hears so
            server.transport.close()
            return "421 closing"
        if then:
            await asyncio.sleep(then)
        return "250 OK"

    async def handle_QUIT(self, server, session, envelope):
        return self.replies.get("QUIT", "221 Bye")


def _serve(**server_options):
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    with socket.socket() as probe:  # a free port on loopback
        probe.bind(("127.0.0.1", 0))
        inbox.port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=inbox.port, **server_options)
    controller.start()
    return inbox, controller


@pytest.fixture
def smtp_server():
    """A real SMTP server on 127.0.0.1, without SMTPUTF8 (as many are)."""
    inbox, controller = _serve(enable_SMTPUTF8=False)
    yield inbox
    controller.stop()


@pytest.fixture
def smtputf8_server():
    inbox, controller = _serve(enable_SMTPUTF8=True)
    yield inbox
    controller.stop()
