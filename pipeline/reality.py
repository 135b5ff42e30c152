"""The reality check: every typed claim judged by its written rule (`pipeline.references`).

The article's premise is which running scenes are realistic. A claim's measure and its
`reference:` choose the rule: a runner's speed, the speed of a hazard the runner outruns, a
distance covered in one run, a time without a distance, or no physical scale at all. The rule
gives a verdict from a fixed scale (or none, when it cannot judge fairly) and the why, in a
sentence that names its yardsticks and their sources. All conversions go through
`pipeline.units`, so mph and km/h compare alike.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import msgspec

from pipeline import units
from pipeline.references import REFERENCES, RULES, VERDICTS, Reference, Rule
from pipeline.wording import quantity

if TYPE_CHECKING:
    from pipeline.model import Claim, Dataset, Scene

__all__ = ["REFERENCES", "RULES", "VERDICTS", "Check", "check", "report", "table"]


class Check(msgspec.Struct, frozen=True, kw_only=True):
    """What the rule made of one claim."""

    rule: Rule
    verdict: str | None
    """One of VERDICTS, or None: the rule cannot judge this claim fairly."""
    why: str
    """The reason, naming the yardsticks: 'about 37 times Usain Bolt’s top speed (44.72 km/h,
    Berlin 2009), and faster than sound (1,235 km/h in air at 20 °C)'."""
    reference: Reference | None = None
    """The main yardstick, if the rule compared the claim with one."""
    ratio: float | None = None
    """What the claim asks, divided by that yardstick, in the same unit."""


def rule_for(claim: Claim) -> Rule:
    """The rule that judges `claim`: its measure decides, and a hazard as its reference makes
    a speed the speed of something the runner outruns."""
    if claim.measure == "speed":
        return RULES["outrun" if claim.reference else "running-speed"]
    if claim.measure == "distance":
        return RULES["one-run-distance"]
    if claim.measure == "duration":
        return RULES["time-without-distance"]
    return RULES["no-physical-scale"]


def check(claim: Claim) -> Check:
    """The claim judged by its rule."""
    rule = rule_for(claim)
    return _JUDGES[rule.key](rule, claim)


def _base(claim: Claim) -> float:
    return units.convert(claim.value, claim.unit, units.base_of(claim.measure))


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


def compared(reference: Reference, ratio: float) -> str:
    """'about 37 times Usain Bolt’s top speed (44.72 km/h, Berlin 2009)'."""
    return f"{ratio_phrase(ratio)} {reference.label} ({reference.shown})"


def _speed(rule: Rule, speed: float, prefix: str = "") -> Check:
    """A speed the runner must reach (m/s), on the running-speed scale."""
    bolt, sound = REFERENCES["fastest-human-sprint"], REFERENCES["speed-of-sound"]
    ratio = speed / bolt.base()
    against = prefix + compared(bolt, ratio)
    if speed > sound.base():
        why = f"{against}, and faster than sound ({sound.shown})"
        return Check(rule=rule, verdict=VERDICTS[3], why=why, reference=bolt, ratio=ratio)
    if speed > bolt.base():
        return Check(rule=rule, verdict=VERDICTS[2], why=against, reference=bolt, ratio=ratio)
    why = (
        f"{against}: humans run that fast, and how hard it is depends on how long it is "
        "held, which the claim does not say"
    )
    return Check(rule=rule, verdict=None, why=why, reference=bolt, ratio=ratio)


def _running_speed(rule: Rule, claim: Claim) -> Check:
    return _speed(rule, _base(claim))


def _outrun(rule: Rule, claim: Claim) -> Check:
    assert claim.reference is not None
    hazard = REFERENCES[claim.reference]
    judged = _speed(rule, _base(claim), f"outrunning {hazard.hazard} that fast takes ")
    real = compared(hazard, _base(claim) / hazard.base())
    return msgspec.structs.replace(judged, why=f"{judged.why}; that speed is {real}")


def _one_run_distance(rule: Rule, claim: Claim) -> Check:
    distance = _base(claim)
    marathon, ultra = REFERENCES["marathon"], REFERENCES["shortest-ultra"]
    hundred, day = REFERENCES["hundred-miles"], REFERENCES["24-hour-record"]
    ratio = distance / marathon.base()
    if distance <= marathon.base():
        why = (
            f"{compared(marathon, ratio)}: amateurs finish marathons by the tens of thousands "
            "(55,646 in New York on 3 November 2024)"
        )
        verdict: str | None = VERDICTS[0]
    elif distance <= ultra.base():
        why = (
            f"{compared(marathon, ratio)}, no more than {ultra.label} ({ultra.shown}), a race "
            "amateurs run routinely (611,098 ultramarathon participations in 2019)"
        )
        verdict = VERDICTS[0]
    elif distance <= hundred.base():
        why = (
            f"{compared(marathon, ratio)}: an ultramarathon of up to {hundred.label}, run by "
            "club runners who train for it (611,098 ultramarathon participations in 2019)"
        )
        verdict = VERDICTS[1]
    else:
        why = (
            f"farther than {hundred.label} in one run depends on the time taken, which the "
            f"claim does not give; {day.label} is {day.shown}"
        )
        verdict = None
    return Check(rule=rule, verdict=verdict, why=why, reference=marathon, ratio=ratio)


def _time_without_distance(rule: Rule, claim: Claim) -> Check:
    why = (
        "a deadline is not a race time, and without the distance to cover there is no pace to judge"
    )
    return Check(rule=rule, verdict=None, why=why)


def _no_physical_scale(rule: Rule, claim: Claim) -> Check:
    what = "money" if claim.measure == "money" else "a count"
    return Check(rule=rule, verdict=None, why=f"{what} has no physical scale")


_JUDGES: dict[str, Callable[[Rule, Claim], Check]] = {
    "running-speed": _running_speed,
    "outrun": _outrun,
    "one-run-distance": _one_run_distance,
    "time-without-distance": _time_without_distance,
    "no-physical-scale": _no_physical_scale,
}


def verdict_word(result: Check) -> str:
    """'Physically absurd', 'No verdict': how a reader sees the verdict."""
    verdict = result.verdict or "no verdict"
    return verdict[0].upper() + verdict[1:]


def why_sentence(result: Check) -> str:
    """The why as a sentence: 'About 37 times Usain Bolt’s top speed (…).'"""
    return f"{result.why[0].upper()}{result.why[1:]}."


def sentence(claim: Claim) -> str:
    """'Physically absurd. About 37 times Usain Bolt’s top speed (44.72 km/h, Berlin 2009),
    and faster than sound (1,235 km/h in air at 20 °C).', or 'No verdict. Money has no
    physical scale.'"""
    result = check(claim)
    return f"{verdict_word(result)}. {why_sentence(result)}"


def reality_line(claim: Claim) -> str:
    """What readers see after 'Reality check: ': 'physically absurd. About 37 times …', or
    '' for a claim without a verdict (readers are not told what is not judged)."""
    result = check(claim)
    if not result.verdict:
        return ""
    return f"{result.verdict}. {why_sentence(result)}"


def report(dataset: Dataset) -> Iterator[str]:
    """Every claim with its rule, verdict and why, for `scenes check`: what editors read
    before publishing."""
    counts = dict.fromkeys(VERDICTS, 0)
    unjudged = 0
    for position, scene in enumerate(dataset.scenes, 1):
        if not scene.claims:
            continue
        yield f"{position}. {scene.heading}"
        for claim in scene.claims:
            result = check(claim)
            yield f"   {quantity(claim)}: {claim.subject}"
            yield f"   {result.verdict or 'no verdict'} ({result.rule.name}): {result.why}"
            if result.verdict:
                counts[result.verdict] += 1
            else:
                unjudged += 1
    found = [f"{n} {verdict}" for verdict, n in reversed(counts.items()) if n]
    if unjudged:
        found.append(f"{unjudged} without a verdict")
    total = sum(counts.values()) + unjudged
    yield f"{total} claim{'s' if total != 1 else ''}: " + (", ".join(found) or "none")


def table(dataset: Dataset) -> Iterator[str]:
    """Every scene of the article and each of its claims with verdict and why, as the
    Markdown table the docs hold (`scenes check --markdown`)."""
    yield "| # | scene | claim | verdict | why |"
    yield "|---:|---|---|---|---|"
    for position, scene in enumerate(dataset.scenes, 1):
        for claim_cell, verdict, why in _rows(scene):
            yield f"| {position} | {_cell(scene.heading)} | {claim_cell} | {verdict} | {why} |"


def _rows(scene: Scene) -> Iterator[tuple[str, str, str]]:
    if not scene.claims:
        yield "–", "no verdict", "the article gives no number to check"
        return
    for claim in scene.claims:
        result = check(claim)
        hedge = f"{_cell(claim.qualifier)} " if claim.qualifier else ""
        cell = f"{_cell(claim.subject)}: {hedge}“{_cell(claim.as_published)}”"
        why = f"*{result.rule.name}*: {_cell(result.why)}"
        yield cell, f"**{result.verdict}**" if result.verdict else "no verdict", why


def _cell(text: str) -> str:
    """Text for a Markdown table cell: a pipe would end it."""
    return " ".join(text.replace("|", "\\|").split())


def as_data(claim: Claim) -> dict[str, object]:
    """The check as the JSON export carries it (see the export schema's RealityCheck)."""
    result = check(claim)
    reference = result.reference
    return {
        "rule": result.rule.key,
        "verdict": result.verdict,
        "why": result.why,
        "reference": reference.key if reference else None,
        "label": reference.label if reference else None,
        "value": reference.value if reference else None,
        "unit": reference.unit if reference else None,
        "source": reference.source if reference else None,
        "year": reference.year if reference else None,
        "ratio": round(result.ratio, 2) if result.ratio is not None else None,
    }


def statement(claim: Claim) -> str:
    """A number as a sentence, for a reader who has not read it in the blurb: 'Rick
    O’Connell’s running speed as he keeps pace with sunlight: estimated, as fast as 1,673 km/h
    (1,040 mph), faster than the speed of sound.'"""
    value = f"{claim.qualifier} {quantity(claim)}" if claim.qualifier else quantity(claim)
    text = f"{claim.subject}: {value}"
    if claim.comparison:
        text += f", {claim.comparison}"
    if claim.source:
        text += f", according to {claim.source}"
    return text if text.endswith((".", "!", "?")) else text + "."


def claim_sentence(claim: Claim) -> str:
    """`statement`, then the reality check when it has a verdict: '… faster than the speed
    of sound. Reality check: physically absurd. About 37 times …'."""
    text = statement(claim)
    line = reality_line(claim)
    return f"{text} Reality check: {line}" if line else text
