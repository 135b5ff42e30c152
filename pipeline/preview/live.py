"""What open pages learn about the build: which file changed in which build, and the problems
of the latest one. The builder publishes; each server-sent-events stream waits for news.

A served HTML page carries a few lines of script (`live.js`) with the version of the file it
was served from. Whenever the state changes the page compares: a newer version of its file
reloads it; problems are drawn over it (and taken away once there are none). Versions rather
than "reload now" messages, so a page that missed an event (loading, reconnecting) still ends
up right. The script is added to responses only, never to a file on disk.
"""

from __future__ import annotations

import functools
import json
import re
import secrets
import threading
from importlib import resources

EVENTS_PATH = "/_preview/events"
"""The server-sent events stream (never a file: `_preview/` holds no such name)."""
KEEPALIVE_SECONDS = 15.0
"""A comment line this often keeps proxies and idle timeouts from closing a quiet stream."""
_BODY_END = re.compile(rb"</body\s*>", re.IGNORECASE)


class Live:
    """Shared between the builder (one thread) and every open stream (one thread each)."""

    def __init__(self) -> None:
        self.run = secrets.token_hex(8)
        """This server's run: a page from an earlier `scenes serve` on the same port reloads."""
        self._changed = threading.Condition()
        self.serial = 0
        self.versions: dict[str, int] = {}
        self.problems = ""
        self.closed = False

    def publish(self, changed: list[str], problems: str) -> bool:
        """Record a build: the files it changed (paths in the site) and its problems, exactly
        as the commands print them. Returns whether open pages have news."""
        with self._changed:
            if not changed and problems == self.problems:
                return False
            self.serial += 1
            for name in changed:
                self.versions[name] = self.serial
            self.problems = problems
            self._changed.notify_all()
            return True

    def version(self, name: str) -> int:
        with self._changed:
            return self.versions.get(name, 0)

    def state(self) -> tuple[int, str]:
        """The serial number of the latest news and the event that tells it."""
        with self._changed:
            news = {"run": self.run, "versions": self.versions, "problems": self.problems}
            data = json.dumps(news)
            return self.serial, f"event: state\ndata: {data}\n\n"

    def wait(self, seen: int, timeout: float) -> bool:
        """Wait for news after `seen`; False when the server is closing."""
        with self._changed:
            self._changed.wait_for(lambda: self.serial != seen or self.closed, timeout)
            return not self.closed

    def close(self) -> None:
        with self._changed:
            self.closed = True
            self._changed.notify_all()


def inject(page: bytes, name: str, version: int, run: str) -> bytes:
    """The page with the live script before its last </body> (or at its end)."""
    config = json.dumps({"file": name, "version": version, "run": run, "events": EVENTS_PATH})
    script = _script().replace("/*CONFIG*/{}", config.replace("</", "<\\/"))
    tag = f'<script data-scenes-preview="live">\n{script}</script>\n'.encode()
    ends = list(_BODY_END.finditer(page))
    if not ends:
        return page + tag
    at = ends[-1].start()
    return page[:at] + tag + page[at:]


@functools.cache
def _script() -> str:
    return resources.files("pipeline.preview").joinpath("live.js").read_text(encoding="utf-8")
