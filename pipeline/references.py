"""The reality check's written rules and the sourced yardsticks they use.

A leaf: the model checks a claim's `reference:` against HAZARDS without importing the check
itself (`pipeline.reality`, which applies these rules). Each rule says which claims it judges,
how, and on what evidence; `scenes check` and the docs' table show the verdict and the why
for every claim of the article. A claim the rules cannot judge fairly gets no verdict rather
than a wrong one.
"""

from __future__ import annotations

import msgspec

from pipeline import units


class Reference(msgspec.Struct, frozen=True, kw_only=True):
    """A sourced value a claim is set against."""

    key: str
    """How the rules (and, for a hazard, the data) name it: 'fastest-human-sprint'."""
    label: str
    """How a sentence names it: "Usain Bolt’s top speed"."""
    measure: str
    value: float
    unit: str
    shown: str
    """The value and where it comes from, in brackets after the label: '44.72 km/h, Berlin
    2009'."""
    source: str
    """Who established it, and when."""
    year: int | None
    """The year it was set; None for a constant of nature or a rule of the sport."""
    hazard: str | None = None
    """For something a runner outruns, how a sentence names it ('lava'); None for a human
    performance or a distance."""

    def base(self) -> float:
        """The value in its measure's base unit (m/s, m, s)."""
        to_base = units.unit(self.unit).to_base
        assert to_base is not None
        return self.value * to_base


_TABLE = (
    Reference(
        key="fastest-human-sprint",
        label="Usain Bolt’s top speed",
        measure="speed",
        value=44.72,
        unit="km/h",
        shown="44.72 km/h, Berlin 2009",
        source="Usain Bolt’s peak speed, between 60 and 80 m of the 100 m world final, Berlin, "
        "16 August 2009 (IAAF biomechanics analysis); his average over the 100 m was 37.58 km/h",
        year=2009,
    ),
    Reference(
        key="speed-of-sound",
        label="the speed of sound",
        measure="speed",
        value=1235,
        unit="km/h",
        shown="1,235 km/h in air at 20 °C",
        source="343 m/s in dry air at 20 °C (standard physics)",
        year=None,
    ),
    Reference(
        key="fast-lava-flow",
        label="the fastest lava flows recorded",
        measure="speed",
        value=60,
        unit="km/h",
        shown="about 60 km/h, Nyiragongo 1977",
        source="Nyiragongo, Democratic Republic of the Congo, 10 January 1977, among the fastest "
        "lava flows recorded; most flows move far slower, often under 10 km/h",
        year=1977,
        hazard="lava",
    ),
    Reference(
        key="marathon",
        label="a marathon",
        measure="distance",
        value=42.195,
        unit="km",
        shown="42.195 km",
        source="World Athletics Competition Rules; 55,646 runners finished the New York City "
        "Marathon on 3 November 2024, a record for any marathon (New York Road Runners)",
        year=None,
    ),
    Reference(
        key="shortest-ultra",
        label="the shortest standard ultramarathon",
        measure="distance",
        value=50,
        unit="km",
        shown="50 km",
        source="the 50 km, the shortest of the ultramarathon distances the International "
        "Association of Ultrarunners holds world championships over; ultramarathons counted "
        "611,098 participations in 2019, up from 34,401 in 1996 (The State of Ultra Running "
        "2020, RunRepeat and the IAU)",
        year=None,
    ),
    Reference(
        key="hundred-miles",
        label="100 miles",
        measure="distance",
        value=160.9344,
        unit="km",
        shown="160.934 km",
        source="100 miles, the longest of the common standard ultramarathon distances "
        "(50 km, 50 miles, 100 km, 100 miles)",
        year=None,
    ),
    Reference(
        key="24-hour-record",
        label="the most anyone has run in 24 hours",
        measure="distance",
        value=319.614,
        unit="km",
        shown="319.614 km, Aleksandr Sorokin, Verona 2022",
        source="Aleksandr Sorokin, IAU 24 Hour European Championships, Verona, "
        "17–18 September 2022",
        year=2022,
    ),
)
REFERENCES: dict[str, Reference] = {reference.key: reference for reference in _TABLE}
HAZARDS: dict[str, Reference] = {r.key: r for r in _TABLE if r.hazard is not None}
"""What a claim may name as its `reference:`: something the runner outruns."""


class Rule(msgspec.Struct, frozen=True, kw_only=True):
    """How one kind of claim is judged, in words, with the yardsticks it rests on."""

    key: str
    name: str
    """How `scenes check` and the docs name it: 'running speed'."""
    judges: str
    """Which claims it judges."""
    text: str
    """The rule itself, as an editor reads it."""
    yardsticks: tuple[str, ...]
    """The references (keys of REFERENCES) it uses; their sources are the rule's."""


RULES: dict[str, Rule] = {
    rule.key: rule
    for rule in (
        Rule(
            key="running-speed",
            name="running speed",
            judges="a speed the runner runs",
            text="Set against the fastest anyone has run, Usain Bolt’s 44.72 km/h. Faster is "
            "beyond any human; faster than sound (1,235 km/h) is physically absurd. At or "
            "below it, no verdict: how hard a speed is depends on how long it is held, which "
            "a speed alone does not say.",
            yardsticks=("fastest-human-sprint", "speed-of-sound"),
        ),
        Rule(
            key="outrun",
            name="outrunning a hazard",
            judges="the speed of something the runner outruns (a claim whose `reference:` is a "
            "hazard, such as `fast-lava-flow`)",
            text="Outrunning it takes at least its speed, judged as a running speed; the hazard’s "
            "own speed is set against the fastest recorded, to say whether it is real.",
            yardsticks=("fastest-human-sprint", "speed-of-sound", "fast-lava-flow"),
        ),
        Rule(
            key="one-run-distance",
            name="distance of one run",
            judges="a distance covered in one run, with no time given",
            text="Judged by who covers it. Up to 50 km (a marathon, or the shortest standard "
            "ultramarathon): within reach of amateurs, who finish marathons by the tens of "
            "thousands and 50 km ultras routinely. Up to 100 miles: for club runners, who "
            "train for ultramarathons. Farther: no verdict, since it depends on the time "
            "taken (races run over days), which the claim does not give.",
            yardsticks=("marathon", "shortest-ultra", "hundred-miles", "24-hour-record"),
        ),
        Rule(
            key="time-without-distance",
            name="time without a distance",
            judges="a duration, such as a deadline",
            text="A deadline is not a race time: what it asks of a runner is the pace it "
            "implies, which needs the distance to cover. The data gives none, so no verdict.",
            yardsticks=(),
        ),
        Rule(
            key="no-physical-scale",
            name="no physical scale",
            judges="money and counts",
            text="Nothing a runner does is measured in money or counts: no verdict.",
            yardsticks=(),
        ),
    )
}

VERDICTS = ("within reach of amateurs", "for club runners", "beyond any human", "physically absurd")
"""The scale, from what amateurs do to the impossible. A claim may also get none."""
