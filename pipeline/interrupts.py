"""Ctrl-C (SIGINT) and SIGTERM as exceptions that unwind cleanly, once.

The command line installs these handlers (the library never does): the first signal raises
KeyboardInterrupt (SIGINT) or `Interrupted` (SIGTERM) wherever the process is, so every
atomic write removes its temporary file on the way out; later signals are ignored while it
unwinds, so a second Ctrl-C cannot turn a clean exit into a traceback. `requested()` lets code
that wraps third-party calls tell an interrupt from a failure, whatever the library made of it.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator
from types import FrameType
from typing import NoReturn

from pipeline.errors import HungUp, Interrupted

_requested: int | None = None  # the signal that asked, once one has
_finished = False


def install() -> None:
    signal.signal(signal.SIGINT, _on_signal)
    signal.signal(signal.SIGTERM, _on_signal)
    # The terminal closed: stop cleanly (a `scenes serve` removes its folder). Left alone when
    # the parent chose to ignore it (`nohup`), and where there is no SIGHUP (Windows).
    hangup = getattr(signal, "SIGHUP", None)
    if hangup is not None and signal.getsignal(hangup) == signal.SIG_DFL:
        signal.signal(hangup, _on_signal)


def requested() -> bool:
    return _requested is not None


def raise_again() -> NoReturn:
    """Raise what the signal that arrived raises (code that wraps a library calls this when
    the library turned the interrupt into an error of its own)."""
    if _requested == signal.SIGINT:
        raise KeyboardInterrupt
    raise HungUp if _requested == getattr(signal, "SIGHUP", None) else Interrupted


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait (blocked) until the block is done, then arrive as usual. For
    code an exception must not cut short (a fork, and the bookkeeping of its child)."""
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover (not POSIX)
        yield
        return
    held = {signal.SIGINT, signal.SIGTERM, *([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])}
    before = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def finished() -> None:
    """The command's work is done and its exit code decided: a signal from now on changes
    nothing (rather than interrupting the interpreter's shutdown, which would end the process
    by the signal after its work was complete)."""
    global _finished
    _finished = True
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    hangup = getattr(signal, "SIGHUP", None)
    if hangup is not None and signal.getsignal(hangup) == _on_signal:
        signal.signal(hangup, signal.SIG_IGN)


def _on_signal(signum: int, frame: FrameType | None) -> None:
    global _requested
    if _requested is not None or _finished:
        return  # already unwinding, or nothing left to interrupt
    _requested = signum
    raise_again()
