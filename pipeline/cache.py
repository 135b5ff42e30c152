"""A cache of validated datasets and compiled templates, so a command starts as fast as a
native tool on the data it read before.

Validating the article takes PyYAML's import and a parse; both are start-up the user pays on
every `scenes validate` in a save hook and every export in a build. A source whose bytes (and
the code reading them, and the Python running it) were validated before is taken from the
cache. An entry holds the validated records, pickled, beside the dataset's canonical JSON
(`serialize.canonical_json`), which the manifest's fingerprint and the DOCX's base data would
otherwise compute again. At 100,000 scenes a hit takes 0.8 s where parsing and validating take
12 s, and building the records again from their JSON took 3.2 s.

Pickle, because nothing else rebuilds a hundred thousand records as fast (its C unpickler
sets each record's slots in one call). It is read as untrusted all the same: the entry carries
the SHA-256 of its content, so a damaged entry is a miss, and the unpickler makes nothing but
this package's records and the `datetime` values they hold (the standard library's own
"restricting globals" recipe), so an altered entry cannot run code.

The cache keeps the newest entries up to `KEEP` of them and `KEEP_BYTES` in all.

Where: `$SCENES_CACHE_DIR`, else `$XDG_CACHE_HOME/scenes`, else `~/.cache/scenes`.
`SCENES_CACHE_DIR=off` turns it off. A cache that cannot be written is not used; nothing
fails for want of it.
"""

from __future__ import annotations

import functools
import hashlib
import io
import os
import stat
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

try:  # the C unpickler without `pickle`'s own import (3 ms, a fifth of a small export's work)
    from _pickle import Unpickler, UnpicklingError, dumps
except ImportError:  # pragma: no cover (an interpreter without the accelerator)
    from pickle import Unpickler, UnpicklingError, dumps

if TYPE_CHECKING:
    from pipeline.model import Dataset

MAX_SOURCE = 64 * 1024 * 1024
"""Sources larger than this are not cached (the reader's default limit)."""
KEEP = 64
"""Datasets kept; beyond this the oldest are removed."""
KEEP_BYTES = 256 * 1024 * 1024
"""And at most this much of them in all (a 100,000-scene entry is about 100 MB)."""
PACKAGE = Path(__file__).resolve().parent


def directory() -> Path | None:
    """The cache folder, or None when caching is off."""
    chosen = os.environ.get("SCENES_CACHE_DIR")
    if chosen is not None:
        return None if chosen.strip().lower() in ("", "off", "0", "no") else Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME")
    return (Path(base) if base else Path("~/.cache").expanduser()) / "scenes"


@functools.cache
def code_version() -> str:
    """The installed pipeline's code and templates, by name, size and modification time: a
    changed file is a new version (for the cache and the manifest alike)."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix in (".py", ".j2") and "__pycache__" not in path.parts:
            stat = path.stat()
            relative = path.relative_to(PACKAGE).as_posix()
            digest.update(f"{relative}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _entry(raw: bytes) -> Path | None:
    folder = directory()
    if folder is None or len(raw) > MAX_SOURCE:
        return None
    key = hashlib.sha256(f"{code_version()}\0{sys.version}\0".encode() + raw).hexdigest()
    return folder / "datasets" / f"{key}{SUFFIX}"


MAGIC = b"scenes dataset 3\n"
SUFFIX = ".cache"
_HEAD = len(MAGIC) + 8 + 32 + 32
"""Magic, the pickle's length, the SHA-256 of the JSON alone, and the entry's own digest: the
SHA-256 of its key (the source and code it was made from), the header before it, the pickle
and the JSON. An entry copied or linked under another key, or damaged anywhere, is a miss."""


def _digest(key: str, head: bytes, body: bytes | memoryview, text: bytes | memoryview) -> bytes:
    digest = hashlib.sha256(key.encode() + b"\0" + head)
    digest.update(body)
    digest.update(text)
    return digest.digest()


def dataset(raw: bytes) -> Dataset | None:
    """The dataset these source bytes were validated into before, or None. A hit also hands
    its canonical JSON to `serialize`, so it is not made again."""
    path = _entry(raw)
    if path is None:
        return None
    entry = _read_entry(path, 4 * len(raw) + 1024 * 1024)  # an entry is about twice the source
    if entry is None or not entry.startswith(MAGIC) or len(entry) < _HEAD:
        return None
    head, rest = entry[: _HEAD - 32], memoryview(entry)[_HEAD:]
    size = int.from_bytes(head[len(MAGIC) : len(MAGIC) + 8], "big")
    if (
        size > len(rest)
        or _digest(path.stem, head, rest[:size], rest[size:]) != entry[_HEAD - 32 : _HEAD]
    ):
        return None  # damaged, cut short, another version's, or another source's
    try:
        valid = _Records(io.BytesIO(rest[:size])).load()
        text = bytes(rest[size:])
        text.decode("utf-8")  # the JSON is text
    except Exception:  # whatever a damaged or forged pickle raises: a miss
        return None
    from pipeline import serialize
    from pipeline.model import Dataset

    if type(valid) is not Dataset:
        return None
    serialize.remember(valid, text, head[-32:].hex())
    return valid


def _read_entry(path: Path, limit: int) -> bytes | None:
    """The entry's bytes if it is a regular file (not a link, a FIFO, a device) of at most
    `limit` bytes; else None."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode) or status.st_size > limit:
            os.close(fd)
            return None
        with os.fdopen(fd, "rb") as fh:
            data = fh.read(limit + 1)
    except OSError:
        return None
    return data if len(data) <= limit else None


class _Records(Unpickler):
    """Makes this package's records and the times they hold; any other class is refused."""

    def find_class(self, module: str, name: str) -> Any:
        if module == "datetime" and name in ("datetime", "date", "timedelta", "timezone"):
            return super().find_class(module, name)
        if module == "pipeline.model":
            from pipeline import model

            found = getattr(model, name, None)
            if isinstance(found, type) and hasattr(found, "__struct_fields__"):
                return found
        raise UnpicklingError(f"{module}.{name} is not a record")


def store(raw: bytes, valid: Dataset) -> None:
    """Remember a dataset validated from these bytes (quietly, if the cache can be written)."""
    path = _entry(raw)
    if path is None:
        return
    from pipeline.serialize import canonical_json

    body = dumps(valid, protocol=5)
    text = canonical_json(valid)
    head = MAGIC + len(body).to_bytes(8, "big") + hashlib.sha256(text).digest()
    head += _digest(path.stem, head, body, text)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with temp.open("wb") as fh:
            fh.writelines((head, body, text))
        temp.replace(path)
        _trim(path.parent)
    except OSError:
        return


def _trim(folder: Path) -> None:
    """The newest entries, at most KEEP of them and KEEP_BYTES in all; the rest go."""
    entries = []
    for path in folder.glob(f"*{SUFFIX}"):
        try:
            status = path.stat()
        except OSError:
            continue  # removed meanwhile by another run
        entries.append((status.st_mtime_ns, status.st_size, path))
    total = 0
    for number, (_, size, path) in enumerate(sorted(entries, reverse=True)):
        total += size
        if number >= KEEP or (number and total > KEEP_BYTES):
            path.unlink(missing_ok=True)


def templates(markup: bool = False) -> Path | None:
    """Where Jinja keeps compiled templates (by name and source checksum), or None. Escaping
    is compiled in, and one file may be used as text and as markup: each has its own folder."""
    folder = directory()
    if folder is None:
        return None
    compiled = folder / "jinja" / ("markup" if markup else "plain")
    try:
        compiled.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return compiled
