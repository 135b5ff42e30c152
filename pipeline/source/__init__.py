"""Read the YAML source strictly, keeping where every value came from.

PyYAML's own loaders silently corrupt data (last duplicate key wins, `No` becomes False,
`1:20` becomes 80, aliases expand into gigabytes). This package builds plain Python values
straight from the parser's event stream instead, so it can refuse those traps with a located
diagnostic and never recurses however deep the input nests.

- `reader`: bytes to a `Document` (size, encoding, forbidden characters, tabs);
- `builder`: parser events to values, refusing duplicates, aliases, tags, deep nesting;
- `scalars`: the YAML 1.2 core schema for unquoted scalars, flagging YAML 1.1 readings;
- `marks`: where each value came from, for diagnostics and in-place edits.
"""

from pipeline.source.builder import MAX_DEPTH, MAX_DIAGNOSTICS
from pipeline.source.marks import Location, Marks, format_location
from pipeline.source.reader import BOM, DEFAULT_MAX_BYTES, Document, parse, read
from pipeline.source.scalars import resolve_plain

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
    "resolve_plain",
]
