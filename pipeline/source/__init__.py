"""Read the YAML source strictly, keeping where every value came from.

PyYAML's own loaders silently corrupt data (last duplicate key wins, `No` becomes False,
`1:20` becomes 80, aliases expand into gigabytes). This package builds plain Python values
straight from the parser's event stream instead, so it can refuse those traps with a located
diagnostic and never recurses however deep the input nests.

- `files`: a source file's bytes, within the size limit;
- `reader`: bytes to a `Document` (encoding, forbidden characters, tabs);
- `builder`: parser events to values, refusing duplicates, aliases, tags, deep nesting;
- `scalars`: the YAML 1.2 core schema for unquoted scalars, flagging YAML 1.1 readings;
- `marks`: where each value came from, for diagnostics and in-place edits.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pipeline.source.builder import MAX_DEPTH, MAX_DIAGNOSTICS
    from pipeline.source.files import DEFAULT_MAX_BYTES, read_bytes
    from pipeline.source.marks import Location, Marks, format_location
    from pipeline.source.reader import BOM, Document, parse, read
    from pipeline.source.scalars import resolve_plain

_HOMES = {
    "MAX_DEPTH": "builder",
    "MAX_DIAGNOSTICS": "builder",
    "DEFAULT_MAX_BYTES": "files",
    "read_bytes": "files",
    "Location": "marks",
    "Marks": "marks",
    "format_location": "marks",
    "BOM": "reader",
    "Document": "reader",
    "parse": "reader",
    "read": "reader",
    "resolve_plain": "scalars",
}


def __getattr__(name: str) -> Any:
    """Names are loaded on first use: reading a file's bytes needs no YAML parser (a cached
    dataset skips PyYAML's import altogether)."""
    if name in _HOMES:
        return getattr(import_module(f"pipeline.source.{_HOMES[name]}"), name)
    raise AttributeError(f"module 'pipeline.source' has no attribute {name!r}")


__all__ = [
    "BOM",
    "DEFAULT_MAX_BYTES",
    "MAX_DEPTH",
    "MAX_DIAGNOSTICS",
    "Document",
    "Location",
    "Marks",
    "format_location",
    "parse",
    "read",
    "read_bytes",
    "resolve_plain",
]
