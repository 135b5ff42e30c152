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

import msgspec

from pipeline import units
from pipeline.references import REFERENCES, VERDICTS, YARDSTICK, Reference
from pipeline.wording import quantity

if TYPE_CHECKING:
    from collections.abc import Iterator

    from pipeline.model import Claim, Dataset


_LIMITS: dict[str, tuple[str, ...]] = {
    "speed": ("marathon-record-pace", "fastest-human-sprint", "speed-of-sound"),
    "distance": ("marathon", "24-hour-record"),
    "duration": ("marathon-record-time", "one-day"),
}
"""Per measure, the upper limit of each verdict in turn: up to the marathon record pace is
within human reach, up to Bolt's top speed elite, up to the speed of sound beyond any human,
and faster than sound physically absurd (for a runner, a sonic boom)."""


class Comparison(msgspec.Struct, frozen=True):
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


def claim_sentence(claim: Claim) -> str:
    """A number as a letter gives it, with its reality check: 'Rick O’Connell’s running speed
    as he keeps pace with sunlight: estimated, as fast as 1,673 km/h (1,040 mph), faster than
    the speed of sound. That is about 37 times Usain Bolt’s top speed (44.72 km/h, Berlin
    2009): for a runner, physically absurd.'"""
    value = f"{claim.qualifier} {quantity(claim)}" if claim.qualifier else quantity(claim)
    sentence = f"{claim.subject}: {value}"
    if claim.comparison:
        sentence += f", {claim.comparison}"
    if claim.source:
        sentence += f", according to {claim.source}"
    sentence = sentence if sentence.endswith((".", "!", "?")) else sentence + "."
    return f"{sentence} {reality_sentence(claim)}".rstrip()


def reality_sentence(claim: Claim) -> str:
    """'That is about 37 times Usain Bolt’s top speed (44.72 km/h, Berlin 2009): for a
    runner, physically absurd.', or '' for money and counts."""
    comparison = check(claim)
    if comparison is None:
        return ""
    return f"That is {compared(comparison)}: for a runner, {comparison.verdict}."
