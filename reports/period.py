"""A report's dates: both ends included, read as days in the agency's time zone
(settings.TIME_ZONE), so a contact at 23:30 on the last evening counts and one at 00:10 the
next morning does not, whatever UTC says."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

MAX_DAYS = 366


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date  # included

    @property
    def starts_at(self) -> datetime.datetime:
        """The first instant of `start`, local time."""
        return _midnight(self.start)

    @property
    def ends_before(self) -> datetime.datetime:
        """The first instant after `end`, local time (an exclusive bound)."""
        return _midnight(self.end + datetime.timedelta(days=1))

    @property
    def months(self) -> list[datetime.date]:
        """The first day of each calendar month the period touches."""
        out = []
        month = self.start.replace(day=1)
        while month <= self.end:
            out.append(month)
            month = (month + datetime.timedelta(days=32)).replace(day=1)
        return out

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def __str__(self) -> str:
        return f"{self.start:%Y-%m-%d} to {self.end:%Y-%m-%d}"


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def last_month(today: datetime.date | None = None) -> Period:
    """The default: the last whole calendar month."""
    today = today or timezone.localdate()
    end = today.replace(day=1) - datetime.timedelta(days=1)
    return Period(end.replace(day=1), end)


def month_label(month: datetime.date) -> str:
    return f"{month:%b %Y}"
