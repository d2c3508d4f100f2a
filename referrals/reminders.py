"""Reminder rules whose causes live in the directory and in referrals; registered in
referrals/apps.py.

"Referral follow-up due": each open, sent referral whose follow-up date falls within
REFERRAL_FOLLOW_UP_NOTICE_DAYS (or has passed) reminds the person who made it, due on that
date. Logging a follow-up moves the date (a new reminder; the old one resolves), and closing
the referral with an outcome resolves it; overdue long enough, it escalates like check-ins.

"Referral open with no outcome": a referral sent REFERRAL_NO_OUTCOME_DAYS ago or more and
still open reminds its referrer, due that many days after sending, until an outcome is
recorded.

"Directory entry not verified for 12 months": each of the agency's admins is reminded of
each active service (and organisation) whose last verification, or creation if it was never
verified, is a year old. One query per rule, however large the directory; verifying the
entry resolves the reminder on the next sweep.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.db.models.functions import Coalesce, TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework import reminders
from casework.models import Role
from clients.models import Status
from referrals.models import AWAITING_STATUSES, Organization, Referral, Service, ServiceStatus
from referrals.selectors.directory import VERIFY_EVERY_DAYS

UNVERIFIED_SERVICE = "referrals.service_unverified"
UNVERIFIED_ORGANIZATION = "referrals.organization_unverified"
REFERRAL_FOLLOW_UP = "referrals.referral_follow_up"
REFERRAL_NO_OUTCOME = "referrals.referral_no_outcome"


def _stale(entries, now: datetime):
    """(admin, entry id, last verified or created, name) rows: one query, for the admins by
    a team role and those by their place on the agency's staff (a UNION drops doubles)."""
    cutoff = timezone.localdate(now) - timedelta(days=VERIFY_EVERY_DAYS)
    last = Coalesce("verified_on", TruncDate("created_at"))
    stale = entries.annotate(last_verified=last).filter(last_verified__lte=cutoff)
    by_team = stale.filter(
        agency__teams__memberships__role=Role.ADMIN,
        agency__teams__is_active=True,
    ).values_list("agency__teams__memberships__user_id", "pk", "last_verified", "name")
    by_place = stale.filter(agency__staff_places__is_admin=True).values_list(
        "agency__staff_places__user_id", "pk", "last_verified", "name"
    )
    return by_team.union(by_place)


def _candidates(entries, now: datetime, route: str) -> list[reminders.Candidate]:
    return [
        reminders.Candidate(
            recipient_id=recipient,
            object_id=pk,
            due_on=last + timedelta(days=VERIFY_EVERY_DAYS),
            client_id=None,
            team_id=None,
            subject=name[:120],
            title=str(_("Directory entry not verified for 12 months")),
            url=reverse(route, kwargs={"pk": pk}),
        )
        for recipient, pk, last, name in _stale(entries, now)
    ]


def unverified_service_candidates(now: datetime) -> list[reminders.Candidate]:
    services = Service.objects.filter(
        Q(status=ServiceStatus.ACTIVE) | Q(status=ServiceStatus.TEMPORARILY_CLOSED),
        organization__is_active=True,
    )
    return _candidates(services, now, "referrals:service_detail")


def unverified_organization_candidates(now: datetime) -> list[reminders.Candidate]:
    return _candidates(
        Organization.objects.filter(is_active=True), now, "referrals:organization_detail"
    )


def _referral_rows(referrals):
    """(referrer, referral, due date source, client, team, first name, preferred, record):
    one query with one join to the client."""
    return referrals.exclude(client__status=Status.DISCHARGED).values_list(
        "referred_by_id",
        "pk",
        "follow_up_on",
        "sent_on",
        "client_id",
        "client__team_id",
        "client__given_name",
        "client__preferred_name",
        "client__record_number",
    )


def _referral_url(client_id: int, referral_id: int) -> str:
    return reverse("referrals:referral_detail", kwargs={"client_id": client_id, "pk": referral_id})


def referral_follow_up_candidates(now: datetime) -> list[reminders.Candidate]:
    today = timezone.localdate(now)
    horizon = today + timedelta(days=settings.REFERRAL_FOLLOW_UP_NOTICE_DAYS)
    referrals = Referral.objects.filter(status__in=AWAITING_STATUSES, follow_up_on__lte=horizon)
    url = _referral_url(987654321, 123456789)
    return [
        reminders.Candidate(
            recipient_id=recipient,
            object_id=pk,
            due_on=follow_up_on,
            client_id=client_id,
            team_id=team_id,
            subject=f"{preferred or given} ({record})",
            # No provider or reason: titles reach e-mail.
            title=str(_("Referral follow-up due")),
            url=url.replace("987654321", str(client_id)).replace("123456789", str(pk)),
        )
        for recipient, pk, follow_up_on, _sent, client_id, team_id, given, preferred, record in (
            _referral_rows(referrals)
        )
    ]


def referral_no_outcome_candidates(now: datetime) -> list[reminders.Candidate]:
    days = settings.REFERRAL_NO_OUTCOME_DAYS
    cutoff = timezone.localdate(now) - timedelta(days=days)
    referrals = Referral.objects.filter(status__in=AWAITING_STATUSES, sent_on__lte=cutoff)
    url = _referral_url(987654321, 123456789)
    return [
        reminders.Candidate(
            recipient_id=recipient,
            object_id=pk,
            due_on=sent_on + timedelta(days=days),
            client_id=client_id,
            team_id=team_id,
            subject=f"{preferred or given} ({record})",
            title=str(_("Referral open with no outcome after {days} days")).format(days=days),
            url=url.replace("987654321", str(client_id)).replace("123456789", str(pk)),
        )
        for recipient, pk, _follow, sent_on, client_id, team_id, given, preferred, record in (
            _referral_rows(referrals)
        )
    ]


RULES = (
    reminders.Rule(
        kind=UNVERIFIED_SERVICE,
        label=_("Directory entry not verified for 12 months"),
        object_type="referrals.service",
        candidates=unverified_service_candidates,
        order=70,
    ),
    reminders.Rule(
        kind=UNVERIFIED_ORGANIZATION,
        label=_("Directory organisation not verified for 12 months"),
        object_type="referrals.organization",
        candidates=unverified_organization_candidates,
        order=71,
    ),
    reminders.Rule(
        kind=REFERRAL_FOLLOW_UP,
        label=_("Referral follow-up due"),
        object_type="referrals.referral",
        candidates=referral_follow_up_candidates,
        # A follow-up overdue by REMINDER_ESCALATE_AFTER_DAYS reaches the team's supervisors.
        escalates=True,
        order=60,
    ),
    reminders.Rule(
        kind=REFERRAL_NO_OUTCOME,
        label=_("Referral open with no outcome"),
        object_type="referrals.referral",
        candidates=referral_no_outcome_candidates,
        order=61,
    ),
)


def register() -> None:
    for rule in RULES:
        reminders.register(rule)
