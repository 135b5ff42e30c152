"""Rebuild on every change to the files in use (`watchfiles`: the system's own notifications,
no polling), until Ctrl-C, SIGTERM or `stop`.

The folders holding the inputs are watched, not the files: editors save by writing a new file
and renaming it over the old one. When the settings start naming other files, watching starts
again on theirs, and what changed in between is rebuilt before the build is told. `begin` runs
once the system is watching (so a save made the moment the URL is printed is seen): it makes
the first build.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline import interrupts

if TYPE_CHECKING:
    from pipeline.preview.site import Outcome, Site

STEP_MS = 50
"""Changes are taken once nothing more has changed for this long (an editor's save is several
file system events)."""
DEBOUNCE_MS = 600
"""...or after this long at most, while something keeps changing."""
WAKE_MS = 200
"""How long the watcher waits before saying it is watching (no change came), then how often
it wakes to check `stop`."""


def watch(
    site: Site,
    report: Callable[[Outcome], None],
    stop: threading.Event | None = None,
    begin: Callable[[], None] | None = None,
) -> None:
    ready = begin  # what to do once the system is watching
    while True:
        try:
            ready = _watch(site, report, stop, ready)
        except KeyboardInterrupt:
            # watchfiles reports any signal's exception as KeyboardInterrupt: SIGTERM stays
            # SIGTERM (exit 143), as everywhere else.
            if interrupts.requested():
                interrupts.raise_again()
            raise
        if ready is None:
            return  # `stop` was set


def _watch(
    site: Site,
    report: Callable[[Outcome], None],
    stop: threading.Event | None,
    ready: Callable[[], None] | None,
) -> Callable[[], None] | None:
    """Watch the folders in use now, until they change: then return what to do once the
    next watcher is up (None: stopped)."""
    import watchfiles

    folders = site.inputs.folders()
    watched = set(folders)
    for changes in watchfiles.watch(
        *folders,
        watch_filter=lambda _change, path: site.inputs.concerns(path) or Path(path) in watched,
        debounce=DEBOUNCE_MS,
        step=STEP_MS,
        stop_event=stop,
        rust_timeout=WAKE_MS,
        yield_on_timeout=True,
        recursive=False,
    ):
        paths = {Path(path) for _change, path in changes}
        if ready is not None:  # watching now: catch up with what no one watched
            ready, now = None, ready
            now()
            paths |= site.missed()
        outcome = site.build(paths) if site.inputs.affected(paths) else None
        # A watched folder itself created, removed or replaced (`mv`), or other files named
        # by the settings: watch again, and tell this build once that is done.
        if paths & watched or site.inputs.folders() != folders:
            return functools.partial(_tell, report, outcome)
        _tell(report, outcome)
    return None


def _tell(report: Callable[[Outcome], None], outcome: Outcome | None) -> None:
    if outcome is not None:
        report(outcome)
