"""`scenes serve` without click: listen, build into a temporary folder, serve, watch.

The port is taken first (a port in use is said before anything is built), then the outputs
are built into a new temporary folder, which is removed however the preview ends (Ctrl-C,
SIGTERM, an error). `outputs/` and the newsletter's ledger are never written.
"""

from __future__ import annotations

import contextlib
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.preview.server import PreviewServer, bind, is_loopback
from pipeline.preview.site import Site
from pipeline.preview.watch import watch

if TYPE_CHECKING:
    from pipeline.preview.site import Outcome
    from pipeline.writers import Registry

TEMPORARY_PREFIX = "scenes-serve-"


def serve(
    host: str,
    port: int,
    *,
    config: str | None = None,
    source: str | None = None,
    source_date_epoch: str | None = None,
    registry: Registry | None = None,
    ready: Callable[[str], None],
    report: Callable[[Outcome], None],
    stop: threading.Event | None = None,
) -> None:
    """Serve a live preview until interrupted (or `stop` is set). `ready` gets the URL to open
    once the first build is served (and its files watched); `report` gets every build. Until
    then, the few requests that come find nothing (404)."""
    server = bind(host, port)
    try:
        with tempfile.TemporaryDirectory(prefix=TEMPORARY_PREFIX) as folder:
            site = Site(
                Path(folder),
                config=config,
                source=source,
                source_date_epoch=source_date_epoch,
                registry=registry,
            )
            server.site = site

            def begin() -> None:
                report(site.build())
                ready(url(server))

            with _serving(server):
                watch(site, report, stop, begin)
    finally:
        server.server_close()


@contextlib.contextmanager
def _serving(server: PreviewServer) -> Iterator[None]:
    thread = threading.Thread(target=server.serve_forever, name="scenes-serve", daemon=True)
    thread.start()
    try:
        yield
    finally:
        server.site.live.close()  # open event streams end
        server.shutdown()


def url(server: PreviewServer) -> str:
    """The address to open on this machine: a loopback one when listening on all of them."""
    host, port = str(server.server_address[0]), server.server_address[1]
    if host in ("0.0.0.0", "::"):
        host = "127.0.0.1" if host == "0.0.0.0" else "::1"
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


__all__ = ["is_loopback", "serve", "url"]
