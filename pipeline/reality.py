"""The reality check: every typed claim set against what humans and nature can do.

The article's premise is which running scenes are realistic. Each claim with a physical measure
(speed, distance, duration) is compared with a sourced reference (its *yardstick*: Usain Bolt's
top speed for a speed, the marathon for a distance...) and given a verdict on a fixed scale,
decided by the human limits of its measure. Money and counts have no physical scale and get
no check. A claim may name its yardstick (`reference:` in the data); otherwise its measure
chooses. All conversions go through `pipeline.units`, so mph and km/h compare alike.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline import units
from pipeline.struct import struct

if TYPE_CHECKING:
    from collections.abc import Iterator

    from pipeline.model import Claim, Dataset


@struct
class Reference:
    key: str
    """How the data names it: 'fastest-human-sprint'."""
    label: str
    """How a sentence names it: "Usain Bolt's top speed"."""
    measure: str
    value: float
    unit: str
    shown: str
    """The value and where it comes from, in brackets after the label: '44.72 km/h, Berlin 2009'."""
    source: str
    """Who established it, and when."""
    year: int | None
    """The year it was set; None for a constant of nature or a format."""

    def base(self) -> float:
        """The value in its measure's base unit (m/s, m, s)."""
        to_base = units.unit(self.unit).to_base
        assert to_base is not None
        return self.value * to_base


_TABLE = (
    Reference(
        "fastest-human-sprint",
        "Usain Bolt’s top speed",
        "speed",
        44.72,
        "km/h",
        "44.72 km/h, Berlin 2009",
        "Usain Bolt’s peak speed in the 100 m world final, Berlin, 16 August 2009 "
        "(IAAF biomechanics analysis); his average over the 100 m was 37.58 km/h",
        2009,
    ),
    Reference(
        "marathon-record-pace",
        "the marathon world record pace",
        "speed",
        20.99,
        "km/h",
        "20.99 km/h, Kelvin Kiptum, Chicago 2023",
        "Kelvin Kiptum, 2:00:35 at the Chicago Marathon, 8 October 2023 (World Athletics)",
        2023,
    ),
    Reference(
        "speed-of-sound",
        "the speed of sound",
        "speed",
        1235,
        "km/h",
        "1,235 km/h in air at 20 °C",
        "343 m/s in dry air at 20 °C (standard physics)",
        None,
    ),
    Reference(
        "fast-lava-flow",
        "the fastest lava flows recorded",
        "speed",
        60,
        "km/h",
        "about 60 km/h, Nyiragongo 1977",
        "Nyiragongo, Democratic Republic of the Congo, 10 January 1977, among the fastest "
        "lava flows recorded; most flows move far slower, often under 10 km/h",
        1977,
    ),
    Reference(
        "marathon",
        "the marathon distance",
        "distance",
        42.195,
        "km",
        "42.195 km",
        "World Athletics Competition Rules (the distance fixed in 1921)",
        1921,
    ),
    Reference(
        "24-hour-record",
        "the 24-hour running record",
        "distance",
        319.614,
        "km",
        "319.614 km, Aleksandr Sorokin, Verona 2022",
        "Aleksandr Sorokin, IAU 24 Hour European Championships, Verona, 17-18 September 2022",
        2022,
    ),
    Reference(
        "marathon-record-time",
        "Kelvin Kiptum’s marathon world record",
        "duration",
        120 + 35 / 60,
        "min",
        "2:00:35, Chicago 2023",
        "Kelvin Kiptum, Chicago Marathon, 8 October 2023 (World Athletics)",
        2023,
    ),
    Reference(
        "one-day",
        "a 24-hour race",
        "duration",
        24,
        "h",
        "24 hours",
        "the 24-hour race, a standard ultramarathon format (IAU)",
        None,
    ),
)
REFERENCES: dict[str, Reference] = {reference.key: reference for reference in _TABLE}

YARDSTICK = {
    "speed": "fastest-human-sprint",
    "distance": "marathon",
    "duration": "marathon-record-time",
}
"""The reference a claim is measured against when it names none, by measure."""

VERDICTS = ("within human reach", "elite", "beyond any human", "physically absurd")
"""The fixed scale, from ordinary to impossible."""

_LIMITS: dict[str, tuple[str, ...]] = {
    "speed": ("marathon-record-pace", "fastest-human-sprint", "speed-of-sound"),
    "distance": ("marathon", "24-hour-record"),
    "duration": ("marathon-record-time", "one-day"),
}
"""Per measure, the upper limit of each verdict in turn: up to the marathon record pace is
within human reach, up to Bolt's top speed elite, up to the speed of sound beyond any human,
and faster than sound physically absurd (for a runner, a sonic boom)."""


@struct
class Comparison:
    reference: Reference
    ratio: float
    """The claim's value divided by the reference's, in the same unit."""
    verdict: str


def check(claim: Claim) -> Comparison | None:
    """The claim set against its reference, or None for a claim with no physical scale."""
    key = claim.reference or YARDSTICK.get(claim.measure)
    if key is None:
        return None
    reference = REFERENCES[key]
    value = units.convert(claim.value, claim.unit, units.base_of(claim.measure))
    return Comparison(reference, value / reference.base(), verdict(claim.measure, value))


def verdict(measure: str, base_value: float) -> str:
    """Where a value (in its measure's base unit) falls on the scale of VERDICTS."""
    limits = _LIMITS[measure]
    for level, key in enumerate(limits):
        if base_value <= REFERENCES[key].base():
            return VERDICTS[level]
    return VERDICTS[len(limits)]


def ratio_phrase(ratio: float) -> str:
    """'about 37 times', 'about 1.3 times', 'about the same as', 'about 17% of'."""
    if ratio >= 9.5:
        return f"about {round(ratio):,} times"
    if ratio >= 1.1:
        return f"about {ratio:.1f} times"
    if ratio >= 0.9:
        return "about the same as"
    if ratio >= 0.01:
        return f"about {max(1, round(ratio * 100))}% of"
    return "less than 1% of"


def reality_line(claim: Claim) -> str:
    """'about 37 times Usain Bolt's top speed (44.72 km/h, Berlin 2009); for a runner,
    physically absurd', or '' for a claim with no physical scale."""
    comparison = check(claim)
    if comparison is None:
        return ""
    return f"{compared(comparison)}; for a runner, {comparison.verdict}"


def compared(comparison: Comparison) -> str:
    """'about 37 times Usain Bolt’s top speed (44.72 km/h, Berlin 2009)'."""
    reference = comparison.reference
    return f"{ratio_phrase(comparison.ratio)} {reference.label} ({reference.shown})"


def report(dataset: Dataset) -> Iterator[str]:
    """Every claim with its verdict, for `scenes check`: what editors read before publishing."""
    from pipeline.wording import quantity

    counts = dict.fromkeys(VERDICTS, 0)
    unscaled = 0
    for position, scene in enumerate(dataset.scenes, 1):
        if not scene.claims:
            continue
        yield f"{position}. {scene.heading}"
        for claim in scene.claims:
            yield f"   {quantity(claim)}: {claim.subject}"
            comparison = check(claim)
            if comparison is None:
                unscaled += 1
                yield "   (no physical scale to check)"
                continue
            counts[comparison.verdict] += 1
            yield f"   {comparison.verdict}: {compared(comparison)}"
    found = [f"{n} {verdict}" for verdict, n in reversed(counts.items()) if n]
    if unscaled:
        found.append(f"{unscaled} with no physical scale")
    total = sum(counts.values()) + unscaled
    yield f"{total} claim{'s' if total != 1 else ''}: " + (", ".join(found) or "none")


def as_data(comparison: Comparison | None) -> dict[str, object] | None:
    """The comparison as the JSON export carries it (see the export schema's RealityCheck)."""
    if comparison is None:
        return None
    reference = comparison.reference
    return {
        "reference": reference.key,
        "label": reference.label,
        "value": reference.value,
        "unit": reference.unit,
        "source": reference.source,
        "year": reference.year,
        "ratio": round(comparison.ratio, 2),
        "verdict": comparison.verdict,
    }
