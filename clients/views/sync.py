"""The upload of visits logged without signal: one queued visit per JSON POST, answered in
JSON that the page's sync queue reads (static/js/offline/). CSRF-protected like every POST
(the X-CSRFToken header) and refused from any other site. Thin: parse, call
`clients.services.sync`, answer."""

from __future__ import annotations

import json
import uuid
from functools import wraps
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from casework.permissions import requires, signed_in
from clients.forms.visits import SECTIONS, VisitForm
from clients.services import sync as services
from clients.services.errors import ClientRecordError

_STATUS_CODES = {
    services.SyncStatus.CREATED: 201,
    services.SyncStatus.ALREADY_SYNCED: 200,
    services.SyncStatus.CONFLICT: 409,
    services.SyncStatus.INVALID: 422,
    services.SyncStatus.DISCARDED: 200,
    services.SyncStatus.HANDED_OFF: 201,
}


class _BadUpload(ValueError):
    pass


def _refused(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"status": "rejected", "message": message}, status=status)


def _same_origin(request: HttpRequest) -> bool:
    """Browsers say where a request came from; only this site's own pages may upload.
    (Django's CSRF check also compares Origin with the host.)"""
    return request.headers.get("Sec-Fetch-Site", "same-origin") == "same-origin"


def _from_own_pages(view):
    """Refuse (403, in JSON) an upload sent from another site, before reading it."""

    @wraps(view)
    def checked(request: HttpRequest, *args, **kwargs):
        if not _same_origin(request):
            return _refused("Uploads come from Casework's own pages.", status=403)
        return view(request, *args, **kwargs)

    return checked


def _payload(request: HttpRequest) -> dict[str, Any]:
    if request.content_type != "application/json":
        raise _BadUpload("Send the visit as JSON.")
    try:
        payload = json.loads(request.body)
    except (ValueError, UnicodeDecodeError) as error:
        raise _BadUpload("The upload is not valid JSON.") from error
    if not isinstance(payload, dict):
        raise _BadUpload("The upload is not a visit.")
    return payload


def _device_id(payload: dict) -> uuid.UUID:
    try:
        return uuid.UUID(str(payload.get("device_id", "")))
    except ValueError as error:
        raise _BadUpload("The visit has no device id.") from error


def _queued(request: HttpRequest) -> tuple[dict[str, Any], uuid.UUID, int]:
    """The upload's JSON, and the device and the client of the queued visit it is about."""
    payload = _payload(request)
    return payload, _device_id(payload), _int(payload, "client")


def _int(payload: dict, key: str, *, required: bool = True) -> int | None:
    value = payload.get(key)
    if value is None and not required:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise _BadUpload(f"'{key}' must be a number.")
    return value


def _form_data(payload: dict) -> dict[str, Any]:
    """The JSON visit as the visit form's fields, so the form's parsing applies unchanged."""
    note = payload.get("note") or {}
    services_given = payload.get("services") or []
    if not isinstance(note, dict) or not isinstance(services_given, list):
        raise _BadUpload("'note' must be an object and 'services' a list.")
    data: dict[str, Any] = {
        "contact_at": payload.get("contact_at") or "",
        "duration_minutes": payload.get("duration_minutes", ""),
        "mode": payload.get("mode") or "",
        "place": payload.get("place") or "",
        "services": [str(s) for s in services_given],
        "note_format": payload.get("note_format") or "",
        "next_contact_due": payload.get("next_contact_due") or "",
    }
    if payload.get("is_crisis") is True:
        data["is_crisis"] = "on"
    for key in SECTIONS:
        if isinstance(note.get(key), str):
            data[f"note_{key}"] = note[key]
    return data


class _Data(dict):
    """A dict the form reads like a QueryDict (lists for the multiple-choice fields)."""

    def getlist(self, key, default=None):
        value = self.get(key, default if default is not None else [])
        return value if isinstance(value, list) else [value]


def _signed_on_device(payload: dict, form: VisitForm):
    value = payload.get("signed_on_device_at")
    if not value:
        return None
    field = form.fields["contact_at"]
    try:
        return field.clean(value)
    except ValidationError as error:
        raise _BadUpload("'signed_on_device_at' is not a date and time.") from error


def _answer(result: services.SyncResult, device_id: uuid.UUID) -> JsonResponse:
    body: dict[str, Any] = {"status": result.status, "device_id": str(device_id)}
    if result.visit is not None:
        body["visit_id"] = result.visit.pk
        body["url"] = reverse(
            "clients:visit_detail",
            kwargs={"client_id": result.visit.client_id, "pk": result.visit.pk},
        )
    if result.reason:
        body["reason"] = result.reason
    if result.message:
        body["message"] = str(result.message)
    if result.field:
        body["field"] = result.field
    if result.choices:
        body["choices"] = list(result.choices)
    return JsonResponse(body, status=_STATUS_CODES[result.status])


def _invalid(device_id: uuid.UUID, message, field: str | None) -> JsonResponse:
    result = services.SyncResult(status=services.SyncStatus.INVALID, message=message, field=field)
    return _answer(result, device_id)


@requires(signed_in)
@require_POST
@_from_own_pages
def visit_upload(request: HttpRequest):
    """One queued visit: 201 made, 200 already made (the same visit, never a second), 409 a
    conflict for the person to decide, 422 refused by a rule, 400 not a visit."""
    try:
        payload, device_id, client_id = _queued(request)
        team_id = _int(payload, "team", required=False)
        resolution = str(payload.get("resolution") or "")
        if resolution and resolution not in services.Resolution.values:
            raise _BadUpload("Unknown resolution.")
        form = VisitForm(_Data(_form_data(payload)))
        signed_on_device_at = _signed_on_device(payload, form)
    except _BadUpload as error:
        return _refused(str(error))
    if not form.is_valid():
        name, errors = next(iter(form.errors.items()))
        return _invalid(device_id, errors[0], name)
    queued = services.QueuedVisit(
        device_id=device_id,
        client_id=client_id,
        team_id=team_id,
        data=form.to_input(),
        sign=payload.get("sign") is True,
        signed_on_device_at=signed_on_device_at,
    )
    result = services.visit_sync(queued=queued, author=request.user, resolution=resolution)
    return _answer(result, device_id)


@requires(signed_in)
@require_POST
@_from_own_pages
def visit_discard(request: HttpRequest):
    """The person discards a queued visit that could not land, with a reason (audited)."""
    try:
        payload, device_id, client_id = _queued(request)
    except _BadUpload as error:
        return _refused(str(error))
    try:
        services.visit_sync_discard(
            device_id=device_id,
            client_id=client_id,
            author=request.user,
            reason=str(payload.get("reason") or ""),
        )
    except ClientRecordError as error:
        return _invalid(device_id, error.message, error.field)
    return _answer(services.SyncResult(status=services.SyncStatus.DISCARDED), device_id)
