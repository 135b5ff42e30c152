"""Skip rendering what is already up to date, as Sphinx does with its .buildinfo.

`<output folder>/.scenes-manifest.json` records, per format, a fingerprint of everything its
output depends on (the dataset's content, the settings and templates, the code of the
pipeline and of the writer) and the SHA-256 of the file written. When both still match, the
export skips the format without rendering it: a no-op export costs little more than
validation. Any doubt (no manifest, a changed file, unreadable JSON) means render again.

For a feed, it also records which bytes a WebSub hub was last told of (`pinged`), so a ping
that failed is made by the next `--ping`, even when the file no longer changes.
"""

from __future__ import annotations

import contextlib
import hashlib
import inspect
import json
from pathlib import Path
from typing import Any

from pipeline.cache import code_version
from pipeline.output import write_atomic
from pipeline.settings import fingerprint as settings_fingerprint
from pipeline.source.files import read_at_most

NAME = ".scenes-manifest.json"
MAX_BYTES = 16 * 2**20
"""A manifest holds a few lines per format; a larger one is not ours (and is rendered anew)."""


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _writer_digest(writer: Any) -> str:
    try:
        return _sha256(Path(inspect.getfile(type(writer))).read_bytes())
    except (OSError, TypeError):
        return "unknown"


def _template_sources(options: Any, name: str) -> list[str]:
    """The text of the user's template and template-folder parts for one format ('' if none):
    a changed part must render again like a changed template."""
    template = options.template_for(name)
    parts = options.parts_for(name)
    return [template.source if template else "", *(f"{p.key}\0{p.source}" for p in parts)]


class Manifest:
    def __init__(self, folder: Path) -> None:
        self.path = folder / NAME
        self.entries: dict[str, dict[str, object]] = {}
        with contextlib.suppress(OSError, ValueError, AttributeError):  # a FIFO: none
            loaded = json.loads(read_at_most(self.path, MAX_BYTES).decode("utf-8"))
            self.entries = {k: v for k, v in loaded.items() if isinstance(v, dict)}

    @staticmethod
    def fingerprint(writer: Any, dataset_digest: str, options: Any) -> str:
        parts = [
            dataset_digest,
            code_version(),
            _writer_digest(writer),
            type(writer).__qualname__,
            settings_fingerprint(options.settings),
            # Only this format's own templates: a changed page template re-renders the page alone.
            *_template_sources(options, writer.name),
            _sha256(options.reference_docx) if options.reference_docx else "",
            str(options.source_date_epoch),
        ]
        return _sha256("\0".join(parts).encode("utf-8"))

    def fresh(self, name: str, fingerprint: str, path: Path) -> bool:
        entry = self.entries.get(name)
        if entry is None or entry.get("fingerprint") != fingerprint:
            return False
        try:
            return _sha256(path.read_bytes()) == entry.get("sha256")
        except OSError:
            return False

    def record(self, name: str, fingerprint: str, data: bytes) -> None:
        entry: dict[str, object] = {"fingerprint": fingerprint, "sha256": _sha256(data)}
        pinged = self.entries.get(name, {}).get("pinged")
        if isinstance(pinged, dict):
            entry["pinged"] = pinged
        self.entries[name] = entry

    def unannounced(self, name: str, hub: str) -> str | None:
        """The SHA-256 of the format's file when `hub` has not been told of those bytes (None
        when it has, or when no file was written)."""
        entry = self.entries.get(name, {})
        sha = entry.get("sha256")
        if not isinstance(sha, str):
            return None
        return None if entry.get("pinged") == {"hub": hub, "sha256": sha} else sha

    def announced(self, name: str, hub: str, sha: str) -> None:
        """`hub` took the ping for these bytes of the format's file."""
        if name in self.entries:
            self.entries[name]["pinged"] = {"hub": hub, "sha256": sha}

    def save(self) -> None:
        text = json.dumps(self.entries, indent=2, sort_keys=True) + "\n"
        write_atomic(self.path, text.encode("utf-8"))
