"""The reality check: each verdict follows its written rule (pipeline/references.py), and the
article's claims get the verdicts a running editor would sign."""

from __future__ import annotations

import msgspec
import pytest

from pipeline import reality, units
from pipeline.model import Claim
from pipeline.references import HAZARDS, REFERENCES, RULES, VERDICTS

AMATEURS, CLUB, BEYOND, ABSURD = VERDICTS


def claim(measure: str, value: float, unit: str, **extra) -> Claim:
    return Claim(measure=measure, value=value, unit=unit, subject="s", as_published="x", **extra)


def test_every_rule_is_written_down_with_sourced_yardsticks():
    for rule in RULES.values():
        assert rule.name and rule.judges and len(rule.text) > 40
        for key in rule.yardsticks:
            reference = REFERENCES[key]
            assert reference.source and reference.shown and reference.label
            assert units.unit(reference.unit).measure == reference.measure


def test_every_rule_judges_something():
    measures = [("speed", "km/h"), ("distance", "km"), ("duration", "min"), ("money", "DEM")]
    judged = {reality.rule_for(claim(m, 1, u)).key for m, u in measures}
    judged.add(reality.rule_for(claim("speed", 1, "km/h", reference="fast-lava-flow")).key)
    assert judged == set(RULES)


# -- running speed: Usain Bolt's 44.72 km/h and the speed of sound (1,235 km/h) -----------------
@pytest.mark.parametrize(
    ("value", "unit", "verdict"),
    [
        (20, "km/h", None),  # humans run that fast; how hard depends on how long
        (44.72, "km/h", None),  # Bolt's top speed itself: a human has run it
        (44.73, "km/h", BEYOND),
        (1235, "km/h", BEYOND),  # the speed of sound, not faster
        (1236, "km/h", ABSURD),
        (1673, "km/h", ABSURD),
        (1040, "mph", ABSURD),  # the same speed in miles per hour
        (12.43, "m/s", BEYOND),  # just over Bolt's 12.42 m/s
    ],
)
def test_running_speed_is_set_against_bolt_and_sound(value, unit, verdict):
    result = reality.check(claim("speed", value, unit))
    assert result.rule.key == "running-speed"
    assert result.verdict == verdict
    assert result.reference is REFERENCES["fastest-human-sprint"]
    assert "Usain Bolt’s top speed (44.72 km/h, Berlin 2009)" in result.why


def test_a_speed_faster_than_sound_says_so():
    result = reality.check(claim("speed", 1673, "km/h"))
    assert result.ratio == pytest.approx(37.41, abs=0.01)
    assert result.why == (
        "about 37 times Usain Bolt’s top speed (44.72 km/h, Berlin 2009), "
        "and faster than sound (1,235 km/h in air at 20 °C)"
    )


# -- outrunning a hazard: what its speed asks of the runner ------------------------------------
@pytest.mark.parametrize(
    ("value", "verdict"), [(30, None), (44.72, None), (60, BEYOND), (1300, ABSURD)]
)
def test_outrunning_a_hazard_asks_its_speed_of_the_runner(value, verdict):
    result = reality.check(claim("speed", value, "km/h", reference="fast-lava-flow"))
    assert result.rule.key == "outrun"
    assert result.verdict == verdict
    assert result.why.startswith("outrunning lava that fast takes ")


def test_dantes_peak_lava_is_judged_by_what_it_asks_not_against_itself():
    result = reality.check(claim("speed", 60, "km/h", reference="fast-lava-flow"))
    assert result.verdict == "beyond any human"
    assert result.ratio == pytest.approx(60 / 44.72)
    assert result.why == (
        "outrunning lava that fast takes about 1.3 times Usain Bolt’s top speed "
        "(44.72 km/h, Berlin 2009); that speed is about the same as the fastest lava flows "
        "recorded (about 60 km/h, Nyiragongo 1977)"
    )


def test_only_a_hazard_can_be_named_as_a_reference():
    assert set(HAZARDS) == {"fast-lava-flow"}
    assert all(h.hazard for h in HAZARDS.values())


# -- a distance of one run: who covers it -------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "unit", "verdict"),
    [
        (5, "km", AMATEURS),
        (42.195, "km", AMATEURS),  # a marathon
        (50, "km", AMATEURS),  # the shortest standard ultramarathon: Rocky's run
        (31.06, "mi", AMATEURS),  # just under 50 km, in miles
        (50.1, "km", CLUB),
        (100, "km", CLUB),
        (100, "mi", CLUB),  # the longest standard ultra distance
        (160.9344, "km", CLUB),  # the same yardstick, as the references write it
        (161, "km", None),  # beyond 100 miles: depends on the time, which is not given
        (400, "km", None),
    ],
)
def test_a_distance_is_judged_by_who_covers_it(value, unit, verdict):
    result = reality.check(claim("distance", value, unit))
    assert result.rule.key == "one-run-distance"
    assert result.verdict == verdict
    assert result.reference is REFERENCES["marathon"]


def test_rocky_s_50_km_is_what_amateurs_run_not_elite():
    result = reality.check(claim("distance", 50, "km", qualifier="upwards of"))
    assert result.verdict == "within reach of amateurs"
    assert "shortest standard ultramarathon (50 km)" in result.why
    assert "611,098 ultramarathon participations in 2019" in result.why


def test_a_marathon_cites_its_amateur_finishers():
    assert "55,646 in New York on 3 November 2024" in reality.check(claim("distance", 42, "km")).why


def test_beyond_100_miles_names_the_24_hour_record_but_gives_no_verdict():
    result = reality.check(claim("distance", 500, "km"))
    assert result.verdict is None
    assert "319.614 km, Aleksandr Sorokin, Verona 2022" in result.why


# -- a time without a distance: no verdict ------------------------------------------------------
@pytest.mark.parametrize(("value", "unit"), [(20, "min"), (2, "h"), (30, "h"), (9.58, "s")])
def test_a_deadline_is_not_a_race_time(value, unit):
    result = reality.check(claim("duration", value, unit))
    assert result.rule.key == "time-without-distance"
    assert result.verdict is None and result.reference is None
    assert result.why.startswith("a deadline is not a race time")
    assert reality.reality_line(claim("duration", value, unit)) == ""  # readers see nothing


# -- money and counts ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("measure", "unit"), [("money", "DEM"), ("money", "USD"), ("count", "count")]
)
def test_money_and_counts_have_no_physical_scale(measure, unit):
    result = reality.check(claim(measure, 5, unit))
    assert (result.rule.key, result.verdict) == ("no-physical-scale", None)
    assert reality.reality_line(claim(measure, 5, unit)) == ""


# -- the article's claims ----------------------------------------------------------------------
def test_the_article_s_claims_get_the_verdicts_of_their_rules(dataset):
    found = {
        (scene.id, c.subject): (reality.check(c).rule.key, reality.check(c).verdict)
        for scene in dataset.scenes
        for c in scene.claims
    }
    assert list(found.values()) == [
        ("running-speed", "physically absurd"),  # The Mummy Returns, 1,673 km/h
        ("one-run-distance", "within reach of amateurs"),  # Rocky II, 50 km
        ("time-without-distance", None),  # Run Lola Run, 20 minutes: a deadline
        ("no-physical-scale", None),  # Run Lola Run, 100,000 Deutsche Mark
        ("outrun", "beyond any human"),  # Dante's Peak, lava at 60 km/h
        ("no-physical-scale", None),  # I Am Legend, two treadmills
    ]


def test_the_table_lists_all_thirteen_scenes(dataset):
    rows = list(reality.table(dataset))[2:]
    assert [row.split(" | ")[0] for row in rows] == [
        f"| {n}" for n in (1, 2, 3, 4, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13)
    ]
    assert sum("no verdict | the article gives no number to check" in row for row in rows) == 8


def test_the_sentences_readers_see(dataset):
    mummy = dataset.scene("the-mummy-returns").claims[0]
    assert reality.sentence(mummy).startswith("Physically absurd. About 37 times Usain Bolt’s")
    assert reality.reality_line(mummy).startswith("physically absurd. About 37 times")
    lola = dataset.scene("run-lola-run").claims[0]
    assert reality.sentence(lola).startswith("No verdict. A deadline is not a race time")


def test_the_docs_hold_every_rule_and_yardstick_as_the_code_has_them():
    from conftest import ROOT

    readme = (ROOT / "docs" / "dataset.md").read_text(encoding="utf-8")
    for rule in RULES.values():
        assert f"| {rule.name} | {rule.judges} | {rule.text} |" in readme
    for reference in REFERENCES.values():
        assert f"| `{reference.key}` |" in readme and reference.source in readme


# -- the words themselves: what editors and readers see ----------------------------------------
@pytest.mark.parametrize(
    ("ratio", "phrase"),
    [
        (37.41, "about 37 times"),
        (9.5, "about 10 times"),  # from here on, whole times
        (9.49, "about 9.5 times"),
        (1.1, "about 1.1 times"),
        (1.09, "about the same as"),  # within a tenth either way
        (0.9, "about the same as"),
        (0.89, "about 89% of"),
        (0.75, "about 75% of"),
        (0.014, "about 1% of"),
        (0.01, "about 1% of"),
        (0.0099, "less than 1% of"),
    ],
)
def test_a_ratio_reads_as_a_person_would_say_it(ratio, phrase):
    assert reality.ratio_phrase(ratio) == phrase


@pytest.mark.parametrize(
    ("value", "unit", "why"),
    [
        (
            20,
            "km/h",
            "about 45% of Usain Bolt’s top speed (44.72 km/h, Berlin 2009): humans run that "
            "fast, and how hard it is depends on how long it is held, which the claim does not "
            "say",
        ),
        (
            90,
            "km/h",
            "about 2.0 times Usain Bolt’s top speed (44.72 km/h, Berlin 2009)",
        ),
    ],
)
def test_a_human_or_superhuman_speed_says_why_word_for_word(value, unit, why):
    result = reality.check(claim("speed", value, unit))
    assert result.why == why
    assert result.ratio == pytest.approx(value / 44.72)


@pytest.mark.parametrize(
    ("value", "unit", "verdict", "why"),
    [
        (
            42.195,  # exactly a marathon
            "km",
            AMATEURS,
            "about the same as a marathon (42.195 km): amateurs finish marathons by the tens of "
            "thousands (55,646 in New York on 3 November 2024)",
        ),
        (
            100,  # exactly the longest standard ultra
            "mi",
            CLUB,
            "about 3.8 times a marathon (42.195 km): an ultramarathon of up to 100 miles, "
            "run by club runners who train for it (611,098 ultramarathon "
            "participations in 2019)",
        ),
    ],
)
def test_a_distance_on_a_boundary_says_why_word_for_word(value, unit, verdict, why):
    result = reality.check(claim("distance", value, unit))
    assert (result.verdict, result.why) == (verdict, why)
    assert result.ratio == pytest.approx(units.convert(value, unit, "km") / 42.195)


@pytest.mark.parametrize(
    ("measure", "unit", "why"),
    [
        ("money", "USD", "money has no physical scale"),
        ("count", "count", "a count has no physical scale"),
    ],
)
def test_money_and_counts_say_so(measure, unit, why):
    assert reality.check(claim(measure, 5, unit)).why == why
    assert reality.sentence(claim(measure, 5, unit)) == f"No verdict. {why[0].upper()}{why[1:]}."


def test_scenes_check_prints_what_the_golden_files_hold(dataset):
    from conftest import GOLDEN

    def text(lines):
        return "".join(f"{line}\n" for line in lines)

    assert text(reality.report(dataset)) == (GOLDEN / "scenes-check.txt").read_text("utf-8")
    assert text(reality.table(dataset)) == (GOLDEN / "scenes-check.md").read_text("utf-8")


def test_the_json_export_carries_each_check_as_its_golden_file_holds(dataset):
    import json

    from conftest import GOLDEN

    golden = json.loads((GOLDEN / "scenes.json").read_text("utf-8"))
    made = [reality.as_data(c) for scene in dataset.scenes for c in scene.claims]
    assert made == [c["reality"] for scene in golden["scenes"] for c in scene["claims"]]
    assert {"reference": None, "ratio": None} | made[2] == made[2]  # a deadline: no yardstick


def _one_scene_with(dataset, *claims):
    from msgspec.structs import replace

    return replace(dataset, scenes=(replace(dataset.scenes[0], claims=claims),))


def test_the_report_of_one_claim_or_none(dataset):
    odd = claim("speed", 20, "km/h", qualifier="up to")
    odd = msgspec.structs.replace(odd, subject="Speed | pace\n  of the run")
    twice = _one_scene_with(dataset, claim("speed", 2000, "km/h"), claim("speed", 1500, "km/h"))
    assert list(reality.report(twice))[-1] == "2 claims: 2 physically absurd"
    lines = list(reality.report(_one_scene_with(dataset, odd)))
    assert lines[0] == "1. The Mummy Returns"
    assert lines[-1] == "1 claim: 1 without a verdict"
    assert list(reality.report(_one_scene_with(dataset))) == ["0 claims: none"]
    rows = list(reality.table(_one_scene_with(dataset, odd)))
    assert rows[:2] == ["| # | scene | claim | verdict | why |", "|---:|---|---|---|---|"]
    assert rows[2].startswith(
        "| 1 | The Mummy Returns | Speed \\| pace of the run: up to “x” | no verdict | "
        "*running speed*: about 45% of"
    )
    assert list(reality.table(_one_scene_with(dataset)))[2] == (
        "| 1 | The Mummy Returns | – | no verdict | the article gives no number to check |"
    )


@pytest.mark.parametrize(
    ("extra", "said"),
    [
        ({}, "s: 20 km/h (12 mph)."),
        ({"qualifier": "up to"}, "s: up to 20 km/h (12 mph)."),
        ({"comparison": "as fast as a bike"}, "s: 20 km/h (12 mph), as fast as a bike."),
        ({"source": "Runner’s World"}, "s: 20 km/h (12 mph), according to Runner’s World."),
        ({"comparison": "really!"}, "s: 20 km/h (12 mph), really!"),  # no second stop
        ({"comparison": "who knew?"}, "s: 20 km/h (12 mph), who knew?"),
        ({"source": "R. Smith et al."}, "s: 20 km/h (12 mph), according to R. Smith et al."),
    ],
)
def test_a_number_as_a_sentence(extra, said):
    assert reality.statement(claim("speed", 20, "km/h", **extra)) == said
    assert reality.claim_sentence(claim("speed", 20, "km/h", **extra)) == said  # no verdict


def test_a_number_with_a_verdict_is_followed_by_its_reality_check():
    assert reality.claim_sentence(claim("speed", 90, "km/h")) == (
        "s: 90 km/h (56 mph). Reality check: beyond any human. About 2.0 times Usain Bolt’s "
        "top speed (44.72 km/h, Berlin 2009)."
    )
