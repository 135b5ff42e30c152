"""A WebSub hub for tests: a small HTTP server on 127.0.0.1 that keeps every publish request
and answers as it is told (204 by default, as public hubs do)."""

from __future__ import annotations

import http.server
import socket
import threading
import time
import urllib.parse
from dataclasses import dataclass, field


@dataclass
class Request:
    path: str
    content_type: str
    form: dict[str, list[str]]


@dataclass
class Hub:
    port: int
    requests: list[Request] = field(default_factory=list)
    status: int = 204
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    """Seconds to wait before answering (a hub slower than the timeout)."""

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hub"

    def topics(self) -> list[str]:
        return [r.form["hub.url"][0] for r in self.requests]


def serve(port: int = 0) -> tuple[Hub, http.server.ThreadingHTTPServer]:
    """A hub listening on `port` (any free one by default), answering from a thread."""
    hub = Hub(port=port)

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            form = urllib.parse.parse_qs(self.rfile.read(length).decode("ascii"))
            hub.requests.append(Request(self.path, self.headers["Content-Type"], form))
            if hub.delay:
                time.sleep(hub.delay)
            self.send_response(hub.status)
            for name, value in hub.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(hub.body)))
            self.end_headers()
            self.wfile.write(hub.body)

        def log_message(self, *args: object) -> None:
            pass  # quiet

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    hub.port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return hub, server


def closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
