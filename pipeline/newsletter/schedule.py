"""Newsletter periods: which period a date falls in, and the periods between two of them.

A period is named by its cadence and first day (`weekly:2026-11-23`), so the name is derived
from the schedule alone: two runs in the same period always agree on it, whatever the clock
time, and daylight-saving changes cannot skip or double one (dates, not instants, are used).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import msgspec

from pipeline.errors import UsageError
from pipeline.settings import WEEKDAYS

FIRST_DAY = date(1900, 1, 1)
"""Email dates start in 1900 (RFC 5322, section 3.3)."""
END = date(9999, 1, 1)
"""Periods end by then, so the one after the last (catch-up looks at it) can still be dated."""


class Period(msgspec.Struct, frozen=True):
    start: date
    end: date  # exclusive
    cadence: str

    @property
    def key(self) -> str:
        return f"{self.cadence}:{self.start.isoformat()}"

    def label(self) -> str:
        """'week of 23 November 2026', '24 November 2026', 'November 2026'."""
        day = f"{self.start.day} {self.start:%B %Y}"
        if self.cadence == "weekly":
            return f"week of {day}"
        if self.cadence == "monthly":
            return f"{self.start:%B %Y}"
        return day

    def send_time(self, at: time, zone: ZoneInfo) -> datetime:
        """When this period's issue is due: its first day at the configured time."""
        return datetime.combine(self.start, at, tzinfo=zone)


def label_of(key: str) -> str:
    """A period's label from its key in the ledger: 'weekly:2026-11-23' -> 'week of 23
    November 2026'."""
    cadence, _, start = key.partition(":")
    day = date.fromisoformat(start)
    return Period(day, day, cadence).label()  # the label reads only the start and cadence


class Schedule(msgspec.Struct, frozen=True):
    cadence: str  # daily | weekly | monthly
    weekday: str = "monday"

    def period_of(self, day: date) -> Period:
        """The period containing `day`; a day whose period cannot be dated is a usage error."""
        try:
            period = self._period_of(day)
        except OverflowError:
            period = None
        if period is None or period.start < FIRST_DAY or period.end > END:
            raise UsageError(
                f"{day.isoformat()}: no issue can be made for the {self._unit()} containing "
                f"it; the {self._unit()} must lie between {FIRST_DAY.isoformat()} and "
                f"{END.replace(year=END.year - 1, month=12, day=31).isoformat()}"
            )
        return period

    def _unit(self) -> str:
        return {"daily": "day", "weekly": "week", "monthly": "month"}[self.cadence]

    def _period_of(self, day: date) -> Period:
        if self.cadence == "daily":
            return Period(day, day + timedelta(days=1), "daily")
        if self.cadence == "weekly":
            start = day - timedelta(days=(day.weekday() - WEEKDAYS.index(self.weekday)) % 7)
            return Period(start, start + timedelta(days=7), "weekly")
        start = day.replace(day=1)
        days = calendar.monthrange(start.year, start.month)[1]
        return Period(start, start + timedelta(days=days), "monthly")

    def between(self, after: Period, until: Period) -> Iterator[Period]:
        """The periods after `after`, up to and including `until`."""
        current = self._period_of(after.end)
        while current.start <= until.start:
            yield current
            current = self._period_of(current.end)


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DATE = re.compile(
    rb"^Date: \w{3}, (\d{1,2}) (\w{3}) (\d{4}) (\d\d):(\d\d):(\d\d) ([+-])(\d\d)(\d\d)\r?$",
    re.M,
)


def date_of(eml: bytes) -> datetime:
    """The Date header of a stored message: when its issue is due. Read directly in the form
    issues are written (RFC 5322, as `format_datetime` gives it), so a run that finds nothing
    to do need not load the email package; anything else is read by it."""
    head = eml.partition(b"\n\n")[0]
    found = _DATE.search(head)
    if found is not None and found.group(2).decode() in _MONTHS:
        day, month, year, hour, minute, second, sign, oh, om = found.groups()
        offset = timedelta(hours=int(oh), minutes=int(om)) * (-1 if sign == b"-" else 1)
        return datetime(
            int(year),
            _MONTHS.index(month.decode()) + 1,
            int(day),
            int(hour),
            int(minute),
            int(second),
            tzinfo=timezone(offset),
        )
    from email.utils import parsedate_to_datetime

    for line in head.decode("utf-8", "replace").splitlines():
        if line.lower().startswith("date:"):
            return parsedate_to_datetime(line[5:].strip())
    raise ValueError("the message has no Date header")
