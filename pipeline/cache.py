"""A cache of validated datasets and compiled templates, so a command starts as fast as a
native tool on the data it read before.

Validating the article takes PyYAML's import and a parse; both are start-up the user pays on
every `scenes validate` in a save hook and every export in a build. A source whose bytes (and
the code reading them) were validated before is taken from the cache: its canonical JSON,
built into records by the fast path (which checks it again, so a damaged or altered cache
entry is simply a miss). At 10,000 scenes that takes 0.4 s where parsing and validating take
1.3 s; the first run pays about 0.3 s to store it. The cache keeps the newest entries up to
`KEEP` of them and `KEEP_BYTES` in all.

Where: `$SCENES_CACHE_DIR`, else `$XDG_CACHE_HOME/scenes`, else `~/.cache/scenes`.
`SCENES_CACHE_DIR=off` turns it off. A cache that cannot be written is not used; nothing
fails for want of it.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipeline.model import Dataset

MAX_SOURCE = 64 * 1024 * 1024
"""Sources larger than this are not cached (the reader's default limit)."""
KEEP = 64
"""Datasets kept; beyond this the oldest are removed."""
KEEP_BYTES = 256 * 1024 * 1024
"""And at most this much of them in all (a 100,000-scene dataset is about 60 MB)."""
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
    key = hashlib.sha256(code_version().encode() + b"\0" + raw).hexdigest()
    return folder / "datasets" / f"{key}.json"


def dataset(raw: bytes) -> Dataset | None:
    """The dataset these source bytes were validated into before, or None."""
    path = _entry(raw)
    if path is None:
        return None
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    from pipeline.model import Dataset
    from pipeline.records import Defer, build

    try:
        return build(Dataset, data)
    except (Defer, TypeError, AttributeError):
        return None  # damaged or altered: validate the source again


def store(raw: bytes, valid: Dataset) -> None:
    """Remember a dataset validated from these bytes (quietly, if the cache can be written)."""
    path = _entry(raw)
    if path is None:
        return
    from pipeline.serialize import dataset_json

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        temp.write_text(dataset_json(valid), encoding="utf-8")
        temp.replace(path)
        _trim(path.parent)
    except OSError:
        return


def _trim(folder: Path) -> None:
    """The newest entries, at most KEEP of them and KEEP_BYTES in all; the rest go."""
    entries = []
    for path in folder.glob("*.json"):
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
