"""Times in the data: each way of writing one wrong gets its own reason, in the words of the
diagnostic a user reads (`pipeline.timestamps`)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from conftest import DATA

import pipeline
from pipeline.errors import ValidationError
from pipeline.rules import RuleError
from pipeline.timestamps import fraction_problem, timestamp_rule

BASE = (DATA / "invalid" / "date-naive.yaml").read_text(encoding="utf-8")
NOT_VALID = "the text {!r} is not a valid date-time ({})"


def problems_with(published: str, tmp_path) -> list[str]:
    """The diagnostics of a dataset whose scene was published at `published` (YAML)."""
    path = tmp_path / "scenes.yaml"
    text = BASE.replace("published: 2024-05-01T09:00:00\n", f"published: {published}\n")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        pipeline.load(path)
    assert {d.line for d in caught.value.diagnostics} == {16}
    return [f"{d.field}: {d.message}" for d in caught.value.diagnostics]


@pytest.mark.parametrize(
    ("written", "problems"),
    [
        ("2024-05-01T09:00:00", ["needs a timezone offset, e.g. 2024-05-01T09:00:00+00:00"]),
        ("2024-05-01", ["needs a timezone offset, e.g. 2024-05-01T00:00:00+00:00"]),
        ('"2024-05-01 09:00:00"', ["needs a timezone offset, e.g. 2024-05-01 09:00:00+00:00"]),
        ("2024-05-01Z", ["needs a time of day, e.g. 2024-05-01T00:00:00Z"]),
        ("2024-05-01+02:00", ["needs a time of day, e.g. 2024-05-01T00:00:00+02:00"]),
        ("2024-05-01T09:05Z", ["the seconds are missing: write 09:05:00"]),
        ("2024-13-01T09:00:00Z", ["month value is outside expected range"]),
        ("2024-00-01T09:00:00Z", ["month value is outside expected range"]),
        ("2023-02-29T09:00:00Z", ["day value is outside expected range"]),
        ("2024-02-29T24:00:00Z", ["hour 24 does not exist: hours run from 00 to 23"]),
        ("2024-01-31T09:60:00Z", ["minute 60 does not exist: minutes run from 00 to 59"]),
        ("2024-05-01T09:00:60Z", ["a leap second (:60) cannot be represented; write :59"]),
        ("2024-05-01T09:00:61Z", ["second 61 does not exist: seconds run from 00 to 59"]),
        (
            "2024-12-01T09:00:00+24:00",
            ["offset +24:00 does not exist: offsets run from -23:59 to +23:59"],
        ),
        (
            "2024-05-01T09:00:00-05:60",
            ["offset -05:60 does not exist: offsets run from -23:59 to +23:59"],
        ),
        ("0000-01-01T00:00:00Z", ["year 0000 cannot be kept: years run from 0001 to 9999"]),
        ("9999-12-31T23:59:59.9999999Z", ["rounded to microseconds, it falls after the year 9999"]),
        (
            "9999-12-31T23:59:59.9999999+23:00",
            ["rounded to microseconds, it falls after the year 9999"],
        ),
        (
            "9999-12-31T23:59:59.9999999-00:59",
            ["rounded to microseconds, it falls after the year 9999"],
        ),
        ("2024", ["expected a date-time like 2024-05-01T09:00:00+00:00, got the number 2024"]),
        ("soon.", ["expected a date-time like 2024-05-01T09:00:00+00:00, got the text 'soon.'"]),
        ("[2024]", ["expected a date-time like 2024-05-01T09:00:00+00:00, got a list"]),
    ],
)
def test_each_wrong_time_says_what_is_wrong_with_it(written, problems, tmp_path):
    text = written.strip('"')
    if text.startswith("9999"):  # seven digits of a second: said first
        problems = [
            "7 digits of a second: at most 6 (microseconds) can be kept; round it",
            *problems,
        ]
    expected = [
        problem
        if problem.startswith(("needs", "expected", "7 digits"))
        else NOT_VALID.format(text, problem)
        for problem in problems
    ]
    assert problems_with(written, tmp_path) == [f"scenes[0].published: {p}" for p in expected]


@pytest.mark.parametrize(
    "written",
    [
        "2024-02-29T09:00:00Z",  # a leap day
        "2024-01-31T00:00:00+23:59",
        "2024-12-31T23:59:59-23:59",
        "2024-05-01T09:00:00.123456+05:30",  # six digits of a second: kept exactly
    ],
)
def test_the_edges_of_each_range_are_times(written):
    assert timestamp_rule(written) == datetime.fromisoformat(written)
    assert fraction_problem(written) == ""


def test_seven_digits_of_a_second_are_refused_as_written():
    assert fraction_problem("2024-05-01T09:00:00.1234567Z") == (
        "7 digits of a second: at most 6 (microseconds) can be kept; round it"
    )
    for other in (None, 2024, "soon.", "2024-05-01T09:00:00Z", "9.1234567"):
        assert fraction_problem(other) == ""


def test_a_time_from_python_needs_its_offset_too():
    """API callers hand datetimes, not text: an aware one is kept, a naive one refused."""
    aware = datetime(2024, 5, 1, 9, tzinfo=timezone(timedelta(hours=2)))
    assert timestamp_rule(aware) is aware
    assert timestamp_rule(datetime(2024, 5, 1, tzinfo=UTC)) == datetime(2024, 5, 1, tzinfo=UTC)
    with pytest.raises(
        RuleError, match=r"^needs a timezone offset, e\.g\. 2024-05-01T09:00:00\+00:00$"
    ):
        timestamp_rule(datetime(2024, 5, 1, 9))
