"""Opening hours from HSDS schedules: python-dateutil's rrule reads a schedule's RRULE subset
(freq, interval, byday with ordinals, bymonthday, byweekno, byyearday, count, until, dtstart,
wkst) and its validity (valid_from, valid_to) to decide whether it is open at a moment, when it
opens next, and how to say it in words.

A schedule is read in its own UTC offset when it gives one (HSDS `timezone`), else in the
agency's time zone. Where the rule cannot be known (no hours, or every other week with no start
date to count from) the answer is "unknown", never "open".

Most schedules are plain weekly hours ("MO,TU,WE 09:00-17:00"); the directory search decides
those in SQL (`SIMPLE`, `simple_open_at`) and asks this module only about the others.
"""

from __future__ import annotations

import re
import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from datetime import timezone as dt_timezone
from decimal import Decimal
from typing import Any

from dateutil import rrule
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from directory.models.schedules import Frequency, Schedule, Weekday

WEEKDAYS = list(Weekday.values)
_FREQ = {
    Frequency.DAILY: rrule.DAILY,
    Frequency.WEEKLY: rrule.WEEKLY,
    Frequency.MONTHLY: rrule.MONTHLY,
    Frequency.YEARLY: rrule.YEARLY,
}
_DAY = {code: getattr(rrule, code) for code in WEEKDAYS}
BYDAY_PART = re.compile(r"^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$")
NUMBER_LIST = re.compile(r"^-?\d{1,3}(,-?\d{1,3})*$")
# Far enough back that any weekly rule without a start date has begun.
_EPOCH = date(2000, 1, 3)
_ORDINALS = {1: "1st", 2: "2nd", 3: "3rd", -1: "last", -2: "2nd to last"}

# Plain weekly hours, decided by SQL alone: weekly (or no freq) every week, by weekday codes
# only, no count, no week/month/year days, in the agency's time zone.
SIMPLE = (
    Q(freq__in=["", Frequency.WEEKLY])
    & (Q(interval__isnull=True) | Q(interval=1))
    & ~Q(byday="")
    & ~Q(byday__regex=r"[0-9]")
    & Q(bymonthday="", byweekno="", byyearday="", count__isnull=True, timezone__isnull=True)
)


def agency_zone() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def _zone(schedule: Schedule):
    if schedule.timezone is None:
        return agency_zone()
    return dt_timezone(timedelta(hours=float(schedule.timezone)))


def simple_open_at(moment: datetime) -> Q:
    """The plain weekly schedules open at `moment` (agency time), as a filter on Schedule."""
    local = timezone.localtime(moment, agency_zone())
    day, now = local.date(), local.time()
    return (
        SIMPLE
        & Q(byday__contains=WEEKDAYS[local.weekday()], opens_at__lte=now, closes_at__gt=now)
        & (Q(valid_from__isnull=True) | Q(valid_from__lte=day))
        & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        & (Q(until__isnull=True) | Q(until__gte=day))
        & (Q(dtstart__isnull=True) | Q(dtstart__lte=day))
    )


def parse_byday(text: str) -> list[tuple[int | None, str]]:
    """ "1MO,-1FR,TU" -> [(1, "MO"), (-1, "FR"), (None, "TU")]; ValueError on anything else."""
    parts = []
    for raw in filter(None, (p.strip().upper() for p in text.split(","))):
        match = BYDAY_PART.match(raw)
        if not match:
            raise ValueError(raw)
        ordinal = int(match.group(1)) if match.group(1) else None
        if ordinal == 0 or (ordinal is not None and abs(ordinal) > 53):
            raise ValueError(raw)
        parts.append((ordinal, match.group(2)))
    return parts


def parse_numbers(text: str) -> list[int]:
    """ "2,3,-1" -> [2, 3, -1]; ValueError on anything else (zero included)."""
    compact = text.replace(" ", "")
    if not compact:
        return []
    if not NUMBER_LIST.match(compact):
        raise ValueError(text)
    numbers = [int(n) for n in compact.split(",")]
    if 0 in numbers:
        raise ValueError(text)
    return numbers


def rule_for(schedule: Schedule, bound: datetime) -> rrule.rrule | None:
    """The schedule's recurrence as a dateutil rrule from its first opening up to `bound`
    (never past it: a rule whose parts never meet, such as week 41 on day 2 of the year,
    would otherwise be searched to the year 9999), or None when it cannot be known: no
    opening time, no rule at all, or a rule that needs a start date to count from (an
    interval or a count) without one. A `count` is applied by `occurrences`."""
    if schedule.opens_at is None or schedule.closes_at is None:
        return None
    freq = schedule.freq or (Frequency.WEEKLY if schedule.byday else "")
    if not freq:
        return None
    start = schedule.dtstart or schedule.valid_from
    if start is None and ((schedule.interval or 1) > 1 or schedule.count):
        return None
    if not evaluable(schedule, freq):
        return None
    until = bound
    if schedule.until:
        until = min(until, datetime.combine(schedule.until, time.max))
    kwargs: dict[str, Any] = {
        "dtstart": datetime.combine(start or _EPOCH, schedule.opens_at),
        "interval": schedule.interval or 1,
        "until": until,
    }
    try:
        if schedule.byday:
            kwargs["byweekday"] = [
                _DAY[code](ordinal) if ordinal else _DAY[code]
                for ordinal, code in parse_byday(schedule.byday)
            ]
        for name in ("bymonthday", "byweekno", "byyearday"):
            if getattr(schedule, name):
                kwargs[name] = parse_numbers(getattr(schedule, name))
    except ValueError:
        return None
    if schedule.wkst:
        kwargs["wkst"] = _DAY[schedule.wkst]
    return rrule.rrule(_FREQ[freq], **kwargs)


# Rule parts RFC 5545 allows with each frequency (HSDS adds byweekno to WEEKLY).
_ALLOWED = {
    Frequency.DAILY: {"bymonthday"},
    Frequency.WEEKLY: {"byweekno"},
    Frequency.MONTHLY: {"bymonthday"},
    Frequency.YEARLY: {"bymonthday", "byweekno", "byyearday"},
}


def evaluable(schedule: Schedule, freq: str | None = None) -> bool:
    """Whether dateutil can be asked about the rule safely: parts RFC 5545 allows for its
    frequency, and at most one set of days besides byday (a day of the month ordinal with a
    month day, or week 41 on day 2 of the year, may never meet, and dateutil would search
    for them up to the year 9999)."""
    freq = freq or schedule.freq or Frequency.WEEKLY
    parts = {name for name in ("bymonthday", "byweekno", "byyearday") if getattr(schedule, name)}
    if not parts <= _ALLOWED.get(freq, set()) or len(parts) > 1:
        return False
    ordinals = any(n is not None for n, _code in _parse_or_empty(schedule.byday))
    return not (ordinals and parts)


def _parse_or_empty(text: str) -> list[tuple[int | None, str]]:
    try:
        return parse_byday(text)
    except ValueError:
        return []


def occurrences(schedule: Schedule, bound: datetime) -> list[datetime] | None:
    """The schedule's openings up to `bound` (naive, in its own zone), its `count` applied,
    within its validity; None when they cannot be known."""
    rule = rule_for(schedule, bound)
    if rule is None:
        return None
    found = list(rule)
    if schedule.count:
        found = found[: schedule.count]
    return [o for o in found if _in_force(schedule, o.date())]


def _ends(schedule: Schedule) -> date | None:
    """The last day the schedule can apply: the earlier of valid_to and until."""
    ends = [d for d in (schedule.valid_to, schedule.until) if d is not None]
    return min(ends) if ends else None


def _in_force(schedule: Schedule, day: date) -> bool:
    if schedule.valid_from and day < schedule.valid_from:
        return False
    ends = _ends(schedule)
    return ends is None or day <= ends


def _local(schedule: Schedule, moment: datetime) -> datetime:
    return timezone.localtime(moment, _zone(schedule)).replace(tzinfo=None)


def is_open(schedule: Schedule, moment: datetime) -> bool | None:
    """True when the schedule is open at `moment`, False when it is closed, None when its
    hours cannot be known."""
    local = _local(schedule, moment)
    found = occurrences(schedule, datetime.combine(local.date(), time.max))
    if found is None:
        return None
    if not schedule.opens_at <= local.time() < schedule.closes_at:
        return False
    return bool(found) and found[-1].date() == local.date()


def next_opening(schedule: Schedule, moment: datetime) -> datetime | None:
    """When the schedule next opens after `moment` (in its own zone), or None: ended, never
    again within a year and a day, or unknown."""
    local = _local(schedule, moment)
    found = occurrences(schedule, local + timedelta(days=366))
    later = [o for o in found or [] if o > local]
    return later[0].replace(tzinfo=_zone(schedule)) if later else None


def has_ended(schedule: Schedule, today: date) -> bool:
    """Its validity or `until` is past, or its `count` of openings is used up before today."""
    ends = _ends(schedule)
    if ends is not None and ends < today:
        return True
    if not schedule.count:
        return False
    found = occurrences(schedule, datetime.combine(today, time.min))
    return found is not None and len(found) >= schedule.count


def open_schedule_ids(schedules, moment: datetime) -> set[int]:
    """Of `schedules` (rows that SQL cannot decide), the ids open at `moment`."""
    return {s.pk for s in schedules if is_open(s, moment)}


# Words -----------------------------------------------------------------------------------


def _day_names(parts: list[tuple[int | None, str]]) -> str:
    plain = [code for ordinal, code in parts if ordinal is None]
    short = [str(Weekday(code).label)[:3] for code in sorted(plain, key=WEEKDAYS.index)]
    indexes = sorted(WEEKDAYS.index(code) for code in plain)
    if len(indexes) > 2 and indexes == list(range(indexes[0], indexes[0] + len(indexes))):
        words = [f"{short[0]}–{short[-1]}"]
    else:
        words = [", ".join(short)] if short else []
    for ordinal, code in parts:
        if ordinal is not None:
            nth = _ORDINALS.get(ordinal, f"{ordinal}th")
            words.append(f"{nth} {Weekday(code).label}")
    return ", ".join(words)


def _numbers(text: str) -> str:
    return ", ".join(n.strip() for n in text.split(",") if n.strip())


def _when(schedule: Schedule) -> str:
    try:
        days = _day_names(parse_byday(schedule.byday)) if schedule.byday else ""
    except ValueError:
        days = schedule.byday
    every = schedule.interval or 1
    freq = schedule.freq or (Frequency.WEEKLY if schedule.byday else "")
    parts = []
    if freq == Frequency.DAILY:
        parts.append("Every day" if every == 1 else f"Every {every} days")
    elif freq == Frequency.WEEKLY:
        parts.append(days if every == 1 else f"Every {every} weeks: {days}".rstrip(": "))
    elif freq == Frequency.MONTHLY:
        unit = "month" if every == 1 else f"{every} months"
        if schedule.bymonthday:
            parts.append(f"Day {_numbers(schedule.bymonthday)} of every {unit}")
        if days:
            parts.append(f"{days} of every {unit}")
        if not schedule.bymonthday and not days:
            parts.append(f"Every {unit}")
    elif freq == Frequency.YEARLY:
        parts.append("Every year" if every == 1 else f"Every {every} years")
    elif days:
        parts.append(days)
    if schedule.byweekno:
        parts.append(f"in weeks {_numbers(schedule.byweekno)}")
    if schedule.byyearday:
        parts.append(f"on days {_numbers(schedule.byyearday)} of the year")
    if freq == Frequency.WEEKLY and schedule.bymonthday:
        parts.append(f"on days {_numbers(schedule.bymonthday)} of the month")
    return " ".join(parts)


def _hours(schedule: Schedule) -> str:
    if schedule.opens_at is None or schedule.closes_at is None:
        return "hours not given"
    text = f"{schedule.opens_at:%H:%M}–{schedule.closes_at:%H:%M}"
    if schedule.timezone is not None:
        offset = Decimal(schedule.timezone).normalize()
        text += f" (UTC{'+' if offset >= 0 else ''}{offset:f})"
    return text


def describe(schedule: Schedule) -> str:
    """ "Mon–Fri 09:00–17:00", "Every 2 weeks: Thu, Fri 10:00–18:00, from 6 Jan 2025",
    "1st Monday of every month 09:00–12:00, 3 times, until 31 Dec 2020"."""
    text = " ".join(p for p in (_when(schedule), _hours(schedule)) if p)
    extra = []
    if schedule.count:
        extra.append(f"{schedule.count} times")
    if schedule.valid_from:
        extra.append(f"from {schedule.valid_from:%-d %b %Y}")
    ends = _ends(schedule)
    if ends:
        extra.append(f"until {ends:%-d %b %Y}")
    return ", ".join([text, *extra])


@dataclass(frozen=True)
class Hours:
    """One schedule as a page shows it."""

    schedule: Schedule
    text: str
    open_now: bool | None
    ended: bool
    next_opening: datetime | None


def hours_of(schedules, moment: datetime | None = None) -> list[Hours]:
    moment = moment or timezone.now()
    today = timezone.localdate(moment)
    return [
        Hours(
            schedule=s,
            text=describe(s),
            open_now=is_open(s, moment),
            ended=has_ended(s, today),
            next_opening=next_opening(s, moment),
        )
        for s in schedules
    ]
