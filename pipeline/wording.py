"""How values are phrased for readers: numbers with units and conversions, films, people,
dates."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from pipeline import units

if TYPE_CHECKING:
    from datetime import datetime

    from pipeline.model import Claim, Film, Person, Scene

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
"""Spelled here, not by strftime('%B'), whose month names follow the process's locale."""


def number(value: float) -> str:
    """1673 -> '1,673'; 1.25 -> '1.25'; 0.000012 -> '0.000012'; whole floats lose their
    decimals. Never in exponent notation: readers see every digit."""
    if isinstance(value, int) or float(value).is_integer():
        return f"{int(value):,}"
    magnitude = abs(value)
    decimals = 2 if magnitude >= 1 else min(12, 1 - math.floor(math.log10(magnitude)))
    return f"{value:,.{decimals}f}".rstrip("0").rstrip(".")


def conversion(claim: Claim) -> str:
    """The value in the other system ('1,040 mph'), or '' when there is none to give: whole
    from 10 up, else two significant digits (a conversion is approximate)."""
    other = units.unit(claim.unit).shown_in
    if other is None:
        return ""
    converted = units.convert(claim.value, claim.unit, other)
    if converted >= 10:
        return f"{number(round(converted))} {other}"
    shown = float(f"{converted:.2g}") if converted < 1 else round(converted, 1)
    return f"{number(shown)} {other}"


def amount(claim: Claim) -> str:
    """The value in its own unit: '1,673 km/h', '100,000 Deutsche Mark (DEM)', '2'."""
    return f"{number(claim.value)} {units.label(claim.unit)}".rstrip()


def quantity(claim: Claim) -> str:
    """'1,673 km/h (1,040 mph)', '100,000 Deutsche Mark (DEM)', '20 minutes'."""
    shown = amount(claim)
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


def series(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def cast(people: tuple[Person, ...]) -> str:
    """'Brendan Fraser as Rick O’Connell and Carl Weathers as Apollo Creed (Rocky’s former
    nemesis)', as a letter names them."""

    def one(p: Person) -> str:
        name = f"{p.actor} as {p.character}" if p.actor and p.character else p.actor or p.character
        return f"{name} ({p.note})" if p.note else str(name)

    return series([one(p) for p in people]) if people else ""


def credits(scene: Scene) -> str:
    """The film and year in one line, with who is in the scene: 'Run Lola Run (Lola rennt,
    1998), with Franka Potente as Lola'; a compilation says what it gathers."""
    if scene.films:
        what = series(
            [
                f"{f.title} ({f.original_title + ', ' if f.original_title else ''}{f.year})"
                for f in scene.films
            ]
        )
    else:
        what = f"About {scene.about}, across many films" if scene.about else "Many films"
    people = cast(scene.people)
    if people and not (not scene.films and scene.about == people):
        what += f", with {people}"
    return what


def long_date(moment: datetime) -> str:
    """'November 24, 2026': the date as the magazine prints it, in the moment's own zone."""
    return f"{MONTHS[moment.month - 1]} {moment.day}, {moment.year}"
