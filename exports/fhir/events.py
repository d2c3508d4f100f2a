"""Key events and the record's scanned documents.

A key event (a hospital or jail stay, a housing or job change) is something that happened to
the client elsewhere, told to the team: an `Observation` of category `social-history` with the
event as its code (the agency's own code system, no standard one fits), the stay as
`effectivePeriod` and the place and details as its value. A scanned document is a
`DocumentReference` whose attachment names the file inside the package (`documents/...`,
copied beside the bundle by the client's copy and the agency export). Voided ones are left out,
and the bundle says so."""

from __future__ import annotations

from clients.models import ClientDocument, KeyEvent
from exports.fhir import codes
from exports.fhir.builder import Builder, Resource, concept, day, display, instant

_EXTENSIONS = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}


def document_member(document: ClientDocument) -> str:
    """Where the document's file sits inside an export package."""
    return f"documents/{document.pk}.{_EXTENSIONS.get(document.content_type, 'bin')}"


def _key_event(b: Builder, event: KeyEvent) -> None:
    period = {"start": day(event.started_on)}
    if event.ended_on:
        period["end"] = day(event.ended_on)
    value = " · ".join(part for part in (event.place, event.description) if part)
    body: Resource = {
        "resourceType": "Observation",
        "status": "final",
        "category": [concept(codes.OBSERVATION_CATEGORY, "social-history", "Social History")],
        "code": concept(b.system("key-event"), event.kind, display(event, "kind")),
        "subject": b.patient,
        "effectivePeriod": period,
        "issued": instant(event.recorded_at),
        "performer": [b.practitioner(event.recorded_by)],
    }
    if value:
        body["valueString"] = value
    b.add("clients.keyevent", event.pk, body)


def add_key_events(b: Builder) -> None:
    for event in b.record.kept_key_events:
        _key_event(b, event)
    b.leave_out(
        "key events voided",
        len(b.record.key_events) - len(b.record.kept_key_events),
        "Voided by staff as wrong: not part of the record.",
    )


def _document(b: Builder, document: ClientDocument) -> None:
    body: Resource = {
        "resourceType": "DocumentReference",
        "status": "current",
        "type": concept(b.system("document-kind"), document.kind, display(document, "kind")),
        "subject": b.patient,
        "date": instant(document.uploaded_at),
        "author": [b.practitioner(document.uploaded_by)],
        "description": document.title,
        "content": [
            {
                "attachment": {
                    "contentType": document.content_type,
                    "url": document_member(document),
                    "size": document.size,
                    "title": document.title,
                    "creation": instant(document.uploaded_at),
                }
            }
        ],
    }
    b.add("clients.clientdocument", document.pk, body)


def add_documents(b: Builder) -> None:
    for document in b.record.kept_documents:
        _document(b, document)
    b.leave_out(
        "documents voided",
        len(b.record.documents) - len(b.record.kept_documents),
        "Voided by staff (uploaded to the wrong record, or a wrong file): not part of the record.",
    )
