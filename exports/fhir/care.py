"""Contacts and what was written about them: an Encounter per contact, the signed note as a
DocumentReference (each addendum another, appending to it), Provenance for who signed what
and when, and the client's Appointments. Drafts and contacts entered in error are left out,
and the bundle says so."""

from __future__ import annotations

import base64
from datetime import timedelta
from functools import lru_cache

from clients.models import NOTE_SECTIONS, Appointment, NoteAddendum, Visit
from exports.fhir import codes
from exports.fhir.builder import (
    Builder,
    Resource,
    coding,
    concept,
    display,
    instant,
    item_label,
    language,
    local_date,
    local_time,
    text,
)
from exports.fhir.people import provider_reference

PROGRESS_NOTE = ("11506-3", "Progress note")


def note_text(visit: Visit) -> str:
    """The note as plain text, one section after another under its heading."""
    note = visit.note
    parts = [
        f"{label}:\n{body}"
        for key, label in _section_labels(visit.note_format, language())
        if (body := note.get(key, ""))
    ]
    return "\n\n".join(parts)


@lru_cache(maxsize=64)
def _section_labels(note_format: str, language: str | None) -> tuple[tuple[str, str], ...]:
    """(key, label) of each section of a note format, the labels translated once per language
    (Visit.sections' labels are lazy: each use would translate again)."""
    return tuple((key, str(label)) for key, label, _prompt in NOTE_SECTIONS[note_format])


def _attachment(title: str, body: str, created) -> Resource:
    return {
        "contentType": "text/plain; charset=utf-8",
        "language": "en",
        "data": base64.b64encode(body.encode()).decode(),
        "title": title,
        "creation": instant(created),
    }


def _encounter_class(visit: Visit) -> dict[str, str]:
    code, display = codes.ENCOUNTER_CLASS.get(visit.mode) or codes.PLACE_CLASS.get(
        visit.place, codes.FIELD_CLASS
    )
    return coding(codes.V3_ACT_CODE, code, display)


def _location(b: Builder, visit: Visit) -> dict[str, str]:
    """The kind of place (home, street, jail...), as a Location of mode `kind`."""
    return b.add_once(
        "place",
        visit.place,
        lambda: {
            "resourceType": "Location",
            "mode": "kind",
            "name": display(visit, "place"),
            "type": [concept(b.system("place"), visit.place, display(visit, "place"))],
        },
    )


def _episode_for(b: Builder, visit: Visit, episodes: dict[int, dict[str, str]]):
    day = local_date(visit.contact_at)
    for enrolment in b.record.enrolments:
        if enrolment.started_on <= day and (
            enrolment.ended_on is None or enrolment.ended_on >= day
        ):
            return episodes.get(enrolment.pk)
    return None


def add_encounters(b: Builder, episodes: dict[int, dict[str, str]]) -> None:
    for visit in b.record.kept_visits:
        end = visit.contact_at + timedelta(minutes=visit.duration_minutes)
        body: Resource = {
            "resourceType": "Encounter",
            "status": "cancelled" if visit.is_attempt else "finished",
            "class": _encounter_class(visit),
            "type": [concept(b.system("contact-mode"), visit.mode, display(visit, "mode"))],
            "subject": b.patient,
            "participant": [
                {
                    "type": [concept(codes.V3_PARTICIPATION, "PPRF", "primary performer")],
                    "individual": b.practitioner(visit.author),
                }
            ],
            "period": {"start": instant(visit.contact_at), "end": instant(end)},
            "length": {
                "value": visit.duration_minutes,
                "unit": "min",
                "system": codes.UCUM,
                "code": "min",
            },
            "location": [{"location": _location(b, visit)}],
            "serviceProvider": b.team(visit.team),
        }
        if visit.services:
            body["reasonCode"] = [
                concept(b.system("service"), s, item_label(Visit, "services", s))
                for s in visit.services
            ]
        if visit.is_crisis:
            body["priority"] = concept(
                "http://terminology.hl7.org/CodeSystem/v3-ActPriority", "EM", "emergency"
            )
        if episode := _episode_for(b, visit, episodes):
            body["episodeOfCare"] = [episode]
        b.add("clients.visit", visit.pk, body)


def _note(b: Builder, visit: Visit) -> dict[str, str]:
    addenda = b.record.addenda.get(visit.pk, [])
    author = b.practitioner(visit.author)
    body: Resource = {
        "resourceType": "DocumentReference",
        "status": "current",
        "docStatus": "amended" if addenda else "final",
        "type": concept(codes.LOINC, *PROGRESS_NOTE),
        "category": [text(f"{display(visit, 'note_format')} note")],
        "subject": b.patient,
        "date": instant(visit.signed_at),
        "author": [author],
        "authenticator": b.practitioner(visit.cosigned_by) if visit.cosigned_by else author,
        "description": f"{display(visit, 'mode')} contact note"
        + (" (late entry)" if visit.is_late_entry else ""),
        "content": [
            {
                "attachment": _attachment(
                    f"Contact note {local_time(visit.contact_at):%Y-%m-%d}",
                    note_text(visit),
                    visit.signed_at,
                )
            }
        ],
        "context": {
            "encounter": [b.ref("clients.visit", visit.pk)],
            "period": {"start": instant(visit.contact_at)},
        },
    }
    reference = b.add("note.clients.visit", visit.pk, body)
    signers = [(visit.author, "author", codes.AUTHOR_SIGNATURE)]
    if visit.cosigned_by is not None:
        signers.append((visit.cosigned_by, "verifier", codes.VERIFICATION_SIGNATURE))
    b.provenance(
        visit, target=reference, when=visit.signed_at, signers=signers, activity="Signed the note"
    )
    if visit.cosigned_at is not None:
        b.provenance(
            _CoSignature(visit.pk),
            target=reference,
            when=visit.cosigned_at,
            signers=[(visit.cosigned_by, "verifier", codes.VERIFICATION_SIGNATURE)],
            activity="Co-signed the note",
        )
    for addendum in addenda:
        _addendum(b, addendum, reference)
    return reference


class _CoSignature:
    """A stand-in object so the co-signature's Provenance gets an id of its own."""

    class _meta:  # noqa: N801 - mimics a model's _meta for Builder.provenance
        label_lower = "cosignature.clients.visit"

    def __init__(self, pk: int) -> None:
        self.pk = pk


def _addendum(b: Builder, addendum: NoteAddendum, original: dict[str, str]) -> None:
    written = f"{display(addendum, 'kind')}: {addendum.text}\n\nReason: {addendum.reason}"
    reference = b.add(
        "clients.noteaddendum",
        addendum.pk,
        {
            "resourceType": "DocumentReference",
            "status": "current",
            "docStatus": "final",
            "type": concept(codes.LOINC, *PROGRESS_NOTE),
            "category": [text(display(addendum, "kind"))],
            "subject": b.patient,
            "date": instant(addendum.created_at),
            "author": [b.practitioner(addendum.author)],
            "relatesTo": [{"code": "appends", "target": original}],
            "description": display(addendum, "kind"),
            "content": [
                {"attachment": _attachment(display(addendum, "kind"), written, addendum.created_at)}
            ],
        },
    )
    b.provenance(
        addendum,
        target=reference,
        when=addendum.created_at,
        signers=[(addendum.author, "author", codes.AUTHOR_SIGNATURE)],
        activity=f"Added a {display(addendum, 'kind').lower()}",
    )


def add_notes(b: Builder) -> None:
    for visit in b.record.signed_visits:
        _note(b, visit)
    b.leave_out(
        "draft contact notes",
        sum(1 for v in b.record.draft_visits if any(v.note.values())),
        "A note becomes part of the record when its author signs it; the contact itself is "
        "exported as an Encounter.",
    )
    b.leave_out(
        "contacts entered in error",
        len(b.record.retracted_visits),
        "Retracted by their author as entered in error (voided): not part of the record. "
        "They stay readable inside Casework to those allowed.",
    )


def _appointment(b: Builder, appointment: Appointment) -> None:
    end = appointment.starts_at + timedelta(minutes=appointment.duration_minutes)
    participants = [{"actor": b.patient, "status": "accepted"}]
    if appointment.is_planned_visit or appointment.attending or appointment.transport:
        participants.append({"actor": b.practitioner(appointment.staff), "status": "accepted"})
    if appointment.provider_id:
        participants.append(
            {"actor": provider_reference(b, appointment.provider), "status": "accepted"}
        )
    body: Resource = {
        "resourceType": "Appointment",
        "status": codes.APPOINTMENT_STATUS[appointment.outcome],
        "appointmentType": text(display(appointment, "kind")),
        "start": instant(appointment.starts_at),
        "end": instant(end),
        "minutesDuration": appointment.duration_minutes,
        "participant": participants,
    }
    if appointment.purpose:
        body["description"] = appointment.purpose
    comment = [f"Where: {appointment.place}" if appointment.place else ""]
    if appointment.with_name:
        comment.append(f"With: {appointment.with_name}")
    if appointment.transport:
        comment.append("The case manager drives the client.")
    if note := " · ".join(c for c in comment if c):
        body["comment"] = note
    b.add("clients.appointment", appointment.pk, body)


def add_appointments(b: Builder) -> None:
    for appointment in b.record.appointments:
        _appointment(b, appointment)
