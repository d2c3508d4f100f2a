"""A small world whose report figures are worked out by hand in the tests' comments.

Team A (the cast's team) has three clients, Ada, Ben and Cy; team B's client Boris must never
count. The period is March and April 2026 in the agency's time zone (America/Los_Angeles,
summer time from 8 March, so UTC-7 at both month ends).

Contacts (visit.team = the client's team):
  Ada  2 Mar 10:00  face to face, home, 60 min, [housing]
  Ada 15 Mar        attempted, street, 15 min
  Ada  3 Apr        phone, remote, 30 min, [housing, benefits]
  Ben 31 Mar 23:30  face to face, office, 45 min, [medication]   (06:30 UTC on 1 April)
  Ben 30 Apr 23:59  face to face, home, 20 min, no service       (last minute of the period)
  Ben  1 May 00:10  face to face, home, 50 min                   (outside: the next day)
  Ben 28 Feb 23:59  face to face, home, 50 min                   (outside: the day before)
  Cy  10 Mar        face to face, signed then retracted           (never counts)
  Cy  20 Mar        attempted, 10 min
  Boris 5 Mar       team B                                         (never counts for A)
Episodes: Ada #1 opened 5 Mar (new); Ben #1 2025-01-01..2026-02-01, Ben #2 opened 10 Apr
  (re-opened); Cy #1 opened 2025-06-01, closed 30 Apr (moved); Boris #1 opened 3 Mar (team B).
Key events: Ada hospital 1-6 Mar; Ada housing 20 Mar; Ben hospital 25-31 Mar; Ben hospital
  10-12 Mar VOIDED; Ben jail 2-5 Apr; Cy hospital 20 Feb-3 Mar; Cy employment 30 Apr;
  Boris jail 12 Mar (team B).
Referrals (need, sent, outcome, closed): Ada housing 1 Mar completed 11 Mar; Ben housing 5 Mar
  completed 9 Mar; Ada daily living 10 Apr declined 12 Apr; Cy (no need) 30 Apr still sent;
  Cy daily living 20 Mar completed 20 Apr; Ben daily living 27 Feb completed 2 Mar (outside);
  Ada draft (never sent); Boris housing 3 Mar (team B).
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest

from clients.models import EventKind, Mode, Place
from referrals.models import ReferralStatus
from reports.period import Period
from tests.factories import (
    ClientFactory,
    ConsentReleaseFactory,
    EpisodeFactory,
    KeyEventFactory,
    ReferralFactory,
    VisitFactory,
)

LA = ZoneInfo("America/Los_Angeles")
PERIOD = Period(datetime.date(2026, 3, 1), datetime.date(2026, 4, 30))


def at(month: int, day: int, hour: int = 10, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, month, day, hour, minute, tzinfo=LA)


def d(month: int, day: int, year: int = 2026) -> datetime.date:
    return datetime.date(year, month, day)


def visit(client, when, minutes=30, mode=Mode.FACE_TO_FACE, place=Place.HOME, services=(), **kw):
    return VisitFactory(
        client=client,
        contact_at=when,
        duration_minutes=minutes,
        mode=mode,
        place=place,
        services=list(services),
        **kw,
    )


def referral(client, need, sent_on, status, closed_on=None):
    consent = ConsentReleaseFactory(client=client) if sent_on else None
    return ReferralFactory(
        client=client,
        need_domain=need,
        sent_on=sent_on,
        consent=consent,
        status=status,
        closed_on=closed_on,
        outcome_note="Outcome recorded." if closed_on else "",
    )


@pytest.fixture
def world(team_a, client_b):
    return build_world(team_a, client_b)


def build_world(team_a, client_b) -> dict:
    """The rows described at the top of this module; returns the clients by first name."""
    ada = ClientFactory(team=team_a, given_name="Ada", family_name="Alpha", record_number="A-10")
    ben = ClientFactory(team=team_a, given_name="Ben", family_name="Beta", record_number="A-11")
    cy = ClientFactory(team=team_a, given_name="Cy", family_name="Gamma", record_number="A-12")

    visit(ada, at(3, 2), 60, services=["housing"])
    visit(ada, at(3, 15), 15, mode=Mode.ATTEMPTED, place=Place.STREET)
    visit(ada, at(4, 3), 30, mode=Mode.PHONE, place=Place.REMOTE, services=["housing", "benefits"])
    visit(ben, at(3, 31, 23, 30), 45, place=Place.OFFICE, services=["medication"])
    visit(ben, at(4, 30, 23, 59), 20)
    visit(ben, at(5, 1, 0, 10), 50, services=["housing"])
    visit(ben, at(2, 28, 23, 59), 50, services=["housing"])
    signed = at(3, 10, 12)
    visit(cy, at(3, 10), 40, services=["crisis"], signed_at=signed, retracted_at=signed)
    visit(cy, at(3, 20), 10, mode=Mode.ATTEMPTED)
    visit(client_b, at(3, 5), 90, services=["housing"])

    EpisodeFactory(client=ada, number=1, opened_on=d(3, 5))
    EpisodeFactory(
        client=ben, number=1, opened_on=d(1, 1, 2025), closed_on=d(2, 1), discharge_reason="moved"
    )
    EpisodeFactory(client=ben, number=2, opened_on=d(4, 10))
    EpisodeFactory(
        client=cy, number=1, opened_on=d(6, 1, 2025), closed_on=d(4, 30), discharge_reason="moved"
    )
    EpisodeFactory(client=client_b, number=1, opened_on=d(3, 3))

    KeyEventFactory(client=ada, kind=EventKind.HOSPITAL, started_on=d(3, 1), ended_on=d(3, 6))
    KeyEventFactory(client=ada, kind=EventKind.HOUSING, started_on=d(3, 20), ended_on=None)
    KeyEventFactory(client=ben, kind=EventKind.HOSPITAL, started_on=d(3, 25), ended_on=d(3, 31))
    KeyEventFactory(
        client=ben,
        kind=EventKind.HOSPITAL,
        started_on=d(3, 10),
        ended_on=d(3, 12),
        voided_at=at(3, 13),
        void_reason="Wrong client",
    )
    KeyEventFactory(client=ben, kind=EventKind.JAIL, started_on=d(4, 2), ended_on=d(4, 5))
    KeyEventFactory(client=cy, kind=EventKind.HOSPITAL, started_on=d(2, 20), ended_on=d(3, 3))
    KeyEventFactory(client=cy, kind=EventKind.EMPLOYMENT, started_on=d(4, 30), ended_on=None)
    KeyEventFactory(client=client_b, kind=EventKind.JAIL, started_on=d(3, 12), ended_on=d(3, 14))

    S = ReferralStatus
    referral(ada, "income_housing", d(3, 1), S.COMPLETED, d(3, 11))
    referral(ben, "income_housing", d(3, 5), S.COMPLETED, d(3, 9))
    referral(ada, "daily_living", d(4, 10), S.DECLINED, d(4, 12))
    referral(cy, "", d(4, 30), S.SENT)
    referral(cy, "daily_living", d(3, 20), S.COMPLETED, d(4, 20))
    referral(ben, "daily_living", d(2, 27), S.COMPLETED, d(3, 2))
    referral(ada, "income_housing", None, S.DRAFT)
    referral(client_b, "income_housing", d(3, 3), S.SENT)
    return {"ada": ada, "ben": ben, "cy": cy, "boris": client_b}
