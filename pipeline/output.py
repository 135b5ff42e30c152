"""Atomic writes into an output folder that nothing escapes.

A file is written to a temporary name in its own folder, flushed to disk, then renamed over the
old one, so a reader (or a crash) sees the old bytes or the new ones, never half of either.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from pipeline.errors import OutputError
from pipeline.faults import crash_point

_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def prepare_folder(folder: Path) -> Path:
    """Create the output folder if needed; refuse one that is a symlink or not a folder."""
    if folder.is_symlink():
        raise OutputError(f"{folder}: the output folder is a symbolic link; give its real path")
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{folder}: exists and is not a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{folder}: cannot create the output folder: {exc.strerror}") from None
    return folder


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[Path]:
    """Hold the output folder for one export: a concurrent export waits, and temporary files
    left by an export that was killed (SIGKILL, power loss) are removed safely. The lock is
    taken on the folder itself, so nothing extra appears in it."""
    prepare_folder(folder)
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError as exc:
        raise OutputError(f"{folder}: cannot open the output folder: {exc.strerror}") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        for stale in folder.glob(".*.tmp"):
            with contextlib.suppress(OSError):
                stale.unlink()
        yield folder
    finally:
        os.close(fd)  # releases the lock


def target(folder: Path, name: str) -> Path:
    """The path of file `name` inside `folder`; a name that could point elsewhere is refused."""
    if not _SAFE_NAME.fullmatch(name) or name.startswith(".."):
        raise OutputError(f"{name!r} is not a safe output file name")
    return folder / name


def write_atomic(path: Path, data: bytes) -> bool:
    """Write `data` to `path` atomically. Returns False when the file already held those bytes."""
    if _unchanged(path, data):
        return False
    folder = path.parent
    try:
        fd, temp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise OutputError(f"{path}: cannot write in {folder}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(temp, 0o644)
        crash_point("before-rename")
        os.replace(temp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        reason = "the disk is full" if exc.errno == errno.ENOSPC else exc.strerror
        raise OutputError(f"{path}: not written ({reason}); the previous file is intact") from None
    _sync_folder(folder)
    crash_point(f"after-{path.name}")
    return True


def rewrite_file(path: Path, data: bytes, *, expected: bytes) -> Path:
    """Replace the contents of an existing file (a source the user keeps, not an output)
    atomically, as an editor saving it would: through a symbolic link to its target, keeping
    the target's mode and, where allowed, its owner and group. Nothing is written if the file
    no longer holds `expected` (it changed since it was read) or has other hard links (a
    rename would leave them with the old text). Returns the path written."""
    target = Path(os.path.realpath(path))
    try:
        status = os.stat(target)
        current = target.read_bytes()
    except OSError as exc:
        raise OutputError(
            f"{path}: cannot read it again: {exc.strerror}; nothing written"
        ) from None
    if current != expected:
        raise OutputError(f"{path}: changed since it was read; nothing written (run it again)")
    if status.st_nlink > 1:
        raise OutputError(
            f"{path}: has {status.st_nlink} hard links, which an atomic write would separate; "
            "nothing written (make it a single file or a symbolic link)"
        )
    try:
        fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise OutputError(f"{path}: cannot write in {target.parent}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            _keep_owner(fh.fileno(), status)
            os.fchmod(fh.fileno(), stat.S_IMODE(status.st_mode))
            os.fsync(fh.fileno())
        os.replace(temp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        reason = "the disk is full" if exc.errno == errno.ENOSPC else exc.strerror
        raise OutputError(f"{path}: not written ({reason}); the file is intact") from None
    _sync_folder(target.parent)
    return target


def _keep_owner(fd: int, status: os.stat_result) -> None:
    """Owner and group as they were, as far as this user may set them (root: both; others:
    a group they belong to); mode is set after, as chown may clear set-id bits."""
    for uid, gid in ((status.st_uid, status.st_gid), (-1, status.st_gid)):
        try:
            os.fchown(fd, uid, gid)
            return
        except PermissionError:
            continue


def write_stdout(data: bytes) -> None:
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def _unchanged(path: Path, data: bytes) -> bool:
    try:
        if path.is_symlink() or path.stat().st_size != len(data):
            return False
        return path.read_bytes() == data
    except OSError:
        return False


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); a no-op where folders cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
