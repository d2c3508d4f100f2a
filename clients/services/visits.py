"""Visits and their contact notes: drafts, autosave, signing and addenda.

A note is a draft its author may change (every save carries the version it was read at, so
a save from a stale tab or device is refused, never silently applied). Signing checks the
note is complete and fixes it for good: the database trigger of migration 0003 refuses any
later change but a co-signature or a retraction. Every change refreshes the client's
last-contact and next-due dates in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from uuid import UUID

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casework.audit import audit_client
from casework.errors import refuse_stale
from casework.models import Agency, Program, User, save_new_version
from casework.tasks import reminders_sweep_soon
from clients import visit_goals
from clients.models import (
    NOTE_SECTIONS,
    AddendumKind,
    Client,
    Mode,
    NoteAddendum,
    NoteFormat,
    Visit,
)
from clients.predicates import may_add_addendum
from clients.services.appointments import appointments_after_contact
from clients.services.contact_dates import contact_dates_refresh
from clients.services.errors import ClientRecordError, StaleRecordError
from clients.services.locking import client_lock_for_change

MAX_DURATION_MINUTES = 24 * 60
# Phones and servers disagree by a little; a contact "in the future" by less is now.
CLOCK_SKEW = timedelta(minutes=5)


@dataclass(frozen=True)
class VisitInput:
    """What the quick-entry form collects; the services check the rules."""

    contact_at: datetime
    duration_minutes: int
    mode: str
    place: str
    services: list[str] = field(default_factory=list)
    is_crisis: bool = False
    note_format: str = NoteFormat.DAP
    note: dict[str, str] = field(default_factory=dict)
    next_contact_due: date | None = None
    # Care-plan goals the contact addressed; None when the form offered none.
    goals: frozenset[str] | None = None


# --- Timing rules ----------------------------------------------------------------------


def program_for(client: Client) -> Program:
    """The program whose standards apply: the enrolment's, else the team's."""
    return client.program or client.team.program


def business_days_after(day: date, days: int) -> date:
    """The date `days` business days (Monday to Friday) after `day`."""
    while days > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


def sign_due_at_for(*, contact_at: datetime, is_crisis: bool, program: Program) -> datetime:
    """The end of the documentation window: crisis notes within hours, others by the end of
    the last business day of the program's window (local time)."""
    if is_crisis:
        return contact_at + timedelta(hours=program.crisis_note_window_hours)
    local_day = timezone.localtime(contact_at).date()
    last_day = business_days_after(local_day, program.note_window_business_days)
    return timezone.make_aware(datetime.combine(last_day, time.max))


def default_next_contact_due(*, contact_on: date, program: Program) -> date:
    return contact_on + timedelta(days=program.contact_standard_days)


def is_late(*, contact_at: datetime, signed_at: datetime) -> bool:
    return signed_at - contact_at > timedelta(hours=settings.LATE_ENTRY_HOURS)


# --- Validation ------------------------------------------------------------------------


def _check_records_begin(day: date, *, program: Program) -> None:
    """A contact before the agency's records begin is a typing slip (year 1026 for 2026), not
    history: refused at the field, with the first day allowed. The agency is read with the
    program when the caller joined it (`visit_create`), else by a query."""
    if Program.agency.is_cached(program):
        begins = program.agency.records_begin_on
    else:
        agencies = Agency.objects.filter(pk=program.agency_id)
        begins = agencies.values_list("records_begin_on", flat=True).first()
    if begins and day < begins:
        raise ClientRecordError(
            _("The agency's records begin on %(day)s: a contact cannot be earlier.")
            % {"day": date_format(begins, "DATE_FORMAT")},
            field="contact_at",
        )


def _checked_note(data: VisitInput) -> dict[str, str]:
    """Only the chosen format's sections are kept, trimmed."""
    if data.note_format not in NOTE_SECTIONS:
        raise ClientRecordError(_("Choose a note format."), field="note_format")
    return {
        key: (data.note.get(key) or "").strip() for key, _l, _p in NOTE_SECTIONS[data.note_format]
    }


def _check(data: VisitInput, *, program: Program) -> None:
    if data.contact_at > timezone.now() + CLOCK_SKEW:
        raise ClientRecordError(_("The contact cannot be in the future."), field="contact_at")
    _check_records_begin(timezone.localdate(data.contact_at), program=program)
    if data.mode not in Mode.values:
        raise ClientRecordError(_("Choose how the contact happened."), field="mode")
    minimum = 0 if data.mode == Mode.ATTEMPTED else 1
    if data.duration_minutes < minimum:
        message = (
            _("The duration cannot be negative.")
            if data.mode == Mode.ATTEMPTED
            else _("Give the duration in minutes (0 only for an attempted contact).")
        )
        raise ClientRecordError(message, field="duration_minutes")
    if data.duration_minutes > MAX_DURATION_MINUTES:
        raise ClientRecordError(
            _("A contact lasts at most 1440 minutes (24 hours)."), field="duration_minutes"
        )
    due = data.next_contact_due
    if due is None:
        return
    contact_on = timezone.localtime(data.contact_at).date()
    if due < contact_on:
        raise ClientRecordError(
            _("The next contact cannot be due before this contact."), field="next_contact_due"
        )
    latest = default_next_contact_due(contact_on=contact_on, program=program)
    if due > latest:
        raise ClientRecordError(
            _(
                "%(program)s standard: a contact at least every %(days)s days, so the next "
                "contact is due no later than %(latest)s."
            )
            % {
                "program": program.name,
                "days": program.contact_standard_days,
                "latest": date_format(latest, "DATE_FORMAT"),
            },
            field="next_contact_due",
        )


def _check_complete(visit: Visit) -> None:
    """A signed note has every section of its format written."""
    for key, label, _prompt in NOTE_SECTIONS[visit.note_format]:
        if not (visit.note.get(key) or "").strip():
            raise ClientRecordError(
                _("Write the %(section)s section before signing.") % {"section": label},
                field=f"note_{key}",
            )


def _check_device_signed(signed_at: datetime, *, contact_at: datetime, now: datetime) -> None:
    """A device's signing time lies between the contact and now (give or take clock skew)."""
    if signed_at > now + CLOCK_SKEW:
        raise ClientRecordError(_("The note cannot be signed in the future."))
    if signed_at < contact_at - CLOCK_SKEW:
        raise ClientRecordError(_("The note cannot be signed before the contact."))


def _apply(visit: Visit, data: VisitInput, *, program: Program) -> None:
    visit.contact_at = data.contact_at
    visit.duration_minutes = data.duration_minutes
    visit.mode = data.mode
    visit.place = data.place
    visit.services = list(dict.fromkeys(data.services))
    visit.is_crisis = data.is_crisis
    visit.note_format = data.note_format
    visit.note = _checked_note(data)
    visit.next_contact_due = data.next_contact_due
    visit.sign_due_at = sign_due_at_for(
        contact_at=data.contact_at, is_crisis=data.is_crisis, program=program
    )


SAVED_ELSEWHERE = gettext_lazy(
    "This note was saved elsewhere (another tab or device) at %(time)s. Your text "
    "was not saved here; copy it, then reload the page to see the saved version."
)


def _locked_draft(*, visit_id: int, editor: User, version: int) -> Visit:
    visit = (
        Visit.objects.select_for_update(of=("self",))
        .select_related("client__team__program", "client__program")
        .get(pk=visit_id)
    )
    if visit.author_id != editor.pk:
        raise PermissionDenied
    if visit.is_signed:
        raise ClientRecordError(_("This note is signed; add an addendum instead."))
    refuse_stale(visit, version, StaleRecordError, SAVED_ELSEWHERE)
    return visit


# --- Services --------------------------------------------------------------------------


def visit_create(
    *, client: Client, author: User, data: VisitInput, device_id: UUID | None = None
) -> Visit:
    """Log a contact as a draft note of `author`; `device_id` is the id a device made for a
    visit logged offline (clients.services.sync), unique so an upload lands once."""
    with transaction.atomic():
        client = client_lock_for_change(
            client.pk, author, related=("team__program__agency", "program__agency")
        )
        program = program_for(client)
        _check(data, program=program)
        visit = Visit(client=client, team_id=client.team_id, author=author, device_id=device_id)
        _apply(visit, data, program=program)
        visit.save()
        visit_goals.record(visit=visit, editor=author, values=data.goals)
        contact_dates_refresh(client_ids=[client.pk])
        # Logging the contact completes the author's planned visit and follows up a missed
        # appointment (clients.services.appointments), in this transaction.
        appointments_after_contact(visit=visit)
        reminders_sweep_soon()
        audit_client(
            "clients.visit.created",
            visit,
            client,
            actor=author,
            detail={"device_id": str(device_id)} if device_id else None,
        )
    return visit


def visit_draft_save(*, visit: Visit, editor: User, data: VisitInput, version: int) -> Visit:
    """Save the author's changes to a draft (the form and every autosave)."""
    with transaction.atomic():
        visit = _locked_draft(visit_id=visit.pk, editor=editor, version=version)
        program = program_for(visit.client)
        _check(data, program=program)
        _apply(visit, data, program=program)
        visit.version += 1
        visit.save()
        visit_goals.record(visit=visit, editor=editor, values=data.goals)
        contact_dates_refresh(client_ids=[visit.client_id])
        audit_client("clients.visit.draft_saved", visit, visit.client, actor=editor)
    return visit


def visit_sign(
    *,
    visit: Visit,
    signed_by: User,
    data: VisitInput,
    version: int,
    signed_on_device_at: datetime | None = None,
    late_entry: bool = False,
) -> Visit:
    """Save the text as shown and sign it: what the author saw is what is signed.

    A note signed on a device without signal keeps the device's time beside the server's;
    lateness is judged on the server's (when the note reached the record). `late_entry`
    marks it LATE ENTRY whatever the window (the author chose so for a sync conflict)."""
    with transaction.atomic():
        visit = _locked_draft(visit_id=visit.pk, editor=signed_by, version=version)
        program = program_for(visit.client)
        _check(data, program=program)
        _apply(visit, data, program=program)
        _check_complete(visit)
        now = timezone.now()
        if signed_on_device_at is not None:
            _check_device_signed(signed_on_device_at, contact_at=visit.contact_at, now=now)
        visit.signed_at = now
        visit.device_signed_at = signed_on_device_at
        visit.is_late_entry = late_entry or is_late(contact_at=visit.contact_at, signed_at=now)
        visit.version += 1
        visit.save()
        visit_goals.record(visit=visit, editor=signed_by, values=data.goals)
        contact_dates_refresh(client_ids=[visit.client_id])
        reminders_sweep_soon()
        detail: dict = {"late_entry": visit.is_late_entry}
        if signed_on_device_at is not None:
            detail["device_signed_at"] = visit.device_signed_at.astimezone(UTC).isoformat()
        audit_client("clients.visit.signed", visit, visit.client, actor=signed_by, detail=detail)
    return visit


def visit_create_signed(
    *,
    client: Client,
    author: User,
    data: VisitInput,
    device_id: UUID | None = None,
    signed_on_device_at: datetime | None = None,
    late_entry: bool = False,
) -> Visit:
    """Log a contact and sign its note at once (the first form's "Sign", or a note signed on
    a device offline). One transaction: a note that may not be signed yet (a section
    missing) leaves nothing saved."""
    with transaction.atomic():
        visit = visit_create(client=client, author=author, data=data, device_id=device_id)
        return visit_sign(
            visit=visit,
            signed_by=author,
            data=data,
            version=visit.version,
            signed_on_device_at=signed_on_device_at,
            late_entry=late_entry,
        )


_NEEDS_TEXT = {AddendumKind.ADDENDUM, AddendumKind.LATE_ENTRY, AddendumKind.CORRECTION}
_NEEDS_REASON = {AddendumKind.ADDENDUM, AddendumKind.CORRECTION, AddendumKind.ENTERED_IN_ERROR}


def visit_addendum_add(
    *, visit: Visit, author: User, kind: str, text: str, reason: str
) -> NoteAddendum:
    """Append to a signed note; "entered in error" also retracts it (it stops counting as a
    contact) while the original stays readable."""
    text, reason = text.strip(), reason.strip()
    with transaction.atomic():
        visit = (
            Visit.objects.select_for_update(of=("self",)).select_related("client").get(pk=visit.pk)
        )
        if not may_add_addendum(author, visit):
            raise PermissionDenied
        if not visit.is_signed:
            raise ClientRecordError(_("This note is still a draft: edit it instead."))
        if kind not in AddendumKind.values:
            raise ClientRecordError(_("Choose what kind of addition this is."), field="kind")
        if kind in _NEEDS_TEXT and not text:
            raise ClientRecordError(_("Write the text to add."), field="text")
        if kind in _NEEDS_REASON and not reason:
            raise ClientRecordError(_("Give the reason."), field="reason")
        retracting = kind == AddendumKind.ENTERED_IN_ERROR
        if retracting and visit.retracted_at is not None:
            raise ClientRecordError(
                _("This note is already marked entered in error."), field="kind"
            )
        addendum = NoteAddendum.objects.create(
            visit=visit, kind=kind, text=text, reason=reason, author=author
        )
        if retracting:
            # The trigger lets exactly this column be filled in once on a signed note.
            visit.retracted_at = addendum.created_at
            save_new_version(visit, "retracted_at")
            contact_dates_refresh(client_ids=[visit.client_id])
            reminders_sweep_soon()
        audit_client(
            "clients.visit.retracted" if retracting else "clients.visit.addendum_added",
            visit,
            visit.client,
            actor=author,
            detail={"addendum_id": addendum.pk, "kind": kind},
        )
    return addendum
