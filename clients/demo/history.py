"""One demo client's history, built as unsaved rows for one bulk insert: episode and status
changes, enrolment, staff periods, people, key events and visits."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import models
from django.utils import timezone

from casework.models import Program, User
from clients.demo import text
from clients.models import (
    STAY_KINDS,
    AddendumKind,
    Assignment,
    AssignmentRole,
    Client,
    DischargeReason,
    Enrolment,
    Episode,
    EventKind,
    KeyEvent,
    Mode,
    NoteAddendum,
    NoteFormat,
    Place,
    RelatedPerson,
    RelationshipKind,
    Service,
    Status,
    StatusChange,
    Visit,
)

OUT_IN_THE_FIELD = (
    (Place.HOME,) * 4
    + (Place.COMMUNITY,) * 3
    + (
        Place.OFFICE,
        Place.SHELTER,
        Place.STREET,
    )
)


@dataclass
class Rows:
    """Unsaved rows of many clients; rows that point at other new rows are kept in pairs."""

    changes: list[tuple[Episode, StatusChange]] = field(default_factory=list)
    addenda: list[tuple[Visit, NoteAddendum]] = field(default_factory=list)
    by_model: dict[type[models.Model], list[models.Model]] = field(default_factory=dict)

    def add(self, row: models.Model) -> None:
        self.by_model.setdefault(type(row), []).append(row)


@dataclass
class Staff:
    case_managers: list[User]
    supervisor: User


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def sign_due(contact_at: datetime, program: Program, crisis: bool) -> datetime:
    """The documentation window, as clients.services.visits computes it."""
    if crisis:
        return contact_at + timedelta(hours=program.crisis_note_window_hours)
    day, left = timezone.localtime(contact_at).date(), program.note_window_business_days
    while left > 0:
        day += timedelta(days=1)
        left -= day.weekday() < 5
    return timezone.make_aware(datetime.combine(day, time.max))


class ClientHistory:
    """The rows of one client, drawn from its own seeded random stream."""

    def __init__(self, rows: Rows, client: Client, staff: Staff, today: date) -> None:
        self.rows, self.client, self.today = rows, client, today
        self.rng = random.Random(client.record_number)  # noqa: S311 - demo data
        self.program = client.team.program
        self.sup = staff.supervisor
        self.cms = staff.case_managers or [staff.supervisor]
        self.n = int(client.record_number.rsplit("-", 1)[1])
        self.primary = self.cms[self.n % len(self.cms)]

    def build(self) -> date:
        """Add every row; returns the day the current status began."""
        rng, status, today = self.rng, self.client.status, self.today
        referred = status == Status.REFERRED
        self.opened = today - timedelta(
            days=rng.randint(3, 20) if referred else rng.randint(90, 420)
        )
        self.closed = (
            today - timedelta(days=rng.randint(10, 60)) if status == Status.DISCHARGED else None
        )
        self.active_on = self.opened + timedelta(days=rng.randint(3, 14))
        self.hold_on = (
            today - timedelta(days=rng.randint(10, 45)) if status == Status.ON_HOLD else None
        )
        since = self._lifecycle()
        periods = self._staff()
        self._people()
        stays = self._events()
        start = self.opened + timedelta(days=1) if referred else self.active_on
        self._visits(periods, start, stays)
        return since

    def _lifecycle(self) -> date:
        client, sup = self.client, self.sup
        episode = Episode(
            client=client, number=1, opened_on=self.opened, opened_by=sup, closed_on=self.closed
        )
        self.rows.add(episode)
        steps = [("", Status.REFERRED, self.opened, "Referred by the county access line.")]
        if client.status != Status.REFERRED:
            steps.append(
                (Status.REFERRED, Status.ACTIVE, self.active_on, "Intake done; agreed to services.")
            )
        if self.hold_on:
            steps.append(
                (Status.ACTIVE, Status.ON_HOLD, self.hold_on, "Staying with family out of county.")
            )
        if self.closed:
            episode.discharge_reason = self.rng.choice(
                (DischargeReason.GOALS_MET, DischargeReason.MOVED, DischargeReason.LOST_CONTACT)
            )
            episode.discharge_summary = text.DISCHARGE_SUMMARY
            episode.closed_by = sup
            steps.append((Status.ACTIVE, Status.DISCHARGED, self.closed, "Discharged."))
        for old, new, day, reason in steps:
            change = StatusChange(
                client=client,
                from_status=old,
                to_status=new,
                effective_on=day,
                reason=reason,
                changed_by=sup,
                recorded_at=at(day, 16),
            )
            self.rows.changes.append((episode, change))
        self.rows.add(
            Enrolment(
                client=client,
                program=self.program,
                started_on=self.opened,
                ended_on=self.closed,
                end_reason="Discharged" if self.closed else "",
                created_by=sup,
            )
        )
        return steps[-1][2]

    def _assign(self, staff: User, role: str, start: date, end: date | None, why: str) -> None:
        self.rows.add(
            Assignment(
                client=self.client,
                staff=staff,
                role=role,
                started_on=start,
                ended_on=end,
                reason=why,
                assigned_by=self.sup,
                created_at=at(start, 9),
            )
        )

    def _staff(self) -> list[tuple[User, date, date | None]]:
        """Primary periods (some clients changed primary half way) and maybe a secondary."""
        rng, opened, closed, last = self.rng, self.opened, self.closed, self.closed or self.today
        periods = [(self.primary, opened, closed)]
        if rng.random() < 0.2 and len(self.cms) > 1 and (last - opened).days > 60:
            earlier, handover = (
                self.cms[(self.n + 1) % len(self.cms)],
                opened + (last - opened) // 2,
            )
            periods = [(earlier, opened, handover), (self.primary, handover, closed)]
            self._assign(earlier, AssignmentRole.PRIMARY, opened, handover, "Intake")
        self._assign(self.primary, AssignmentRole.PRIMARY, periods[-1][1], closed, "Caseload")
        self.secondary = None
        candidate = self.cms[(self.n + 2) % len(self.cms)]
        if rng.random() < 0.3 and candidate != self.primary and self.active_on <= last:
            self.secondary = candidate
            self._assign(candidate, AssignmentRole.SECONDARY, self.active_on, closed, "Outreach")
        return periods

    def _people(self) -> None:
        rng, n = self.rng, self.n
        for k in range(rng.choice((0, 1, 1, 2, 2, 3))):
            kind, relation = rng.choice(text.RELATIONS)
            first = text.PEOPLE[(n * 3 + k * 5) % len(text.PEOPLE)]
            family = (
                self.client.family_name
                if kind == RelationshipKind.FAMILY
                else text.FAMILY[(n + k + 3) % len(text.FAMILY)]
            )
            self.rows.add(
                RelatedPerson(
                    client=self.client,
                    kind=kind,
                    full_name=f"{first} {family}",
                    relationship=relation,
                    phone=f"555-02{(n + k) % 100:02d}",
                    is_emergency_contact=k == 0,
                    is_active=rng.random() > 0.1,
                    created_by=self.primary,
                    created_at=at(self.opened, 11),
                )
            )

    def _events(self) -> list[tuple[date, date, str]]:
        """Key events; returns the stays (date in, date out, place) for visits there."""
        rng, today = self.rng, self.today
        last = self.closed or self.hold_on or today
        span, stays = (last - self.opened).days, []
        if span < 30:
            return stays
        for kind, chance in (
            (EventKind.HOSPITAL, 0.3),
            (EventKind.JAIL, 0.1),
            (EventKind.MEDICAL_HOSPITAL, 0.08),
            (EventKind.HOUSING, 0.25),
            (EventKind.EMPLOYMENT, 0.1),
            (EventKind.EDUCATION, 0.05),
            (EventKind.CRISIS, 0.1),
        ):
            if rng.random() >= chance:
                continue
            start = self.opened + timedelta(days=rng.randint(10, span - 5))
            event = KeyEvent(
                client=self.client,
                kind=kind,
                started_on=start,
                description=text.EVENTS[kind],
                recorded_by=self.primary,
                recorded_at=at(start, 17),
            )
            if kind in STAY_KINDS:
                event.place = (
                    "County Jail" if kind == EventKind.JAIL else rng.choice(text.HOSPITALS)
                )
                still_in = last == today and rng.random() < 0.1
                out = min(start + timedelta(days=rng.randint(3, 16)), today)
                event.ended_on = None if still_in else out
                where = Place.JAIL if kind == EventKind.JAIL else Place.HOSPITAL
                stays.append((start, today if still_in else out, where))
            self.rows.add(event)
        return stays

    def _visits(self, periods: list, start: date, stays: list[tuple[date, date, str]]) -> None:
        """Contacts from `start`: FSP/AOT about weekly, standard every 2-4 weeks; some
        clients fell behind (overdue); on hold means phone check-ins only."""
        rng, today, program = self.rng, self.today, self.program
        intensive = program.kind in (Program.Kind.FSP, Program.Kind.AOT)
        gap = (3, 7) if intensive else (10, 26)
        end = self.closed or today
        if self.client.status == Status.ACTIVE and rng.random() < 0.12:
            behind = program.contact_standard_days * rng.uniform(1.5, 3)
            end = today - timedelta(days=int(behind))
        self.drafts, self.overdue = rng.random() < 0.35, rng.random() < 0.08
        day = start + timedelta(days=rng.randint(0, 3))
        while day <= end and day < today:
            author = next((s for s, a, b in periods if a <= day and (b is None or day <= b)), None)
            if author is None or (self.secondary and rng.random() < 0.2):
                author = self.secondary or self.primary
            staying = next((where for a, b, where in stays if a <= day <= b), None)
            self._visit(day, author, staying, on_hold=bool(self.hold_on and day >= self.hold_on))
            day += timedelta(days=rng.randint(3, 5) if staying else rng.randint(*gap))

    def _visit(self, day: date, author: User, staying: str | None, on_hold: bool) -> None:
        rng = self.rng
        # Nothing is signed after the start of today: the history is the same whenever the
        # demo runs that day (visits themselves end yesterday).
        midnight = at(self.today, 0)
        roll = rng.random()
        if on_hold:
            mode = Mode.PHONE if roll < 0.7 else Mode.ATTEMPTED
        else:
            mode = (
                Mode.ATTEMPTED if roll < 0.1 else Mode.PHONE if roll < 0.28 else
                Mode.VIDEO if roll < 0.32 else Mode.COLLATERAL if roll < 0.4 else
                Mode.FACE_TO_FACE
            )  # fmt: skip
        if mode in (Mode.PHONE, Mode.VIDEO):
            place = Place.REMOTE
        elif mode == Mode.COLLATERAL:
            place = rng.choice((Place.OFFICE, Place.REMOTE))
        else:
            place = staying or rng.choice(OUT_IN_THE_FIELD)
        theme = rng.choice(text.THEMES)
        number = author.email[2]  # cm1… cm4 in the demo staff's e-mail addresses
        note_format = text.FORMATS[int(number) - 1] if number.isdigit() else NoteFormat.DAP
        if rng.random() < 0.15:
            note_format = rng.choice(text.FORMATS)
        services = sorted({theme[0], rng.choice(list(Service))})
        if mode == Mode.ATTEMPTED:
            note_format, services = NoteFormat.NARRATIVE, []
            note = {"narrative": rng.choice(text.ATTEMPTS)}
        elif mode == Mode.COLLATERAL:
            note_format, services = NoteFormat.NARRATIVE, [Service.LINKAGE]
            note = {"narrative": rng.choice(text.COLLATERAL)}
        else:
            note = text.note_for(note_format, theme)
        crisis = mode == Mode.FACE_TO_FACE and theme[0] == Service.CRISIS
        contact_at = at(day, rng.randint(8, 17), rng.choice((0, 15, 30, 45)))
        age = (self.today - day).days
        signed_at = None
        if self.drafts and age <= 4:
            self.drafts = False  # a recent draft, still to sign
        elif self.overdue and 6 <= age <= 14:
            self.overdue = False  # unsigned past its documentation window
        else:
            hours = rng.randint(26, 80) if rng.random() < 0.03 else rng.randint(1, 20)
            signed_at = contact_at + timedelta(hours=hours)
            if signed_at > midnight:
                signed_at = contact_at + (midnight - contact_at) * 0.8
        late = signed_at is not None and signed_at - contact_at > timedelta(hours=24)
        cosigned = signed_at is not None and self.program.kind != Program.Kind.STANDARD
        cosigned = cosigned and rng.random() < 0.15
        visit = Visit(
            client=self.client,
            team_id=self.client.team_id,
            author=author,
            contact_at=contact_at,
            duration_minutes=rng.randint(5, 15)
            if mode == Mode.ATTEMPTED
            else rng.choice((20, 30, 45, 60, 90)),
            mode=mode,
            place=place,
            services=services,
            is_crisis=crisis,
            note_format=note_format,
            note=note,
            next_contact_due=None
            if mode == Mode.ATTEMPTED
            else day + timedelta(days=self.program.contact_standard_days),
            sign_due_at=sign_due(contact_at, self.program, crisis),
            signed_at=signed_at,
            is_late_entry=late,
            cosigned_at=min(signed_at + timedelta(days=2), midnight) if cosigned else None,
            cosigned_by=self.sup if cosigned else None,
            created_at=contact_at,
            updated_at=signed_at or contact_at,
        )
        self.rows.add(visit)
        if signed_at is not None and rng.random() < 0.04:
            addendum = NoteAddendum(
                kind=rng.choice((AddendumKind.ADDENDUM, AddendumKind.CORRECTION)),
                text=text.ADDENDUM,
                reason="Information received after signing.",
                author=author,
                created_at=min(signed_at + timedelta(days=1), midnight),
            )
            self.rows.addenda.append((visit, addendum))
