"""Ctrl-C (SIGINT) and SIGTERM as exceptions that unwind cleanly, once.

The command line installs these handlers (the library never does): the first signal raises
KeyboardInterrupt (SIGINT) or `Interrupted` (SIGTERM) wherever the process is, so every
atomic write removes its temporary file on the way out; later signals are ignored while it
unwinds, so a second Ctrl-C cannot turn a clean exit into a traceback. `requested()` lets code
that wraps third-party calls tell an interrupt from a failure, whatever the library made of it.
"""

from __future__ import annotations

import signal
from types import FrameType

from pipeline.errors import Interrupted

_requested = False


def install() -> None:
    signal.signal(signal.SIGINT, _on_signal)
    signal.signal(signal.SIGTERM, _on_signal)


def requested() -> bool:
    return _requested


def _on_signal(signum: int, frame: FrameType | None) -> None:
    global _requested
    if _requested:
        return  # already unwinding
    _requested = True
    if signum == signal.SIGINT:
        raise KeyboardInterrupt
    raise Interrupted
