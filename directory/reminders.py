"""The directory's reminder rule, registered in directory/apps.py.

"Directory entry not verified for 12 months": each of the agency's admins is reminded of
each active service (and organisation) whose last verification, or creation if it was never
verified, is a year old. One query per rule, however large the directory; verifying the
entry resolves the reminder on the next sweep.

The kinds were `referrals.*` before the directory left the referrals app; migration
directory/0002 renamed the stored reminders so their keys still match.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Q
from django.db.models.functions import Coalesce, TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework import reminders
from casework.models import Role
from directory.models import Organization, Service, ServiceStatus
from directory.models.entries import VERIFY_EVERY_DAYS

UNVERIFIED_SERVICE = "directory.service_unverified"
UNVERIFIED_ORGANIZATION = "directory.organization_unverified"


RULES = reminders.RuleSet()


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


@RULES.rule(
    UNVERIFIED_SERVICE,
    _("Directory entry not verified for 12 months"),
    "directory.service",
    order=70,
)
def unverified_service_candidates(now: datetime) -> list[reminders.Candidate]:
    services = Service.objects.filter(
        Q(status=ServiceStatus.ACTIVE) | Q(status=ServiceStatus.TEMPORARILY_CLOSED),
        organization__is_active=True,
    )
    return _candidates(services, now, "directory:service_detail")


@RULES.rule(
    UNVERIFIED_ORGANIZATION,
    _("Directory organisation not verified for 12 months"),
    "directory.organization",
    order=71,
)
def unverified_organization_candidates(now: datetime) -> list[reminders.Candidate]:
    return _candidates(
        Organization.objects.filter(is_active=True), now, "directory:organization_detail"
    )


register = RULES.register
