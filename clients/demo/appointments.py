"""Demo care teams and calendars: each active client with a primary case manager gets two or
three outside providers (one ended) and a calendar around today: past appointments with their
outcomes (one missed and not yet followed up, so the reminder shows), appointments this week and
next, some with a ride, and the case manager's planned visits.

Idempotent: an agency whose clients have any care provider gets nothing more.
Deterministic: by record number. Registered after the releases (clients/apps.py, order 30);
`link_demo_providers` runs after the directory (order 32) through `clients.directory`.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from casework.models import Agency
from clients import directory
from clients.models import (
    Appointment,
    AppointmentKind,
    Assignment,
    AssignmentRole,
    CareProvider,
    Outcome,
    ProviderKind,
    Status,
)

_PROVIDERS = (
    (ProviderKind.PSYCHIATRIST, "Dr. Paul Nakamura", "Bayview County Behavioral Health",
     "Prescriber", "415-555-0142", "Bayview County Behavioral Health, 1380 Howard St"),
    (ProviderKind.PRIMARY_CARE, "Dr. Miriam Osei", "Harbor Community Health Center",
     "Primary care", "415-555-0177", "Harbor Community Health Center, 1300 Harbor Blvd"),
    (ProviderKind.THERAPIST, "Lena Ortiz, LCSW", "Mosaic Counseling Center", "Weekly therapy",
     "415-555-0110", "Mosaic Counseling Center, 44 Grove St"),
    (ProviderKind.PROBATION, "Officer Dana Wells", "County Probation", "Probation officer",
     "415-555-0190", "County Probation, 850 Bryant St"),
    (ProviderKind.PHARMACY, "", "Mission Pharmacy", "Blister packs",
     "415-555-0123", "Mission Pharmacy, 2201 Mission St"),
    (ProviderKind.PAYEE, "", "Bay Money Management", "Representative payee",
     "415-555-0155", "Bay Money Management, 45 Market St"),
)  # fmt: skip
_OTHER = (
    ("Superior Court, Dept. 12", "Court date", "400 McAllister St"),
    ("Social Security office", "Benefits review", "1098 Valencia St"),
)


def _at(day, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.get_current_timezone())


def seed_appointments(agency: Agency) -> None:
    if CareProvider.objects.filter(client__agency=agency).exists():
        return
    today = timezone.localdate()
    now = timezone.now()
    assignments = list(
        Assignment.objects.filter(
            client__agency=agency,
            client__status=Status.ACTIVE,
            role=AssignmentRole.PRIMARY,
            ended_on__isnull=True,
        )
        .select_related("client")
        .order_by("client__record_number")
    )
    for i, assignment in enumerate(assignments[:60]):
        client, staff_id = assignment.client, assignment.staff_id
        chosen = [_PROVIDERS[(i + k) % len(_PROVIDERS)] for k in range(3)]
        providers = CareProvider.objects.bulk_create(
            CareProvider(
                client=client,
                kind=kind,
                name=name,
                organization_name=org,
                role=role,
                phone=phone,
                started_on=today - timedelta(days=400 - 90 * k),
                ended_on=today - timedelta(days=30) if k == 2 and i % 3 == 0 else None,
                created_by_id=staff_id,
            )
            for k, (kind, name, org, role, phone, _place) in enumerate(chosen)
        )
        places = {p.pk: chosen[k][5] for k, p in enumerate(providers)}
        current = [p for p in providers if p.ended_on is None]
        rows: list[Appointment] = []

        def book(starts_at, provider=None, other=None, _ctx=(client, staff_id, places), **extra):
            rows.append(_booking(*_ctx, now, starts_at, provider, other, **extra))  # noqa: B023

        offset = i % 5
        book(_at(today - timedelta(days=20 + offset), 10), current[0], outcome=Outcome.ATTENDED,
             purpose="Medication review", transport=i % 2 == 0)  # fmt: skip
        missed = Outcome.MISSED if i % 4 == 0 else Outcome.ATTENDED
        book(_at(today - timedelta(days=3 + offset), 14), current[-1], outcome=missed,
             purpose="Follow-up")  # fmt: skip
        book(_at(today + timedelta(days=offset - 1), 9 + offset, 30), current[0],
             purpose="Medication review", transport=i % 2 == 0, attending=i % 3 == 0)  # fmt: skip
        if i % 3 == 1:
            book(_at(today + timedelta(days=offset + 2), 11), other=_OTHER[i % 2],
                 transport=True, attending=True, duration=120)  # fmt: skip
        visit = AppointmentKind.PLANNED_VISIT
        book(_at(today + timedelta(days=(i % 6) + 1), 13 + i % 3), kind=visit,
             purpose="Home visit: check-in and care plan")  # fmt: skip
        book(_at(today + timedelta(days=(i % 6) + 8), 13), kind=visit, purpose="Home visit")
        Appointment.objects.bulk_create(rows)


def link_demo_providers(agency: Agency) -> None:
    """After the directory is seeded: providers whose organisation the directory lists are
    linked to it (the picker's link), the others (probation, a pharmacy) stay unlinked.
    Seeding again changes nothing."""
    unlinked = CareProvider.objects.filter(
        client__agency=agency, directory_organization_id__isnull=True
    ).exclude(organization_name="")
    names = set(unlinked.values_list("organization_name", flat=True))
    for name, entry in directory.entries_named(agency_id=agency.pk, names=names).items():
        unlinked.filter(organization_name__iexact=name).update(directory_organization_id=entry.id)


def _booking(client, staff_id, places, now, starts_at, provider, other, **extra) -> Appointment:
    outcome = extra.pop("outcome", Outcome.SCHEDULED)
    closed = outcome != Outcome.SCHEDULED
    if provider is not None:
        place = places[provider.pk]
    else:
        place = other[2] if other else "Client's home"
    return Appointment(
        client=client,
        team_id=client.team_id,
        staff_id=staff_id,
        kind=extra.pop("kind", AppointmentKind.APPOINTMENT),
        starts_at=starts_at,
        duration_minutes=extra.pop("duration", 60),
        place=place,
        provider=provider,
        with_name=other[0] if other else "",
        purpose=other[1] if other else extra.pop("purpose", ""),
        outcome=outcome,
        outcome_on=now if closed else None,
        outcome_by_id=staff_id if closed else None,
        created_by_id=staff_id,
        **extra,
    )
