"""One way to write the audit trail. Services and views call `audit_record`; nothing else
inserts AuditEvent rows. Action codes are dotted (`clients.client.view`) and details hold IDs,
never clinical free text."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest

from casework.models import AuditEvent, User
from casework.request_context import current_request


def audit_record(
    *,
    action: str,
    actor: User | None = None,
    obj: models.Model | None = None,
    client_id: int | None = None,
    agency_id: int | None = None,
    request: HttpRequest | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    if request is None:
        # A service called from a view: the change carries the request's id and address.
        request = current_request()
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    return AuditEvent.objects.create(
        action=action,
        actor=actor,
        agency_id=agency_id,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        client_id=client_id,
        request_id=getattr(request, "request_id", "") if request is not None else "",
        ip_address=_client_ip(request) if request is not None else None,
        detail=detail or {},
    )


def audit_record_many(
    *,
    action: str,
    actor: User | None,
    agency_id: int | None,
    entries: list[tuple[models.Model, int | None, dict[str, Any]]],
    batch_size: int = 1000,
) -> None:
    """One event per (object, client id, detail), inserted in batches: for writes made in
    bulk (the caseload import), where one INSERT per row would not scale. The database
    trigger chains each row as it does a single one."""
    request = current_request()
    request_id = getattr(request, "request_id", "") if request is not None else ""
    ip_address = _client_ip(request) if request is not None else None
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                action=action,
                actor=actor,
                agency_id=agency_id,
                object_type=obj._meta.label_lower,
                object_id=str(obj.pk),
                client_id=client_id,
                request_id=request_id,
                ip_address=ip_address,
                detail=detail,
            )
            for obj, client_id, detail in entries
        ],
        batch_size=batch_size,
    )


def audit_view(request: HttpRequest, obj: models.Model, *, client_id: int | None) -> AuditEvent:
    """Record that the signed-in user looked at a client-scoped page."""
    return audit_record(
        action=f"{obj._meta.label_lower}.view",
        obj=obj,
        client_id=client_id,
        agency_id=getattr(obj, "agency_id", None),
        request=request,
    )


def _client_ip(request: HttpRequest) -> str | None:
    # REMOTE_ADDR is the proxy's address behind a reverse proxy unless the WSGI server is
    # told to trust X-Forwarded-For (gunicorn --forwarded-allow-ips); see README.
    return request.META.get("REMOTE_ADDR") or None
