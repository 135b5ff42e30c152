"""One table of units: conversions round-trip, and the reality check compares across units."""

from __future__ import annotations

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
