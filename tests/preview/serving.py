"""What the preview's tests share: `scenes serve` as a process, HTTP requests, and a snapshot
of what the preview must never change (outputs/ and the newsletter's ledger)."""

from __future__ import annotations

import http.client
import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import urllib.parse
from pathlib import Path

from conftest import scenes_env

MONDAY = "2026-11-23"
"""A Monday in the past: `scenes newsletter --date MONDAY` records issue 1 for its week."""
GUARD = 60.0
"""Seconds after which a wait that should have ended is a failure (never a measurement)."""


def snapshot(project: Path) -> dict[str, object]:
    """Everything in outputs/ and state/: names, kinds, bytes and modification times."""
    found: dict[str, object] = {}
    for top in ("outputs", "state"):
        root = project / top
        found[top] = root.exists()
        for path in sorted(root.rglob("*")) if root.exists() else ():
            status = path.lstat()
            data = path.read_bytes() if path.is_file() and not path.is_symlink() else None
            found[path.relative_to(project).as_posix()] = (status.st_mode, status.st_mtime_ns, data)
    return found


class Served:
    """`scenes serve --port 0 ARGS` in `project`, temporary files in `tmp`. Standard output
    and error are read as they come; `url` is the address it printed."""

    def __init__(self, project: Path, tmp: Path, *args: str, env: dict | None = None) -> None:
        tmp.mkdir(exist_ok=True)
        self.tmp = tmp
        environment = {**scenes_env(), "TMPDIR": str(tmp), **(env or {})}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "pipeline", "serve", "--port", "0", *args],
            cwd=project,
            env=environment,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.out: queue.Queue[str | None] = queue.Queue()
        self.err: queue.Queue[str | None] = queue.Queue()
        self.stderr: list[str] = []
        for stream, lines in ((self.process.stdout, self.out), (self.process.stderr, self.err)):
            threading.Thread(target=_pump, args=(stream, lines), daemon=True).start()
        line = self.next_out()
        assert line.startswith("serving http://"), line + self.rest_of_stderr()
        self.url = line.split()[1]
        self.first_build = self.next_build()  # printed before the URL

    def next_out(self) -> str:
        line = self.out.get(timeout=GUARD)
        return "" if line is None else line

    def next_build(self) -> str:
        """The next build's progress line (the problems printed under one are skipped)."""
        while not re.match(r"[0-9]{2}:[0-9]{2}:[0-9]{2} ", line := self._next_err()):
            pass
        return line

    def _next_err(self) -> str:
        line = self.err.get(timeout=GUARD)
        assert line is not None, "scenes serve ended: " + "\n".join(self.stderr)
        self.stderr.append(line)
        return line

    def rest_of_stderr(self) -> str:
        lines = []
        while (line := self.err.get(timeout=GUARD)) is not None:
            lines.append(line)
        self.stderr += lines
        return "\n".join(lines)

    def stop(self, signum: int = signal.SIGINT) -> int:
        self.process.send_signal(signum)
        code = self.process.wait(timeout=GUARD)
        self.rest_of_stderr()
        return code

    def build_folder(self) -> Path:
        (folder,) = [p for p in self.tmp.iterdir() if p.name.startswith("scenes-serve-")]
        return folder

    def request(self, method: str, path: str, headers: dict | None = None) -> Response:
        return request(self.url, method, path, headers)

    def first_state(self) -> dict:
        """The first event of the news stream: every file's version and the problems."""
        parts = urllib.parse.urlsplit(self.url)
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=GUARD)
        connection.request("GET", "/_preview/events")
        response = connection.getresponse()
        try:
            while not (line := response.readline().decode()).startswith("data: "):
                assert line, "the stream ended"
            return json.loads(line.removeprefix("data: "))
        finally:
            connection.close()

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


class Response:
    def __init__(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.status, self.headers, self.body = status, headers, body


def request(url: str, method: str, path: str, headers: dict | None = None) -> Response:
    """One request with the path sent exactly as given (no normalisation)."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=GUARD)
    try:
        connection.request(method, path, headers=headers or {})
        response = connection.getresponse()
        body = response.read()
        return Response(response.status, {k.lower(): v for k, v in response.getheaders()}, body)
    finally:
        connection.close()


def _pump(stream, lines: queue.Queue) -> None:
    for line in stream:
        lines.put(line.rstrip("\n"))
    lines.put(None)


def temporary_folders(tmp: Path) -> list[str]:
    return sorted(p.name for p in tmp.iterdir()) if tmp.exists() else []


__all__ = ["GUARD", "MONDAY", "Served", "os", "request", "snapshot", "temporary_folders"]
