"""The supervisor's staffing panel on the home dashboard: who is over their caseload limit
(acuity-weighted), whose trainings lapsed or are about to, and which clients live outside
their team's area (flagged for transfer). Registered in apps.py; a fixed four queries."""

from __future__ import annotations

from django.db.models import F, Q
from django.http import HttpRequest
from django.utils import timezone

from casework.access import WRITE_ROLES, Access, access_for
from casework.dashboard import Panel
from casework.models import Membership, User
from casework.staffing.selectors import EXPIRY_NOTICE_DAYS, trainings_needing_renewal
from clients.models import Client, Status
from clients.selectors.matching import members_with_capacity

LISTED = 5  # flagged clients named on the panel; the count says how many in all


def over_capacity(*, viewer: User) -> list[Membership]:
    """Members of the teams the viewer supervises whose weighted caseload passes their limit
    in the team's program, fullest first: one query."""
    members = Membership.objects.filter(
        team_id__in=access_for(viewer).supervised_team_ids,
        role__in=WRITE_ROLES,
        user__is_active=True,
    ).select_related("user", "team")
    rows = (
        members_with_capacity(members)
        .filter(load__gt=F("limit"))
        .order_by((F("load") - F("limit")).desc(), "user__full_name", "pk")
    )
    return list(rows)


def clients_outside_team_area(*, viewer: User):
    """Open clients of the supervised teams whose service area is not their team's."""
    return (
        Client.objects.visible_to(viewer)
        .filter(team_id__in=access_for(viewer).supervised_team_ids)
        .exclude(status=Status.DISCHARGED)
        .filter(service_area__isnull=False, team__service_area__isnull=False)
        .filter(~Q(service_area=F("team__service_area")))
        .select_related("service_area", "team")
        .order_by("family_name", "given_name", "pk")
    )


def staffing_panel(request: HttpRequest, access: Access) -> Panel | None:
    if not access.supervised_team_ids:
        return None
    today = timezone.localdate()
    flagged = clients_outside_team_area(viewer=request.user)
    return Panel(
        template="clients/_staffing_panel.html",
        context={
            "over": over_capacity(viewer=request.user),
            "trainings": list(
                trainings_needing_renewal(team_ids=access.supervised_team_ids, today=today)
            ),
            "flagged": list(flagged[:LISTED]),
            "flagged_count": flagged.count(),
            "today": today,
            "notice_days": EXPIRY_NOTICE_DAYS,
        },
    )
