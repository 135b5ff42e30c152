"""Rebuild on every change to the files in use (`watchfiles`: the system's own notifications,
no polling), until Ctrl-C, SIGTERM or `stop`.

The folders holding the inputs are watched, not the files: editors save by writing a new file
and renaming it over the old one. When the settings start naming other files, watching starts
again on theirs.
"""

from __future__ import annotations

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


def watch(
    site: Site, report: Callable[[Outcome], None], stop: threading.Event | None = None
) -> None:
    import watchfiles

    while True:
        folders = site.inputs.folders()
        try:
            for changes in watchfiles.watch(
                *folders,
                watch_filter=lambda _change, path: site.inputs.concerns(path),
                debounce=DEBOUNCE_MS,
                step=STEP_MS,
                stop_event=stop,
                recursive=False,
            ):
                report(site.build({Path(path) for _change, path in changes}))
                if site.inputs.folders() != folders:
                    break  # the settings name other files now
            else:
                return  # `stop` was set
        except KeyboardInterrupt:
            # watchfiles reports any signal's exception as KeyboardInterrupt: SIGTERM stays
            # SIGTERM (exit 143), as everywhere else.
            if interrupts.requested():
                interrupts.raise_again()
            raise
