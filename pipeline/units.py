"""The one table of units: what each measures, how readers name it, and how it converts.

Every conversion (the bracketed "1,040 mph" for readers in the other system, and the reality
check's comparisons) goes through `convert`, so a claim in mph and one in km/h are compared on
the same scale. Money and counts have no physical scale and never convert.
"""

from __future__ import annotations

import msgspec


class Unit(msgspec.Struct, frozen=True):
    symbol: str
    """As written in the data: 'km/h'."""
    measure: str
    """What it measures: 'speed', 'distance', 'duration', 'money', 'count'."""
    name: str
    """Spelled out, for the schema and messages: 'kilometres per hour'."""
    label: str
    """As printed after a number: 'km/h', 'minutes', 'Deutsche Mark (DEM)'; '' for a count."""
    to_base: float | None = None
    """How many base units (m/s, m, s) one of this is; None when there is no physical scale."""
    shown_in: str | None = None
    """The unit a conversion is printed in, for readers who think in the other system."""


_TABLE = (
    Unit("km/h", "speed", "kilometres per hour", "km/h", 1000 / 3600, "mph"),
    Unit("mph", "speed", "miles per hour", "mph", 1609.344 / 3600, "km/h"),
    Unit("m/s", "speed", "metres per second", "m/s", 1.0, "mph"),
    Unit("km", "distance", "kilometres", "km", 1000.0, "mi"),
    Unit("mi", "distance", "miles", "mi", 1609.344, "km"),
    Unit("m", "distance", "metres", "m", 1.0, "ft"),
    Unit("s", "duration", "seconds", "seconds", 1.0),
    Unit("min", "duration", "minutes", "minutes", 60.0),
    Unit("h", "duration", "hours", "hours", 3600.0),
    Unit("DEM", "money", "Deutsche Mark", "Deutsche Mark (DEM)"),
    Unit("USD", "money", "US dollars", "US dollars (USD)"),
    Unit("EUR", "money", "euros", "euros (EUR)"),
    Unit("CAD", "money", "Canadian dollars", "Canadian dollars (CAD)"),
    Unit("count", "count", "items", ""),
)
UNITS: dict[str, Unit] = {unit.symbol: unit for unit in _TABLE}
"""Every unit the data may use, by symbol, in a fixed order."""

DISPLAY_ONLY: dict[str, Unit] = {"ft": Unit("ft", "distance", "feet", "ft", 0.3048)}
"""Units conversions are printed in but the data does not use."""

MEASURES: dict[str, tuple[str, ...]] = {}
"""Each measure with the units that fit it, e.g. 'speed': ('km/h', 'mph', 'm/s')."""
for _unit in _TABLE:
    MEASURES.setdefault(_unit.measure, ())
    MEASURES[_unit.measure] += (_unit.symbol,)


BASE = {"speed": "m/s", "distance": "m", "duration": "s"}
"""The unit each physical measure converts through."""


def base_of(measure: str) -> str:
    return BASE[measure]


def unit(symbol: str) -> Unit:
    return UNITS.get(symbol) or DISPLAY_ONLY[symbol]


def convert(value: float, source: str, target: str) -> float:
    """`value` in unit `source` expressed in unit `target` (same measure, physical scale)."""
    a, b = unit(source), unit(target)
    if a.measure != b.measure or a.to_base is None or b.to_base is None:
        raise ValueError(f"cannot convert {source} to {target}")
    return value * a.to_base / b.to_base


def label(symbol: str) -> str:
    """The unit as a reader sees it after a number ('' for a count)."""
    return unit(symbol).label


def from_label(text: str) -> str:
    """The symbol of a printed unit label, for `scenes review`; an unknown text is returned as
    it is (validation then says what is wrong with it)."""
    stripped = text.strip()
    for candidate in _TABLE:
        if stripped in (candidate.label, candidate.symbol) and stripped:
            return candidate.symbol
    return stripped
