"""The few things POSIX and Windows do differently, in one place: locks, whether a process is
alive, file flags, owners, and what a refused rename means.

Nothing here imports a POSIX-only module at the top: `fcntl` is imported where it exists
(Linux, macOS, the BSDs), `msvcrt` and `ctypes` only on Windows. Where neither lock exists
(tests hide `fcntl` to run the suite as on Windows), a lock file made with O_EXCL holding its
process id serves, and one whose process is gone is taken over.
"""

from __future__ import annotations

import contextlib
import errno
import os
import time
from collections.abc import Iterator
from pathlib import Path

BINARY = getattr(os, "O_BINARY", 0)
"""Windows translates line endings in files opened without it; POSIX has no such flag."""
NO_TTY = getattr(os, "O_NOCTTY", 0)
"""Opening a terminal device never makes it this process's controlling terminal (POSIX)."""
NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)
NON_BLOCK = getattr(os, "O_NONBLOCK", 0)
"""Opening a FIFO with no writer returns at once (POSIX) instead of waiting for one; Windows
has no FIFOs to wait on, nor the flag."""
WINDOWS = os.name == "nt"
LOCK_FILE = ".scenes.lock"
"""Where there is no lock on a folder itself (Windows), the lock is this file inside it."""


class Busy(Exception):
    """The lock is held by another process (and the caller asked not to wait)."""


def _fcntl() -> object | None:
    try:
        import fcntl
    except ImportError:
        return None
    return fcntl


@contextlib.contextmanager
def folder_lock(folder: Path, *, wait: float | None = None) -> Iterator[None]:
    """Hold `folder` for this process: another process asking waits (`wait` None: as long as
    it takes; else up to that many seconds, then Busy). With fcntl the lock is taken on the
    folder itself, so nothing appears in it; elsewhere on a lock file inside it."""
    fcntl = _fcntl()
    if fcntl is not None:
        fd = os.open(folder, os.O_RDONLY)
        try:
            _flock(fcntl, fd, wait)
            yield
        finally:
            os.close(fd)  # releases the lock
        return
    with file_lock(folder / LOCK_FILE, wait=wait):
        yield


def _flock(fcntl: object, fd: int, wait: float | None) -> None:
    if wait is None:
        fcntl.flock(fd, fcntl.LOCK_EX)  # type: ignore[attr-defined]
        return
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # type: ignore[attr-defined]
            return
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES) or time.monotonic() > deadline:
                raise Busy(str(exc)) from None
        time.sleep(0.05)


@contextlib.contextmanager
def file_lock(path: Path, *, wait: float | None = None) -> Iterator[None]:
    """Hold the lock file `path` (made if absent): fcntl where it exists, msvcrt on Windows,
    else the file's own existence (O_EXCL, with the holder's process id in it)."""
    fcntl = _fcntl()
    if fcntl is not None or WINDOWS:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | BINARY, 0o600)
        try:
            if fcntl is not None:
                _flock(fcntl, fd, wait)
            else:
                _msvcrt_lock(fd, wait)
            yield
        finally:
            os.close(fd)
        return
    _exclusive_create(path, wait)
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            path.unlink()


def _msvcrt_lock(fd: int, wait: float | None) -> None:  # pragma: no cover (Windows)
    import msvcrt

    deadline = None if wait is None else time.monotonic() + wait
    while True:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
            return
        except OSError:
            if deadline is not None and time.monotonic() > deadline:
                raise Busy("locked by another process") from None
        time.sleep(0.05)


def _exclusive_create(path: Path, wait: float | None) -> None:
    deadline = None if wait is None else time.monotonic() + wait
    while True:
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | BINARY, 0o600)
        except FileExistsError:
            if not _holder_alive(path):
                with contextlib.suppress(OSError):
                    path.unlink()  # its process is gone: take it over
                continue
            if deadline is not None and time.monotonic() > deadline:
                raise Busy(f"{path} is held by another process") from None
            time.sleep(0.05)
            continue
        with os.fdopen(fd, "w") as fh:
            fh.write(str(os.getpid()))
        return


def _holder_alive(path: Path) -> bool:
    try:
        text = path.read_text(encoding="ascii", errors="replace").strip()
    except OSError:
        return False
    return not text.isdigit() or process_alive(int(text))


def process_alive(pid: int) -> bool:
    """Whether a process with this id runs (someone else's counts). Never signals it: on
    Windows `os.kill(pid, 0)` would end it."""
    if pid <= 0:
        return False
    if WINDOWS:  # pragma: no cover (Windows)
        return _windows_process_alive(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True  # someone else's live process, or a number no process has: leave it
    return True


def _windows_process_alive(pid: int) -> bool:  # pragma: no cover (Windows)
    import ctypes

    synchronize, still_active = 0x00100000 | 0x1000, 259  # and PROCESS_QUERY_LIMITED_INFORMATION
    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(synchronize, False, pid)
    if not handle:
        return ctypes.get_last_error() == 5  # access denied: it exists
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == still_active
    finally:
        kernel32.CloseHandle(handle)


def keep_owner(fd: int, status: os.stat_result) -> None:
    """Owner and group as they were, as far as this user may set them (root: both; others:
    a group they belong to). Windows has no owners to keep this way."""
    if not hasattr(os, "fchown"):
        return
    for uid, gid in ((status.st_uid, status.st_gid), (-1, status.st_gid)):
        try:
            os.fchown(fd, uid, gid)
            return
        except PermissionError:
            continue


def set_mode(fd: int, path: Path, mode: int) -> None:
    """chmod through the open file where the platform can (POSIX), else by name."""
    if hasattr(os, "fchmod") and not WINDOWS:
        os.fchmod(fd, mode)
    else:  # pragma: no cover (Windows: only the read-only bit exists)
        path.chmod(mode)


def refused_rename(exc: OSError) -> bool:
    """Whether a failed rename means another program holds the file open (Windows refuses to
    replace a file Word or a viewer has open: a sharing violation, or access denied)."""
    return WINDOWS and getattr(exc, "winerror", None) in (5, 32, 33)
