"""How values are phrased for readers: numbers with units and conversions, films, people."""

from __future__ import annotations

from pipeline.model import UNITS, Claim, Film, Person

# Conversions shown in brackets for readers who think in the other system.
_CONVERSIONS: dict[str, tuple[float, str]] = {
    "km/h": (0.621371, "mph"),
    "mph": (1.609344, "km/h"),
    "m/s": (2.236936, "mph"),
    "km": (0.621371, "mi"),
    "mi": (1.609344, "km"),
    "m": (3.280840, "ft"),
}
_UNIT_NAMES = {"min": "minutes", "s": "seconds", "h": "hours", "count": ""}
_MONEY_NAMES = {
    "DEM": "Deutsche Mark",
    "USD": "US dollars",
    "EUR": "euros",
    "CAD": "Canadian dollars",
}


def number(value: float) -> str:
    """1673 -> '1,673'; 1.25 -> '1.25'; whole floats lose their decimals."""
    if isinstance(value, int) or float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def conversion(claim: Claim) -> str:
    """The value in the other system ('1,040 mph'), or '' when there is none to give."""
    if claim.unit not in _CONVERSIONS:
        return ""
    factor, other = _CONVERSIONS[claim.unit]
    converted = claim.value * factor
    return f"{number(round(converted) if converted >= 10 else round(converted, 1))} {other}"


def unit_label(unit: str) -> str:
    """The unit as a reader says it: 'km/h', 'minutes', 'Deutsche Mark (DEM)', '' for counts."""
    if unit in _MONEY_NAMES:
        return f"{_MONEY_NAMES[unit]} ({unit})"
    return _UNIT_NAMES.get(unit, unit)


def table_unit(unit: str) -> str:
    """The unit cell of the DOCX numbers table: its label, never empty (an empty anchored cell
    does not survive LibreOffice)."""
    return unit_label(unit) or unit


def unit_from_table(text: str) -> str:
    """The inverse of `table_unit`, for `scenes review`; an unknown text is returned as is."""
    labels = {table_unit(u): u for units in UNITS.values() for u in units}
    return labels.get(text.strip(), text.strip())


def quantity(claim: Claim) -> str:
    """'1,673 km/h (1,040 mph)', '100,000 Deutsche Mark (DEM)', '20 minutes'."""
    shown = f"{number(claim.value)} {unit_label(claim.unit)}".rstrip()
    other = conversion(claim)
    return f"{shown} ({other})" if other else shown


def claim_line(claim: Claim) -> str:
    """'1,673 km/h (1,040 mph): Rick's speed (estimated); faster than the speed of sound'."""
    line = f"{quantity(claim)}: {claim.subject}"
    if claim.qualifier:
        line += f" ({claim.qualifier})"
    if claim.comparison:
        line += f"; {claim.comparison}"
    if claim.source:
        line += f"; source: {claim.source}"
    return line


def film_line(films: tuple[Film, ...]) -> str:
    return "; ".join(
        f"{f.title} ({f.year}"
        + (f", original title {f.original_title})" if f.original_title else ")")
        for f in films
    )


def person_line(people: tuple[Person, ...]) -> str:
    def one(p: Person) -> str:
        name = p.character or p.actor or ""
        if p.character and p.actor:
            name = f"{p.character} ({p.actor})"
        return f"{name}, {p.note}" if p.note else name

    return "; ".join(one(p) for p in people)
