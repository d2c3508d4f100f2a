"""The one write reports make: recording a download in the audit trail, within the
per-person hourly limit (shared/domain/security.md: exports are rate-limited and audited)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from casework.audit import audit_record
from casework.models import AuditEvent, User
from reports.results import Report

EXPORT_ACTION = "reports.report.exported"


def report_export_allowed(*, user: User) -> bool:
    """REPORT_EXPORTS_PER_HOUR downloads per person per hour, counted in the audit trail, so
    the limit holds across every web process without shared state."""
    since = timezone.now() - datetime.timedelta(hours=1)
    done = AuditEvent.objects.filter(actor=user, action=EXPORT_ACTION, occurred_at__gte=since)
    return done.count() < settings.REPORT_EXPORTS_PER_HOUR


def report_export_record(*, request: HttpRequest, report: Report, fmt: str) -> AuditEvent:
    """The download's parameters: ids and dates, never a client's name."""
    return audit_record(
        action=EXPORT_ACTION,
        request=request,
        agency_id=report.scope.agency_id,
        detail={
            "report": report.slug,
            "format": fmt,
            "scope": report.scope.key,
            "teams": sorted(report.scope.team_ids),
            "from": report.period.start.isoformat(),
            "to": report.period.end.isoformat(),
            "client_lists": bool(report.lists),
        },
    )
