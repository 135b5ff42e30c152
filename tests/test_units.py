"""One table of units: conversions round-trip, and the reality check compares across units."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline import reality, units
from pipeline.model import Claim

PHYSICAL = [u for u in units.UNITS.values() if u.to_base is not None]


@given(
    st.sampled_from(PHYSICAL),
    st.data(),
    st.floats(min_value=1e-6, max_value=1e15, allow_nan=False, allow_infinity=False),
)
def test_conversions_round_trip(unit, data, value):
    other = data.draw(st.sampled_from([u for u in PHYSICAL if u.measure == unit.measure]))
    there = units.convert(value, unit.symbol, other.symbol)
    assert units.convert(there, other.symbol, unit.symbol) == pytest.approx(value, rel=1e-12)


def test_a_claim_in_mph_is_compared_like_the_same_speed_in_kmh():
    kmh = Claim(measure="speed", value=1673, unit="km/h", subject="s", as_published="x")
    mph = Claim(measure="speed", value=1673 / 1.609344, unit="mph", subject="s", as_published="x")
    ms = Claim(measure="speed", value=1673 / 3.6, unit="m/s", subject="s", as_published="x")
    ratios = [reality.check(c).ratio for c in (kmh, mph, ms)]
    assert ratios == pytest.approx([37.41] * 3, abs=0.01)
    assert {reality.check(c).verdict for c in (kmh, mph, ms)} == {"physically absurd"}


def test_every_reference_is_sourced():
    for reference in reality.REFERENCES.values():
        assert reference.source and reference.shown and reference.label
        assert reference.measure in units.BASE
        assert units.unit(reference.unit).measure == reference.measure


@pytest.mark.parametrize(
    ("source", "target"),
    [("km", "km/h"), ("mph", "mi"), ("s", "m"), ("USD", "EUR"), ("count", "count"), ("h", "CAD")],
)
def test_convert_refuses_what_has_no_common_scale(source, target):
    """Mismatched measures (a distance is not a speed) and units with no physical scale."""
    with pytest.raises(
        ValueError, match=rf"^cannot convert {re.escape(source)} to {re.escape(target)}$"
    ):
        units.convert(1.0, source, target)


def test_convert_converts_within_a_measure():
    assert units.convert(1.0, "h", "min") == 60.0
    assert units.convert(3.0, "mi", "m") == pytest.approx(4828.032)
    assert units.convert(10.0, "m", "ft") == pytest.approx(32.8084, rel=1e-6)


@pytest.mark.parametrize(
    ("text", "symbol"),
    [
        ("Deutsche Mark (DEM)", "DEM"),
        ("DEM", "DEM"),
        (" km/h ", "km/h"),
        ("minutes", "min"),
        ("min", "min"),
        ("furlongs", "furlongs"),  # unknown: left for validation to explain
        ("  ", ""),
        ("", ""),
    ],
)
def test_from_label_reads_what_the_document_prints(text, symbol):
    assert units.from_label(text) == symbol


def test_label_is_what_readers_see_after_a_number():
    assert [units.label(s) for s in ("km/h", "min", "EUR", "count")] == [
        "km/h",
        "minutes",
        "euros (EUR)",
        "",
    ]
