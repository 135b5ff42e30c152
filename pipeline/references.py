"""The yardsticks of the reality check: sourced references (Usain Bolt's top speed, the
marathon...), the default one per measure, and the verdict scale. A leaf: the model checks a
claim's `reference:` against it without importing the check itself (`pipeline.reality`)."""

from __future__ import annotations

import msgspec

from pipeline import units


class Reference(msgspec.Struct, frozen=True):
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
