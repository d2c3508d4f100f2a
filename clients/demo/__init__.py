"""Demo clients with a believable history: about 50 a team, fictional names and text.

Each client gets an episode, status history, enrolment, a primary case manager (some a
secondary too), people in their life, months of visits in every mode and place (signed notes
with a few late entries, addenda and co-signatures; recent drafts and a few overdue ones) and
key events. Rows go in with bulk_create, so 150 clients take seconds.

Idempotent: only clients without an episode get a history. Deterministic: each client's
random stream is seeded by its record number. Signed visits are inserted signed, because the
trigger of migration 0003 refuses to change a signed visit afterwards.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from django.db import models
from django.utils import timezone

from casework.models import Agency, Membership, Program, Role
from clients.demo import text
from clients.demo.history import ClientHistory, Rows, Staff
from clients.models import (
    Assignment,
    Client,
    Episode,
    KeyEvent,
    NoteAddendum,
    RelatedPerson,
    RiskLevel,
    Status,
    StatusChange,
    Visit,
)
from clients.services.contact_dates import contact_dates_refresh

PER_TEAM = 50
# Out of every 20 clients: 1 discharged, 2 referred, 2 on hold, the rest active.
STATUS_BY_REMAINDER = {
    0: Status.DISCHARGED,
    7: Status.REFERRED,
    13: Status.REFERRED,
    5: Status.ON_HOLD,
    11: Status.ON_HOLD,
}
# Rows dated when they happened rather than when the demo ran.
_DATED_FIELDS = (
    (StatusChange, "recorded_at"),
    (Assignment, "created_at"),
    (RelatedPerson, "created_at"),
    (KeyEvent, "recorded_at"),
    (Visit, "created_at"),
    (Visit, "updated_at"),
    (NoteAddendum, "created_at"),
)


def seed_clients(agency: Agency) -> None:
    _insert_clients(agency)
    fresh = list(
        Client.objects.filter(agency=agency, episodes__isnull=True)
        .select_related("team__program")
        .order_by("record_number")
    )
    if not fresh:
        return
    staff = _staff_by_team(agency)
    rows, today, status_since = Rows(), timezone.localdate(), []
    for client in fresh:
        since = ClientHistory(rows, client, staff[client.team_id], today).build()
        status_since.append(Client(pk=client.pk, status_since=since))
    _insert(rows)
    Client.objects.bulk_update(status_since, ["status_since"], batch_size=500)
    contact_dates_refresh(client_ids=[c.pk for c in fresh])


def _insert_clients(agency: Agency) -> None:
    rows, today = [], timezone.localdate()
    for t, team in enumerate(agency.teams.select_related("program").order_by("name")):
        for n in range(PER_TEAM):
            i = t * PER_TEAM + n
            rng = random.Random(f"client-{i}")  # noqa: S311 - demo data
            age = 17 if i in (9, 73) else rng.randint(19, 71)
            rows.append(
                Client(
                    agency=agency,
                    team=team,
                    program=team.program,
                    service_area=team.service_area,
                    record_number=f"BV-{10001 + i}",
                    given_name=text.GIVEN[(i * 7) % len(text.GIVEN)],
                    family_name=text.FAMILY[(i * 5 + t) % len(text.FAMILY)],
                    preferred_name="Lexi" if i % 37 == 0 else "",
                    date_of_birth=today - timedelta(days=age * 365 + rng.randint(0, 360)),
                    pronouns=rng.choice(("she/her", "he/him", "he/him", "she/her", "they/them")),
                    primary_language=rng.choice(("English",) * 6 + ("Spanish", "Vietnamese")),
                    phone=f"555-01{i % 100:02d}",
                    address=f"{rng.randint(10, 999)} {rng.choice(text.STREETS)}, Bayview",
                    status=STATUS_BY_REMAINDER.get(i % 20, Status.ACTIVE),
                    risk_level=rng.choice(
                        (RiskLevel.LOW,) * 3 + (RiskLevel.MODERATE,) * 2 + (RiskLevel.HIGH,)
                    ),
                    justice_involved=team.program.kind == Program.Kind.AOT or rng.random() < 0.15,
                    co_occurring_substance_use=rng.random() < 0.35,
                    homeless=rng.random() < 0.2,
                )
            )
    Client.objects.bulk_create(rows, ignore_conflicts=True)


def _staff_by_team(agency: Agency) -> dict[int, Staff]:
    """The demo's case managers (cm1… by e-mail) and the supervisor of each team."""
    staff: dict[int, Staff] = {}
    memberships = (
        Membership.objects.filter(
            team__agency=agency, role__in=[Role.CASE_MANAGER, Role.SUPERVISOR]
        )
        .select_related("user")
        .order_by("role", "user__email")
    )
    for m in memberships:
        team = staff.setdefault(m.team_id, Staff(case_managers=[], supervisor=m.user))
        if m.role == Role.CASE_MANAGER:
            team.case_managers.append(m.user)
        else:
            team.supervisor = m.user
    return staff


@contextmanager
def _dated() -> Iterator[None]:
    """Switch off auto_now(_add) on the history's timestamp columns for the insert."""
    fields: list[models.DateTimeField] = [m._meta.get_field(f) for m, f in _DATED_FIELDS]
    saved = [(f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, (auto_now, auto_now_add) in zip(fields, saved, strict=True):
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def _insert(rows: Rows) -> None:
    with _dated():
        Episode.objects.bulk_create(rows.by_model.pop(Episode, []), batch_size=1000)
        for episode, change in rows.changes:
            change.episode = episode
        StatusChange.objects.bulk_create([c for _e, c in rows.changes], batch_size=1000)
        for model, instances in rows.by_model.items():
            model.objects.bulk_create(instances, batch_size=1000)
        for visit, addendum in rows.addenda:
            addendum.visit = visit
        NoteAddendum.objects.bulk_create([a for _v, a in rows.addenda], batch_size=1000)
