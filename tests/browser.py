"""Headless Chromium driven over the DevTools protocol on a pipe (no WebSocket library needed).

Why not `chromium --headless --window-size=375,… --dump-dom`: a headless window is never
narrower than 500 px, so a "375 px" page is laid out at 500 px and cropped. Device metrics set
through the protocol give a true phone viewport (with the meta viewport honoured, as on a
phone), and one browser serves every check: screenshots, measurements, axe-core.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from conftest import ROOT

HEADLESS = [
    "--headless",
    "--no-sandbox",  # tests run as root in CI
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]
"""A quiet headless browser: no network of its own, no updates, no first-run pages."""
FLAGS = [*HEADLESS, "--remote-debugging-pipe"]
AXE = ROOT / ".ci" / "tools" / "node_modules" / "axe-core" / "axe.min.js"
"""Where `.ci/run` installs axe-core with npm; AXE_CORE names another axe.min.js."""


def chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def axe_script() -> Path | None:
    path = Path(os.environ.get("AXE_CORE", AXE))
    return path if path.is_file() else None


def _high(fd: int) -> int:
    """The same pipe end at a number of 10 or more, so placing it at 3 or 4 clobbers nothing."""
    try:
        import fcntl
    except ImportError:  # the suite run as on Windows
        raise OSError("driving Chromium through fds 3 and 4 needs POSIX (fcntl)") from None
    moved = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return moved


class Browser:
    """One headless Chromium: Chromium reads commands on fd 3, writes replies on fd 4."""

    def __init__(self, executable: str, timeout: float = 30.0) -> None:
        self.timeout = timeout
        self.profile = tempfile.TemporaryDirectory(prefix="scenes-chromium-")
        command_read, self._command_write = (_high(fd) for fd in os.pipe())
        self._reply_read, reply_write = (_high(fd) for fd in os.pipe())

        def on_fds_3_and_4() -> None:
            os.dup2(command_read, 3)
            os.dup2(reply_write, 4)

        self.process = subprocess.Popen(
            [executable, *FLAGS, f"--user-data-dir={self.profile.name}", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            close_fds=False,  # fds 3 and 4 are set in the child; ours are close-on-exec
            preexec_fn=on_fds_3_and_4,
        )
        os.close(command_read)
        os.close(reply_write)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []

    def send(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._command_write, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, method: str, session: str) -> dict:
        """The first event `method` of the session not yet consumed."""
        while True:
            for event in self.events:
                if event.get("method") == method and event.get("sessionId") == session:
                    self.events.remove(event)
                    return event
            self.events.append(self._read())

    def _read(self) -> dict:
        deadline = time.monotonic() + self.timeout
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._reply_read], [], [], left)[0]:
                raise TimeoutError("Chromium did not answer")
            chunk = os.read(self._reply_read, 1 << 20)
            if not chunk:
                raise RuntimeError("Chromium closed the pipe")
            self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b"\0")
        return json.loads(message)

    def page(self) -> Page:
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})
        return Page(self, session["sessionId"])

    def close(self) -> None:
        with contextlib.suppress(RuntimeError, TimeoutError, OSError):  # it may be gone
            self.send("Browser.close")
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._command_write)
        os.close(self._reply_read)
        self.profile.cleanup()


class Page:
    def __init__(self, browser: Browser, session: str) -> None:
        self.browser, self.session = browser, session
        for domain in ("Page", "Runtime", "Network"):
            self.send(f"{domain}.enable")

    def send(self, method: str, params: dict | None = None) -> dict:
        return self.browser.send(method, params, self.session)

    def view(self, width: int, height: int = 800, dark: bool = False) -> None:
        """A viewport of `width` CSS pixels (a phone's, below 600) in the given colour scheme."""
        self.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600},
        )
        scheme = "dark" if dark else "light"
        features = [{"name": "prefers-color-scheme", "value": scheme}]
        self.send("Emulation.setEmulatedMedia", {"features": features})

    def open(self, url: str) -> None:
        self.send("Page.navigate", {"url": url})
        self.browser.wait_for("Page.loadEventFired", self.session)

    def requested(self) -> list[str]:
        """Every URL the page asked the network for, so far."""
        return [
            e["params"]["request"]["url"]
            for e in self.browser.events
            if e.get("method") == "Network.requestWillBeSent" and e.get("sessionId") == self.session
        ]

    def evaluate(self, expression: str, wait: bool = False) -> Any:
        result = self.send(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True, "awaitPromise": wait},
        )
        if "exceptionDetails" in result:
            raise RuntimeError(f"script failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def screenshot(self) -> bytes:
        """The whole page as PNG, top to bottom, at the current width."""
        size = self.send("Page.getLayoutMetrics")["cssContentSize"]
        clip = {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1}
        shot = self.send(
            "Page.captureScreenshot",
            {"format": "png", "clip": clip, "captureBeyondViewport": True},
        )
        return base64.b64decode(shot["data"])


AXE_RUN = """
axe.run(document, {resultTypes: ['violations']}).then(result => ({
  ran: result.passes.map(rule => rule.id).concat(result.violations.map(rule => rule.id)),
  violations: result.violations.map(rule => ({
    id: rule.id, impact: rule.impact, help: rule.help,
    nodes: rule.nodes.map(node => node.target.join(' ')),
  })),
}))
"""
"""axe-core's verdict on the open page: the rules it ran, and each violation with its nodes."""


def keep(name: str, png: bytes) -> None:
    """Keep a screenshot in the folder SCENES_SCREENSHOTS names (CI's artefacts), if set."""
    folder = os.environ.get("SCENES_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        (Path(folder) / name).write_bytes(png)


def luminance(rgb: tuple[int, ...]) -> float:
    return (0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]) / 255
