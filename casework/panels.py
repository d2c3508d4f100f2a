"""Dashboard panels of the project package itself: admin and compliance."""

from __future__ import annotations

from django.http import HttpRequest

from casework import selectors
from casework.access import Access
from casework.dashboard import Panel
from casework.models import Role


def agency_admin_panel(request: HttpRequest, access: Access) -> Panel | None:
    if not access.admin_agency_ids:
        return None
    summary = selectors.staff_summary(viewer=request.user)
    return Panel(template="casework/_admin_panel.html", context={"summary": summary})


def compliance_panel(request: HttpRequest, access: Access) -> Panel | None:
    if Role.COMPLIANCE not in access.roles:
        return None
    count = selectors.recent_audit_count(viewer=request.user)
    return Panel(template="casework/_compliance_panel.html", context={"audit_count": count})
