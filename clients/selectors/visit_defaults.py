"""What the "Log a contact" form offers before anything is typed. Most visits repeat a plan or
the last contact, so the form starts from them instead of a fixed hour: a planned visit or
appointment of the author with the client today gives the time, duration and place; otherwise
the client's last contact gives the mode, place and duration, and the time offered is the
visit's start (now less its duration). The note format is the author's habit. At most three
small queries, each served by an index."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from casework.models import User
from clients.models import (
    Appointment,
    AppointmentKind,
    Client,
    Mode,
    NoteFormat,
    Outcome,
    Place,
    Visit,
)

DEFAULT_MINUTES = 60


@dataclass(frozen=True)
class VisitDefaults:
    contact_at: datetime
    duration_minutes: int
    mode: str
    place: str
    note_format: str
    # Where the values came from, said on the form: "your planned visit at 10:00".
    source: str = ""


def _place_named(text: str) -> str | None:
    """The place whose name the booking's free-text place mentions ("Client's home")."""
    lowered = text.lower()
    for value, label in Place.choices:
        if value in lowered or str(label).lower() in lowered:
            return value
    return None


def _todays_booking(*, author: User, client: Client, appointment_id: int | None):
    """The booking the visit carries out: the one named (from "My week"), else the author's
    open one with the client today that has begun or begins next."""
    rows = Appointment.objects.filter(client=client, outcome=Outcome.SCHEDULED)
    if appointment_id is not None:
        return rows.filter(pk=appointment_id).first()
    return (
        rows.filter(staff=author, starts_at__date=timezone.localdate())
        .order_by("starts_at", "id")
        .first()
    )


def visit_defaults_for(
    *, author: User, client: Client, appointment_id: int | None = None
) -> VisitDefaults:
    """The form's starting values for `author` logging a contact with `client` (a client the
    caller has already found through the access policy)."""
    now = timezone.localtime().replace(second=0, microsecond=0)
    habit = (
        Visit.objects.filter(author=author)
        .order_by("-created_at", "-id")
        .values_list("note_format", flat=True)
        .first()
    )
    note_format = habit or NoteFormat.DAP
    last = (
        Visit.objects.filter(client=client, retracted_at__isnull=True)
        .exclude(mode=Mode.ATTEMPTED)
        .order_by("-contact_at", "-id")
        .values("mode", "place", "duration_minutes")
        .first()
    )
    booking = _todays_booking(author=author, client=client, appointment_id=appointment_id)
    if booking is not None:
        minutes = booking.duration_minutes or DEFAULT_MINUTES
        starts = timezone.localtime(booking.starts_at)
        begun = starts <= now
        fallback = Place.HOME if booking.kind == AppointmentKind.PLANNED_VISIT else Place.COMMUNITY
        place = _place_named(booking.place) or (last or {}).get("place") or fallback
        kind = booking.get_kind_display().lower()
        return VisitDefaults(
            contact_at=starts if begun else now - timedelta(minutes=minutes),
            duration_minutes=minutes,
            mode=Mode.FACE_TO_FACE,
            place=place,
            note_format=note_format,
            source=f"your {kind} at {starts:%H:%M}",
        )
    if last is not None:
        minutes = last["duration_minutes"] or DEFAULT_MINUTES
        return VisitDefaults(
            contact_at=now - timedelta(minutes=minutes),
            duration_minutes=minutes,
            mode=last["mode"],
            place=last["place"],
            note_format=note_format,
            source="the last contact",
        )
    return VisitDefaults(
        contact_at=now - timedelta(minutes=DEFAULT_MINUTES),
        duration_minutes=DEFAULT_MINUTES,
        mode=Mode.FACE_TO_FACE,
        place=Place.HOME,
        note_format=note_format,
    )
