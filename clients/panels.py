"""Dashboard panels this app contributes (shown in order by pages.home)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import HttpRequest
from django.utils import timezone

from casework.access import Access
from casework.dashboard import Panel
from clients import selectors
from clients.selectors.caseload import caseload_overview
from clients.selectors.consent import expiring_consents_for
from clients.selectors.visits import unsigned_notes_for


def caseload_panel(request: HttpRequest, access: Access) -> Panel | None:
    """The user's overdue count and the next few clients due, from "My caseload"."""
    if not access.writable_team_ids:
        return None
    overdue, upcoming = caseload_overview(viewer=request.user, today=timezone.localdate())
    return Panel(
        template="clients/_caseload_panel.html",
        context={"overdue_count": overdue, "upcoming": upcoming},
    )


def supervised_teams_panel(request: HttpRequest, access: Access) -> Panel | None:
    if not access.readable_team_ids:
        return None
    teams = list(selectors.team_client_counts(viewer=request.user))
    return Panel(
        template="clients/_teams_panel.html",
        context={"teams": teams, "supervises": bool(access.supervised_team_ids)},
    )


def paperwork_panel(request: HttpRequest, access: Access) -> Panel | None:
    """What the user must close out: their unsigned notes (and how many are past the
    documentation window) and their clients' releases about to expire. Two queries."""
    if not access.writable_team_ids:
        return None
    notes = unsigned_notes_for(viewer=request.user).aggregate(
        total=Count("pk"), overdue=Count("pk", filter=Q(sign_due_at__lt=timezone.now()))
    )
    return Panel(
        template="clients/_paperwork_panel.html",
        context={
            "unsigned": notes["total"],
            "unsigned_overdue": notes["overdue"],
            "expiring": expiring_consents_for(viewer=request.user).count(),
        },
    )
