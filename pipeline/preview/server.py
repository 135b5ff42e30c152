"""The preview's HTTP server: the built files, read-only, and the stream of news.

Only regular files inside the site folder are served: a request naming anything else gets 404
(`..`, `.` or hidden names, encoded slashes or backslashes, a symbolic link anywhere on the
way, a folder: there is no listing beyond the index). GET and HEAD only (405 otherwise).
Served HTML gets the live script (`live.inject`); nothing else is changed. On a loopback
address, a request must name a loopback host: a web page elsewhere cannot read the preview by
pointing its own name at 127.0.0.1 (DNS rebinding).
"""

from __future__ import annotations

import errno
import ipaddress
import mimetypes
import os
import re
import socket
import socketserver
import stat
import sys
import urllib.parse
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.errors import PipelineError
from pipeline.preview.live import EVENTS_PATH, KEEPALIVE_SECONDS, inject
from pipeline.preview.views import PREVIEW, media_types

if TYPE_CHECKING:
    from pipeline.preview.site import Site

ALLOWED = "GET, HEAD"
INDEX = (PREVIEW, "index.html")
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
_ENCODED_SEPARATOR = re.compile(r"%(2f|5c|00)", re.IGNORECASE)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)  # not on Windows, where the lstat walk still holds
_HTML = "text/html; charset=utf-8"


def locate(root: Path, target: str) -> Path | None:
    """The regular file a request target names inside `root`, or None (404)."""
    path = target.split("?", 1)[0]
    if not path.startswith("/") or "\\" in path or _ENCODED_SEPARATOR.search(path):
        return None
    try:
        decoded = urllib.parse.unquote(path, errors="strict")
    except UnicodeDecodeError:
        return None
    parts = INDEX if decoded == "/" else tuple(decoded[1:].split("/"))
    if not all(map(_plain_name, parts)):
        return None
    return _walk(root, parts)


def _plain_name(part: str) -> bool:
    """A name that stays where it is on every system: not empty, not hidden nor `..`, no
    drive or stream colon, no control character, no trailing dot or space (Windows drops
    them)."""
    return (
        bool(part)
        and not part.startswith(".")
        and not part.endswith((".", " "))
        and ":" not in part
        and all(" " <= c != "\x7f" for c in part)
    )


def _walk(root: Path, parts: tuple[str, ...]) -> Path | None:
    here = root
    for depth, part in enumerate(parts, 1):
        here = here / part
        try:
            mode = here.lstat().st_mode
        except OSError:
            return None
        wanted = stat.S_ISREG if depth == len(parts) else stat.S_ISDIR
        if stat.S_ISLNK(mode) or not wanted(mode):
            return None
    return here


def read_regular(path: Path) -> bytes | None:
    """The file's bytes, if it is still a regular file when opened (not a link put in its
    place since it was located)."""
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | getattr(os, "O_BINARY", 0))
    except OSError:
        return None
    with os.fdopen(fd, "rb") as file:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        return file.read()


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True
    # Elsewhere SO_REUSEADDR only skips TIME_WAIT; on Windows it would let two servers share
    # one port.
    allow_reuse_address = os.name != "nt"
    site: Site

    def __init__(self, host: str, port: int) -> None:
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.hosts = (LOOPBACK_NAMES | {host}) if is_loopback(host) else None
        super().__init__((host, port), Handler)

    def server_bind(self) -> None:
        # HTTPServer's own looks the host's name up (getfqdn), which can wait on DNS.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = str(self.server_address[0]), self.server_address[1]

    def handle_error(self, request: Any, client_address: Any) -> None:
        error = sys.exc_info()[1]
        if isinstance(error, ConnectionError | TimeoutError):
            return  # the browser went away (a reload, a closed tab): nothing to say
        sys.stderr.write(f"warning: a request failed: {type(error).__name__}: {error}\n")


def bind(host: str, port: int) -> PreviewServer:
    """Listen on host:port (port 0: a free one), or say why not."""
    where = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    try:
        return PreviewServer(host, port)
    except OSError as exc:
        reasons = {
            errno.EADDRINUSE: "the port is in use (another `scenes serve`?); choose another "
            "with --port, or --port 0 for any free one",
            errno.EADDRNOTAVAIL: "not an address of this machine",
            errno.EACCES: "permission denied (ports below 1024 need privileges)",
        }
        reason = reasons.get(exc.errno or 0, exc.strerror or str(exc))
        raise PipelineError(f"{where}: cannot listen: {reason}") from None


class Handler(BaseHTTPRequestHandler):
    server: PreviewServer

    def version_string(self) -> str:
        return "scenes-serve"

    def do_GET(self) -> None:
        self._answer(body=True)

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("do_"):  # any other method, known or not
            return self._not_allowed
        raise AttributeError(name)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the terminal tells builds, not requests."""

    def _not_allowed(self) -> None:
        self._plain(HTTPStatus.METHOD_NOT_ALLOWED, "only GET and HEAD", {"Allow": ALLOWED})

    def _answer(self, *, body: bool) -> None:
        if not self._host_allowed():
            self._plain(HTTPStatus.FORBIDDEN, "unexpected Host header", body=body)
            return
        if self.path.split("?", 1)[0] == EVENTS_PATH:
            self._events(body=body)
            return
        site = self.server.site
        path = locate(site.root, self.path)
        name = path.relative_to(site.root).as_posix() if path else ""
        version = site.live.version(name)  # before reading: a newer file reloads again
        data = read_regular(path) if path else None
        if path is None or data is None:
            self._plain(HTTPStatus.NOT_FOUND, "not found", body=body)
            return
        kind = media_types(site).get(name) or _guess(path)
        if kind.startswith("text/html"):
            data = inject(data, name, version, site.live.run)
        headers = {"Content-Type": kind}
        if not (kind.startswith("text/") or kind.split(";")[0].endswith(("json", "xml"))):
            headers["Content-Disposition"] = f'attachment; filename="{path.name}"'
        self._send(HTTPStatus.OK, data, headers, body=body)

    def _events(self, *, body: bool) -> None:
        self.send_response(HTTPStatus.OK)
        for key, value in {**_COMMON, "Content-Type": "text/event-stream"}.items():
            self.send_header(key, value)
        self.end_headers()
        if not body:
            return
        live = self.server.site.live
        self.wfile.write(b"retry: 500\n\n")
        seen = -1
        while True:
            serial, event = live.state()
            self.wfile.write(event.encode() if serial != seen else b": still here\n\n")
            self.wfile.flush()
            seen = serial
            if not live.wait(seen, KEEPALIVE_SECONDS):
                return

    def _host_allowed(self) -> bool:
        hosts, host = self.server.hosts, self.headers.get("Host")
        if hosts is None or host is None:
            return True
        name = host[1 : host.find("]")] if host.startswith("[") else host.rsplit(":", 1)[0]
        name = name.lower()
        return name in hosts or name.endswith(".localhost")

    def _plain(
        self, status: HTTPStatus, text: str, extra: dict[str, str] | None = None, body: bool = True
    ) -> None:
        headers = {"Content-Type": "text/plain; charset=utf-8", **(extra or {})}
        self._send(status, f"{status.value} {text}\n".encode(), headers, body=body)

    def _send(self, status: HTTPStatus, data: bytes, headers: dict[str, str], body: bool) -> None:
        self.send_response(status)
        for key, value in {**_COMMON, **headers, "Content-Length": str(len(data))}.items():
            self.send_header(key, value)
        self.end_headers()
        if body and self.command != "HEAD":
            self.wfile.write(data)


_COMMON = {
    "Cache-Control": "no-store",  # a reload always asks again
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def _guess(path: Path) -> str:
    if path.suffix == ".html":
        return _HTML
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"{kind}; charset=utf-8" if kind.startswith("text/") else kind
