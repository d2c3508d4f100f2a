"""Reads for staff, teams and the audit trail, always limited to the viewer's agencies."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count
from django.utils import timezone

from casework.access import access_for
from casework.models import AuditEvent, User


def staff_summary(*, viewer: User) -> dict[str, int]:
    agency_ids = access_for(viewer).admin_agency_ids
    return User.objects.filter(memberships__team__agency_id__in=agency_ids).aggregate(
        staff=Count("pk", distinct=True),
        teams=Count("memberships__team", distinct=True),
    )


def recent_audit_count(*, viewer: User, hours: int = 24) -> int:
    """Events in the viewer's agencies in the last `hours`, for the compliance panel."""
    agency_ids = access_for(viewer).agency_ids
    since = timezone.now() - timedelta(hours=hours)
    return AuditEvent.objects.filter(agency_id__in=agency_ids, occurred_at__gte=since).count()
