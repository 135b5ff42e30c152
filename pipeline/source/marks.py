"""Where each value of a parsed document came from: 1-based line and column, by location path."""

from __future__ import annotations

import msgspec

Location = tuple[str | int, ...]
"""A path into the data: ('scenes', 3, 'films', 0, 'year')."""


class _Only(dict[Location, object]):
    """A dict that keeps only the locations asked for (and their parents)."""

    def __init__(self, wanted: set[Location]) -> None:
        super().__init__()
        self.wanted = wanted

    def __setitem__(self, key: Location, value: object) -> None:
        if key in self.wanted:
            super().__setitem__(key, value)

    def complete(self) -> bool:
        return len(self) == len(self.wanted)


def with_parents(locations: set[Location]) -> set[Location]:
    return {loc[:n] for loc in locations for n in range(len(loc) + 1)}


class Marks(msgspec.Struct):
    """Where each value (and each mapping key) starts, by location path. 1-based."""

    values: dict[Location, tuple[int, int]] = msgspec.field(default_factory=dict)
    keys: dict[Location, tuple[int, int]] = msgspec.field(default_factory=dict)
    ends: dict[Location, tuple[int, int]] = msgspec.field(default_factory=dict)
    """Where each value ends (exclusive), for edits in place (`scenes review --apply`)."""
    styles: dict[Location, str] = msgspec.field(default_factory=dict)
    """A scalar's quoting ('' plain, '"', "'", '|', '>'), or 'flow'/'block' for collections."""

    @classmethod
    def only(cls, wanted: set[Location]) -> Marks:
        """Marks that keep just these locations and their parents: locating a hundred problems
        in a huge file costs no memory for the rest."""
        keep = with_parents(wanted)
        return cls(_Only(keep), _Only(keep), _Only(keep), _Only(keep))  # type: ignore[arg-type]

    def complete(self) -> bool:
        """True when marks were asked for some locations only, and every one was found (the
        value of each, and its parents): parsing further would find nothing more."""
        values = self.values
        return isinstance(values, _Only) and values.complete()

    def of(self, loc: Location, *, key: bool = False) -> tuple[int, int]:
        """The nearest recorded position for `loc`, walking up to its parents."""
        table = self.keys if key else self.values
        while loc:
            if loc in table:
                return table[loc]
            if loc in self.values:
                return self.values[loc]
            loc = loc[:-1]
        return self.values.get((), (1, 1))


def format_location(loc: Location) -> str:
    """'scenes[3].films[0].year'; a nesting bomb shows its first levels and an ellipsis."""
    if len(loc) > 12:
        return format_location(loc[:8]) + "…"
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
