"""A cache of validated datasets: a command on a source it read before skips the YAML parse.

Parsing the YAML is most of a command's work on a large dataset (0.45 s of 0.5 s at 10,000
scenes; msgspec builds the records in 0.05 s). An entry holds the dataset's canonical JSON,
and a hit is that JSON decoded by msgspec *with every constraint checked again*, as if it were
the source: an entry is data, never code, and never trusted as validated. A damaged, foreign or
forged entry is a miss (or a dataset the source would also give); it cannot run code or publish
what validation refuses. No pickle, no marshal, no bytecode anywhere.

The cache is a convenience: it never changes what a command prints or whether it works.

- Where: `$SCENES_CACHE_DIR` (`off` turns it off), else the platform's cache folder:
  `$XDG_CACHE_HOME/scenes` or `~/.cache/scenes` on Linux (a relative `XDG_CACHE_HOME` is
  ignored, as the XDG spec says; with no home folder there is no cache), and where
  platformdirs says on macOS (`~/Library/Caches/scenes`) and Windows
  (`%LOCALAPPDATA%\\scenes\\Cache`).
- Whose: on POSIX a folder (or entry) owned by another user, or writable by group or others,
  is not used, as ssh treats its keys; so is a parent folder others may write to without the
  sticky bit. `scenes --verbose` says why in one line.
- Best effort: read-only, full, missing or unreadable means no cache; a failed write leaves
  no file behind.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import stat
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator

    from pipeline.model import Dataset

MAX_SOURCE = 64 * 1024 * 1024
"""Sources larger than this are not cached (the reader's default limit)."""
KEEP = 64
"""Datasets kept; beyond this the oldest are removed."""
KEEP_BYTES = 256 * 1024 * 1024
"""And at most this much of them in all (a 100,000-scene entry is about 60 MB)."""
PACKAGE = Path(__file__).resolve().parent
MAGIC = b"scenes dataset 4\n"
SUFFIX = ".json"
_HEAD = len(MAGIC) + 32
"""Magic, then the SHA-256 of the entry's key (the source and code it was made from) and its
JSON: an entry copied or linked under another key, or damaged anywhere, is a miss."""

notes: list[str] = []
"""Why the cache was not used, for `--verbose` (one line each, at most one per reason)."""


def _note(text: str) -> None:
    if text not in notes:
        notes.append(text)


def directory() -> Path | None:
    """The cache folder, or None when caching is off or there is nowhere to put it."""
    chosen = os.environ.get("SCENES_CACHE_DIR")
    if chosen is not None:
        if chosen.strip().lower() in ("", "off", "0", "no"):
            return None
        return Path(chosen).absolute()
    return _platform_folder()


def _platform_folder() -> Path | None:
    """The platform's cache folder for scenes. On Linux and the BSDs it is the XDG Base
    Directory rule, followed here to the letter (platformdirs accepts a relative
    `XDG_CACHE_HOME`, which the spec says to ignore, and its import costs 6 ms of a 60 ms
    command); elsewhere platformdirs knows the place."""
    if sys.platform in ("win32", "darwin"):
        import platformdirs

        folder = platformdirs.user_cache_path("scenes", appauthor=False)
        return folder if folder.is_absolute() else None
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if Path(xdg).is_absolute():
        return Path(xdg) / "scenes"
    try:
        home = Path.home()  # $HOME, else the user's entry in the password database
    except RuntimeError:  # neither: no home, no cache
        return None
    if not home.is_absolute() or not home.is_dir():  # HOME=/nonexistent (daemons, cron): none
        return None
    return home / ".cache" / "scenes"


@functools.cache
def code_version() -> str:
    """The installed pipeline's code and templates, by name, size and modification time: a
    changed file is a new version (for the cache and the manifest alike)."""
    digest = hashlib.sha256()
    for relative, status in _code_files(str(PACKAGE), ""):
        digest.update(f"{relative}\0{status.st_size}\0{status.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _code_files(folder: str, prefix: str) -> Iterator[tuple[str, os.stat_result]]:
    """Each .py and .j2 file under `folder` (not in __pycache__), by its path from the package
    with "/" between parts, in a fixed order, and its status (os.scandir: a package of a
    hundred files is walked in well under a millisecond, where pathlib took several)."""
    with os.scandir(folder) as found:
        entries = sorted(found, key=lambda entry: entry.name)
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            if entry.name != "__pycache__":
                yield from _code_files(entry.path, f"{prefix}{entry.name}/")
        elif entry.name.endswith((".py", ".j2")):
            yield f"{prefix}{entry.name}", entry.stat()


def _key(raw: bytes) -> str:
    return hashlib.sha256(f"{code_version()}\0{sys.version}\0".encode() + raw).hexdigest()


def _digest(key: str, body: bytes | memoryview) -> bytes:
    digest = hashlib.sha256(key.encode() + b"\0")
    digest.update(body)
    return digest.digest()


def dataset(raw: bytes) -> Dataset | None:
    """The dataset these source bytes were validated into before, or None."""
    folder = _usable_folder(create=False)
    if folder is None or len(raw) > MAX_SOURCE:
        return None
    key = _key(raw)
    entry = _read_entry(folder / f"{key}{SUFFIX}", 4 * len(raw) + 1024 * 1024)
    if entry is None or not entry.startswith(MAGIC) or len(entry) < _HEAD:
        return None
    body = memoryview(entry)[_HEAD:]
    if _digest(key, body) != entry[len(MAGIC) : _HEAD]:
        return None  # damaged, cut short, another version's, or another source's
    return _decoded(body)


def _decoded(text: memoryview) -> Dataset | None:
    """The records in `text`, every constraint checked as for the source; None if any fails.
    (Read in place: at 100,000 scenes a copy of the entry would be 60 MB more.)"""
    import msgspec

    from pipeline import records
    from pipeline.model import Dataset

    try:
        return records.decode(Dataset, text)
    except (msgspec.ValidationError, msgspec.DecodeError, RecursionError):
        return None


def _read_entry(path: Path, limit: int) -> bytes | None:
    """The entry's bytes if it is a regular file (not a link, a FIFO, a device) of ours, of
    at most `limit` bytes; else None."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    flags |= getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode) or status.st_size > limit or _foreign(status):
            os.close(fd)
            return None
        with os.fdopen(fd, "rb") as fh:
            data = fh.read(limit + 1)
    except OSError:
        return None
    return data if len(data) <= limit else None


def store(raw: bytes, valid: Dataset) -> None:
    """Remember a dataset validated from these bytes (quietly, if the cache can be written)."""
    if len(raw) > MAX_SOURCE:
        return
    folder = _usable_folder(create=True)
    if folder is None:
        return
    from pipeline.serialize import canonical_json

    key = _key(raw)
    body = canonical_json(valid)
    _write(folder / f"{key}{SUFFIX}", (MAGIC, _digest(key, body), body))
    _trim(folder)


def _write(path: Path, parts: tuple[bytes, ...]) -> None:
    """Write an entry through a private temporary file; on any failure, no file is left."""
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(temp, flags | getattr(os, "O_NOFOLLOW", 0), 0o600)
    except OSError as exc:
        _note(f"cache not written: {path.parent}: {exc.strerror or exc}")
        return
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.writelines(parts)
        temp.replace(path)
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        _note(f"cache not written: {path.parent}: {reason}")
        with contextlib.suppress(OSError):
            temp.unlink()


def _trim(folder: Path) -> None:
    """The newest entries, at most KEEP of them and KEEP_BYTES in all; the rest go."""
    entries = []
    try:
        paths = list(folder.glob(f"*{SUFFIX}"))
    except OSError:
        return
    for path in paths:
        try:
            status = path.lstat()
        except OSError:
            continue  # removed meanwhile by another run
        entries.append((status.st_mtime_ns, status.st_size, path))
    total = 0
    for number, (_, size, path) in enumerate(sorted(entries, reverse=True)):
        total += size
        if number >= KEEP or (number and total > KEEP_BYTES):
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)


def _usable_folder(*, create: bool) -> Path | None:
    """The folder entries go in (`<cache>/datasets`), if it is ours alone; made if asked (and
    nothing is made inside a folder that is not ours)."""
    root = directory()
    if root is None:
        return None
    parent, folder = root.parent, root / "datasets"  # `root.parent` is a new Path each time
    for path, own in ((parent, False), (root, True), (folder, True)):
        if create and path is not parent:
            with contextlib.suppress(OSError):
                path.mkdir(mode=0o700, parents=True, exist_ok=True)
        reason = _untrusted(path, own=own)
        if reason == "missing" and path is parent and create:
            continue  # made with the cache folder, by this user, next
        if reason:
            if reason != "missing":
                _note(f"cache not used: {path} {reason}")
            return None
    return folder


def _untrusted(path: Path, *, own: bool) -> str:
    """Why a folder of the cache cannot be trusted ('' when it can; 'missing' when absent).
    `own`: the folder must be this user's alone; otherwise (the folder holding the cache) it
    may also be the system's, or writable by all with the sticky bit, as /tmp is."""
    try:
        status = path.lstat()
    except OSError:
        return "missing"
    if stat.S_ISLNK(status.st_mode):  # ~/.cache linked elsewhere: followed if the link is ours
        if hasattr(os, "getuid") and status.st_uid not in (os.getuid(), 0):
            return "is a symbolic link another user made"
        try:
            status = path.stat()
        except OSError:
            return "is a symbolic link to nothing"
    if not stat.S_ISDIR(status.st_mode):
        return "is not a folder"
    if not hasattr(os, "getuid"):  # Windows: the profile's folders are the user's own
        return ""
    owners = (os.getuid(),) if own else (os.getuid(), 0)
    if status.st_uid not in owners:
        return "belongs to another user"
    shared = status.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    if shared and (own or not status.st_mode & stat.S_ISVTX):
        return "may be written by other users"
    return ""


def _foreign(status: os.stat_result) -> bool:
    """An entry another user owns or may write (POSIX only)."""
    if not hasattr(os, "getuid"):
        return False
    return status.st_uid != os.getuid() or bool(status.st_mode & (stat.S_IWGRP | stat.S_IWOTH))
