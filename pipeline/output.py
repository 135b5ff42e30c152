"""Writing outputs: atomically for regular files, through for streams, never outside the folder.

A regular file is written to a temporary name in its own folder, flushed to disk, then renamed
over the old one, so a reader (or a crash, or Ctrl-C) sees the old bytes or the new ones, never
half of either. A destination that is not a regular file (a character device such as
/dev/null, a FIFO, a socket, or an open stream reached through /dev/stdout or /proc/self/fd) is
written through instead: replacing it would destroy it.

Temporary files are named `.<target>.scenes-<pid>-<random>.tmp`, so a later run can tell its
own leftovers (and only those) from anyone else's files, and removes them only when the process
that made them is gone.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

from pipeline import portable
from pipeline.errors import OutputError
from pipeline.faults import crash_point
from pipeline.streams import write_fd

_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_TEMP_NAME = re.compile(r"\..+\.scenes-(?P<pid>[0-9]+)-[0-9a-f]{12}\.tmp")
_STREAMS = ("/dev/", "/proc/")
"""Paths that name streams and devices, whatever they resolve to: never replaced."""


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
    left by an export that was killed (SIGKILL, power loss) are removed safely. On POSIX the
    lock is taken on the folder itself, so nothing extra appears in it (on Windows, a
    `.scenes.lock` file; see `portable`)."""
    prepare_folder(folder)
    try:
        lock = portable.folder_lock(folder)
        lock.__enter__()
    except OSError as exc:
        raise OutputError(f"{folder}: cannot lock the output folder: {exc.strerror}") from None
    try:
        remove_stale_temporaries(folder)
        yield folder
    finally:
        lock.__exit__(None, None, None)


def remove_stale_temporaries(folder: Path) -> None:
    """Remove temporary files `scenes` made in `folder` whose process is gone; nothing else."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        match = _TEMP_NAME.fullmatch(name)
        if match is not None and not _alive(int(match.group("pid"))):
            with contextlib.suppress(OSError):
                os.unlink(folder / name)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # this process holds no temporary file between writes
    return portable.process_alive(pid)


def target(folder: Path, name: str) -> Path:
    """The path of file `name` inside `folder`; a name that could point elsewhere is refused."""
    if not _SAFE_NAME.fullmatch(name) or name.startswith(".."):
        raise OutputError(f"{name!r} is not a safe output file name")
    return folder / name


def is_stream(path: Path) -> bool:
    """True when `path` must be written through rather than replaced: it exists and is not a
    regular file (a device, a FIFO, a socket), or it names a stream by a /dev or /proc path."""
    if str(path).startswith(_STREAMS) or str(path.absolute()).startswith(_STREAMS):
        return True
    try:
        return not stat.S_ISREG(os.stat(path).st_mode) and not path.is_dir()
    except OSError:
        return False


def write(path: Path, data: bytes) -> bool:
    """Write `data` to `path`: through when it is a stream, else atomically. Returns False when
    a regular file already held exactly those bytes (and was left alone)."""
    if is_stream(path):
        write_through(path, data)
        return True
    return write_atomic(path, data)


def write_atomic(path: Path, data: bytes) -> bool:
    """Write `data` to the regular file `path` atomically. Returns False when the file already
    held those bytes. Whatever happens, even Ctrl-C, no temporary file stays behind."""
    if _unchanged(path, data):
        return False
    with _staged(path, data) as place:
        crash_point("before-rename")
        place()
    crash_point(f"after-{path.name}")
    return True


@contextlib.contextmanager
def staged(path: Path, data: bytes) -> Iterator[Callable[[], bool]]:
    """`data` made ready to replace the regular file `path`: written and flushed now to a
    temporary file beside it (so a folder that cannot be written fails here, before anything
    that depends on it), put in place by calling the function yielded (True when the file
    changed, False when it held those bytes already). Leaving the block without calling it,
    by an exception or not, leaves `path` as it was and no temporary file behind."""
    if _unchanged(path, data):
        yield lambda: False
        return
    with _staged(path, data) as place:
        yield place


@contextlib.contextmanager
def _staged(path: Path, data: bytes) -> Iterator[Callable[[], bool]]:
    temp = _temporary_name(path)
    placed = False

    def place() -> bool:
        nonlocal placed
        if not placed:
            try:
                os.replace(temp, path)
            except OSError as exc:
                raise OutputError(
                    f"{path}: not written ({_reason(exc)}); the previous file is intact"
                ) from None
            placed = True
            _sync_folder(path.parent)
        return True

    try:
        fd = _create(temp, 0o666, path)  # as open() makes files: the umask decides
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:
        _discard(temp)
        raise OutputError(
            f"{path}: not written ({_reason(exc)}); the previous file is intact"
        ) from None
    except BaseException:  # Ctrl-C, SIGTERM: the old file stays, and so does nothing else
        _discard(temp)
        raise
    try:
        yield place
    finally:  # an exception in the block, or no call: nothing stays behind
        if not placed:
            _discard(temp)


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if portable.refused_rename(exc):
        return "another program has the file open: close it there (in Word, say) and try again"
    return exc.strerror or str(exc)


def _temporary_name(path: Path) -> Path:
    """A name for a temporary file beside `path`, such that only `scenes` ever removes it."""
    return path.parent / f".{path.name}.scenes-{os.getpid()}-{os.urandom(6).hex()}.tmp"


def _create(temp: Path, mode: int, path: Path, shown: Path | None = None) -> int:
    """Create `temp`. Call it inside the `try` that removes `temp` on any exception: a
    signal that arrives as the file is created is then raised where that `try` undoes it."""
    try:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | portable.BINARY
        return os.open(temp, flags, mode)
    except OSError as exc:
        where = shown or path
        raise OutputError(f"{where}: cannot write in {path.parent}: {exc.strerror}") from None


def _discard(temp: Path) -> None:
    with contextlib.suppress(OSError):
        os.unlink(temp)


def write_through(path: Path, data: bytes) -> None:
    """Write into an existing stream or device (or /dev/stdout) without replacing it."""
    try:
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | portable.NO_TTY | portable.BINARY
        fd = os.open(path, flags, 0o666)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write: {exc.strerror}") from None
    try:
        write_fd(fd, data, str(path))
    finally:
        os.close(fd)


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
    temp = _temporary_name(target)
    try:
        fd = _create(temp, 0o600, target, shown=path)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            portable.keep_owner(fh.fileno(), status)
            portable.set_mode(fh.fileno(), temp, stat.S_IMODE(status.st_mode))
            os.fsync(fh.fileno())
        os.replace(temp, target)
    except OSError as exc:
        _discard(temp)
        raise OutputError(f"{path}: not written ({_reason(exc)}); the file is intact") from None
    except BaseException:  # Ctrl-C, SIGTERM: the file stays as it was, and nothing else
        _discard(temp)
        raise
    _sync_folder(target.parent)
    return target


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
