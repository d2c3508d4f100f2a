"""Home dashboard panels (shown in order by pages.home): the supervisor's way in to their teams'
dashboards, and a case manager's notes returned by a supervisor."""

from __future__ import annotations

from django.http import HttpRequest

from casework.access import Access
from casework.dashboard import Panel
from supervision.models import NoteReturn

RETURNS_SHOWN = 5


def team_panel(request: HttpRequest, access: Access) -> Panel | None:
    """Supervisors and agency admins: the way to the team dashboards. No query: the access
    already says whether there is a team to show."""
    if not (access.supervised_team_ids or access.admin_agency_ids):
        return None
    return Panel(
        template="supervision/_team_panel.html",
        context={"several": len(access.supervised_team_ids) > 1 or bool(access.admin_agency_ids)},
    )


def returned_notes_panel(request: HttpRequest, access: Access) -> Panel | None:
    """The author's notes a supervisor returned and nobody has answered yet: paperwork.
    One query; nothing shown when there are none."""
    if not access.writable_team_ids:
        return None
    returns = list(
        NoteReturn.objects.filter(
            visit__author=request.user,
            resolved_at__isnull=True,
            team_id__in=access.writable_team_ids,
        )
        .select_related("visit", "visit__client", "returned_by")
        .order_by("returned_at", "pk")[:RETURNS_SHOWN]
    )
    if not returns:
        return None
    return Panel(template="supervision/_returned_panel.html", context={"returns": returns})
