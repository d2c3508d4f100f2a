"""One way to write the audit trail. Services and views call `audit_record`; nothing else
inserts AuditEvent rows. Action codes are dotted (`clients.client.view`) and details hold IDs,
never clinical free text."""

from __future__ import annotations

from typing import Any

from django.core import signing
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


def audit_client(
    action: str,
    obj: models.Model | None,
    client: models.Model,
    *,
    actor: User | None = None,
    request: HttpRequest | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """`audit_record` for something done to or read from a client's record: the client's id
    and agency are taken from `client`, written once here instead of at every call."""
    return audit_record(
        action=action,
        actor=actor,
        obj=obj,
        client_id=client.pk,
        agency_id=client.agency_id,
        request=request,
        detail=detail,
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


# The record page's panels load in requests of their own. They are part of the open the page
# recorded, not opens of their own: the page hands each panel a signed pass naming the viewer,
# the client and the page's event, and a panel that shows a valid one writes nothing. Without
# it (a panel's URL opened directly, a pass older than this) the panel writes its own event.
RECORD_OPEN_HEADER = "X-Casework-Record-Open"
RECORD_OPEN_SECONDS = 15 * 60
_RECORD_OPEN_SALT = "casework.audit.record-open"


def record_open_pass(event: AuditEvent) -> str:
    """The pass the record page puts on its panels' requests (see RECORD_OPEN_HEADER)."""
    return signing.dumps(
        {"u": event.actor_id, "c": event.client_id, "e": event.pk}, salt=_RECORD_OPEN_SALT
    )


def _opened_by_the_page(request: HttpRequest, client_id: int | None) -> bool:
    token = request.headers.get(RECORD_OPEN_HEADER, "")
    if not token or client_id is None or not request.user.is_authenticated:
        return False
    try:
        opened = signing.loads(token, salt=_RECORD_OPEN_SALT, max_age=RECORD_OPEN_SECONDS)
    except signing.BadSignature:  # SignatureExpired is one
        return False
    return opened.get("u") == request.user.pk and opened.get("c") == client_id


def audit_panel_view(
    request: HttpRequest, client: models.Model, *, client_id: int | None
) -> AuditEvent | None:
    """A record panel's view event: none when the record page that loads it recorded the open
    (one event per open instead of eleven); its own otherwise."""
    if _opened_by_the_page(request, client_id):
        return None
    return audit_view(request, client, client_id=client_id)


def _client_ip(request: HttpRequest) -> str | None:
    # REMOTE_ADDR is the proxy's address behind a reverse proxy unless the WSGI server is
    # told to trust X-Forwarded-For (gunicorn --forwarded-allow-ips); see README.
    return request.META.get("REMOTE_ADDR") or None
