"""The suite's clock. Every test starts at a fixed time of the agency's day on today's local
date, ticking from there (time-machine), so no result depends on the hour the suite runs. The
default, 17:30, is an hour when a date taken in UTC is already tomorrow in Los Angeles, summer
and winter alike: a UTC-date bug shows in every test. CASEWORK_TEST_TIME=HH:MM runs the whole
suite at another hour.

Tests of date rules use the `clock` fixture to stand at an exact instant (see AGENCY_HOURS and
DST_CHANGES, agency_moments). Browser tests run on the same travelled clock as the live server
(one process) and compare dates against what the server computes, never the browser's clock.
"""

from __future__ import annotations

import os
from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.utils import timezone

# Four times of the agency's day that catch a UTC/local mix-up from either side: past local
# midnight (UTC still today in the east, not here), noon, after 16:00 Los Angeles time (UTC is
# already tomorrow) and late evening.
AGENCY_HOURS = ("00:30", "12:00", "16:30", "23:30")

# Days in America/Los_Angeles when the clocks change (2026): the day is 23 hours long in
# spring and 25 hours long in autumn.
DST_CHANGES = (date(2026, 3, 8), date(2026, 11, 1))

DEFAULT_TEST_TIME = "17:30"


def hhmm(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def agency_instant(at: str | time, day: date | None = None) -> datetime:
    """The aware instant of `at` on `day` (today by the real clock when left out), read in
    the agency's time zone; on a DST change day the wall time is taken as written."""
    wall = hhmm(at) if isinstance(at, str) else at
    day = day or timezone.localdate(_real_now())
    return timezone.make_aware(datetime.combine(day, wall))


def suite_start() -> datetime:
    return agency_instant(os.environ.get("CASEWORK_TEST_TIME", DEFAULT_TEST_TIME))


def _real_now() -> datetime:
    # Before any travel this is the machine's clock; inside a travel, the travelled one,
    # which is what a test building "today at 23:30" means.
    return timezone.now()


class Clock:
    """A test's hand on the clock: `clock.at("23:30")`, `clock.at("00:30", day=...)`,
    `clock.set(instant)`, `clock.advance(hours=2)`. Time stands still until moved."""

    def __init__(self) -> None:
        self._travel: time_machine.travel | None = None

    def set(self, instant: datetime) -> datetime:
        self.stop()
        # time-machine sets the process's zone from the destination's tzinfo (UTC for
        # timezone.now()): keep it the agency's, as Django set it at start-up.
        instant = timezone.localtime(instant)
        self._travel = time_machine.travel(instant, tick=False)
        self._travel.start()
        return instant

    def at(self, at: str | time, day: date | None = None) -> datetime:
        return self.set(agency_instant(at, day))

    def advance(self, **delta: float) -> datetime:
        return self.set(timezone.now() + timedelta(**delta))

    def today(self) -> date:
        return timezone.localdate()

    def stop(self) -> None:
        if self._travel is not None:
            self._travel.stop()
            self._travel = None


# The days the date-rule tests stand on: the last day of a month (a report's "last month"
# turns over at local midnight, not at 17:00 the evening before) and both DST changes (the
# autumn one is also the first of a month).
AGENCY_DAYS = (date(2026, 6, 30), *DST_CHANGES)


def agency_moments():
    """(day, "HH:MM") for every agency hour on every agency day: parametrize a rule test."""
    return [
        pytest.param(day, hour, id=f"{day:%Y-%m-%d}T{hour}")
        for day in AGENCY_DAYS
        for hour in AGENCY_HOURS
    ]


def when_run(values: dict) -> dict:
    """Parametrize lists are built at collection, on the machine's clock, hours away from the
    test's: a value that depends on "now" is written as a lambda and computed here, inside the
    test, on the travelled clock."""
    return {key: value() if callable(value) else value for key, value in values.items()}
