"""Newsletter periods, exactly (issue 22: the survivors of mutation testing): weekly periods for
any weekday, whichever side of the run's day it falls; labels of every cadence; the bounds;
dates with positive and negative offsets read back from a stored message."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from pipeline.errors import UsageError
from pipeline.newsletter.schedule import Period, Schedule, date_of, label_of

THURSDAY = date(2026, 11, 26)


@pytest.mark.parametrize(
    ("weekday", "start"),
    [
        ("monday", date(2026, 11, 23)),
        ("tuesday", date(2026, 11, 24)),
        ("wednesday", date(2026, 11, 25)),
        ("thursday", date(2026, 11, 26)),  # the run's own day starts a period
        ("friday", date(2026, 11, 20)),  # later in the week than the run: last week's
        ("saturday", date(2026, 11, 21)),
        ("sunday", date(2026, 11, 22)),
    ],
)
def test_a_weekly_period_starts_on_its_weekday_before_or_on_the_day(weekday, start):
    period = Schedule("weekly", weekday).period_of(THURSDAY)
    assert period == Period(start, start + timedelta(days=7), "weekly")
    assert period.key == f"weekly:{start.isoformat()}"


@pytest.mark.parametrize(
    ("cadence", "day", "label"),
    [
        ("weekly", date(2026, 11, 23), "week of 23 November 2026"),
        ("daily", date(2026, 3, 8), "8 March 2026"),
        ("monthly", date(2026, 2, 14), "February 2026"),
    ],
)
def test_every_cadence_has_its_label(cadence, day, label):
    period = Schedule(cadence).period_of(day)
    assert period.label() == label
    assert label_of(period.key) == label


@pytest.mark.parametrize(
    ("cadence", "day", "end"),
    [
        ("daily", date(2026, 12, 31), date(2027, 1, 1)),
        ("monthly", date(2024, 2, 10), date(2024, 3, 1)),  # a leap year's February
        ("monthly", date(2026, 4, 30), date(2026, 5, 1)),
    ],
)
def test_a_period_ends_where_the_next_begins(cadence, day, end):
    period = Schedule(cadence).period_of(day)
    assert period.end == end
    assert Schedule(cadence).period_of(end).start == end


def test_between_yields_each_period_after_the_first_up_to_the_last():
    schedule = Schedule("monthly")
    first, last = schedule.period_of(date(2026, 1, 15)), schedule.period_of(date(2026, 4, 1))
    assert [p.start for p in schedule.between(first, last)] == [
        date(2026, 2, 1),
        date(2026, 3, 1),
        date(2026, 4, 1),
    ]
    assert list(schedule.between(last, last)) == []
    assert list(schedule.between(last, first)) == []


@pytest.mark.parametrize(
    ("cadence", "day", "unit"),
    [
        ("daily", date(1899, 12, 31), "day"),
        ("weekly", date(1900, 1, 6), "week"),  # its Sunday week starts on 31 December 1899
        ("monthly", date(9999, 12, 31), "month"),
        ("weekly", date(9999, 12, 31), "week"),
    ],
)
def test_a_period_that_cannot_be_dated_is_a_usage_error(cadence, day, unit):
    schedule = Schedule(cadence, "sunday")
    with pytest.raises(UsageError) as caught:
        schedule.period_of(day)
    message = str(caught.value)
    assert message.startswith(f"{day.isoformat()}: no issue can be made for the {unit} ")
    assert message.endswith(f"the {unit} must lie between 1900-01-01 and 9998-12-31")


def test_the_first_and_last_datable_periods():
    assert Schedule("daily").period_of(date(1900, 1, 1)).start == date(1900, 1, 1)
    assert Schedule("monthly").period_of(date(9998, 12, 31)).end == date(9999, 1, 1)


def test_send_time_is_the_first_day_at_the_time_in_the_zone():
    zone = ZoneInfo("America/Toronto")
    period = Schedule("weekly").period_of(THURSDAY)
    due = period.send_time(time(7, 30), zone)
    assert due == datetime(2026, 11, 23, 7, 30, tzinfo=zone)
    assert due.utcoffset() == timedelta(hours=-5)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (
            b"Date: Mon, 23 Nov 2026 07:00:00 +0530",
            datetime(2026, 11, 23, 7, 0, tzinfo=timezone(timedelta(hours=5, minutes=30))),
        ),
        (
            b"Date: Sun, 1 Mar 2026 23:59:58 -0945",
            datetime(2026, 3, 1, 23, 59, 58, tzinfo=timezone(-timedelta(hours=9, minutes=45))),
        ),
        (
            b"Date: Fri, 31 Dec 2027 12:34:56 +0000",
            datetime(2027, 12, 31, 12, 34, 56, tzinfo=UTC),
        ),
        (  # month names are case-insensitive (RFC 5322): a hand-edited header still reads
            b"Date: Mon, 23 nov 2026 07:00:00 +0100",
            datetime(2026, 11, 23, 7, 0, tzinfo=timezone(timedelta(hours=1))),
        ),
        (  # not the form issues are written in: read by the email package
            b"Date: 23 Nov 2026 07:00:00 +0100",
            datetime(2026, 11, 23, 7, 0, tzinfo=timezone(timedelta(hours=1))),
        ),
    ],
)
def test_date_of_reads_every_offset(header, expected):
    eml = (
        b"Subject: x\r\n"
        + header
        + b"\r\nFrom: a@example.org\r\n\r\nDate: Tue, 1 Jan 2030 00:00:00 +0000\r\n"
    )
    found = date_of(eml.replace(b"\r\n", b"\n"))
    assert found == expected
    assert found.utcoffset() == expected.utcoffset()


def test_a_message_without_a_date_is_refused():
    with pytest.raises(ValueError, match=r"^the message has no Date header$"):
        date_of(b"Subject: x\n\nDate: Tue, 1 Jan 2030 00:00:00 +0000\n")


def test_a_daily_period_is_named_daily():
    assert Schedule("daily").period_of(date(2026, 3, 8)).key == "daily:2026-03-08"
    assert Schedule("monthly").period_of(date(2026, 3, 8)).key == "monthly:2026-03-01"


def test_date_of_reads_the_header_not_the_body():
    """Only the header counts: a body quoting a Date line (after a blank line, or several)
    is not the message's date."""
    eml = b"Subject: x\n\nbody\n\nDate: Tue, 1 Jan 2030 00:00:00 +0000\n\nmore\n"
    with pytest.raises(ValueError, match="no Date header"):
        date_of(eml)


def test_date_of_reads_a_header_in_another_form_and_encoding():
    """Not the form issues are written in (no space after the colon, a Latin-1 byte in another
    header): read by the email package, whatever else the header holds."""
    eml = b"Subject: caf\xe9\nDate:23 Nov 2026 07:00:00 +0100\n\nbody\n"
    assert date_of(eml) == datetime(2026, 11, 23, 7, 0, tzinfo=timezone(timedelta(hours=1)))
