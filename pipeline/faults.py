"""Fault injection for the crash-safety tests.

`SCENES_CRASH_AT=<name>` kills the process with SIGKILL when it reaches the point of that name,
exactly as a power cut or the OOM killer would at that moment. Unset, it does nothing.
"""

from __future__ import annotations

import os
import signal


def crash_point(name: str) -> None:
    if os.environ.get("SCENES_CRASH_AT") == name:
        if hasattr(signal, "SIGKILL"):
            os.kill(os.getpid(), signal.SIGKILL)
        os._exit(137)  # Windows: no SIGKILL, but an end just as abrupt
