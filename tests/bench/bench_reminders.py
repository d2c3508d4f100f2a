"""Benchmark (not a unit test): the reminder sweep over 100,000 clients and 2,000,000
contacts, reporting its time and query count.

Run against a scratch database of its own (it migrates it and fills it once):

    createdb casework_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/casework_bench \\
        .venv/bin/python -m tests.bench.bench_reminders [--clients 100000] [--visits-each 20]

Data: 40 teams of one agency, a primary case manager per client (one in 200 without, so the
supervisor fallback runs too), contacts spread over the last two years with one in ten an
attempt, 1% of clients with a hospital discharge in the last fortnight, the newest contact
of one client in 50 an unsigned draft. The first sweep creates the reminders, the second
finds nothing new (the steady state of an hourly beat).

Measured 2026-11-24 (PostgreSQL on the development machine, 100,000 clients, 1,990,000
contacts): first sweep 5.4 s in 58 queries creating 43,659 reminders (inserts go in
batches of 1,000); steady-state sweep 0.8 s in 13 queries, writing nothing.
"""

from __future__ import annotations

import argparse
import os
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casework.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from casework import reminders  # noqa: E402
from casework.models import Agency, Membership, Program, Reminder, Role, Team, User  # noqa: E402
from clients.models import Assignment, Client  # noqa: E402
from clients.services.contact_dates import contact_dates_refresh  # noqa: E402

TEAMS = 40
STAFF_PER_TEAM = 10


def _seed(n_clients: int, visits_each: int) -> None:
    agency, _ = Agency.objects.get_or_create(slug="bench", defaults={"name": "Bench"})
    if Client.objects.filter(agency=agency).count() >= n_clients:
        print(f"Reusing {n_clients:,} clients already seeded.")
        return
    t0 = time.monotonic()
    program, _ = Program.objects.get_or_create(
        agency=agency, name="Bench FSP", defaults={"kind": "fsp", "contact_standard_days": 7}
    )
    teams = [
        Team.objects.get_or_create(agency=agency, name=f"Bench team {t}", program=program)[0]
        for t in range(TEAMS)
    ]
    staff: dict[int, list[int]] = {}
    for team in teams:
        staff[team.pk] = []
        for s in range(STAFF_PER_TEAM):
            user, _ = User.objects.get_or_create(
                email=f"bench{team.pk}.{s}@bench.test", defaults={"full_name": f"Staff {s}"}
            )
            role = Role.SUPERVISOR if s == 0 else Role.CASE_MANAGER
            Membership.objects.get_or_create(user=user, team=team, defaults={"role": role})
            if s:
                staff[team.pk].append(user.pk)
    rows = [
        Client(
            agency=agency,
            team=teams[i % TEAMS],
            program=program,
            record_number=f"B-{i:07d}",
            given_name=f"Given{i % 997}",
            family_name=f"Family{i % 991}",
            status="active" if i % 20 else "on_hold",
        )
        for i in range(n_clients)
    ]
    Client.objects.bulk_create(rows, batch_size=5000, ignore_conflicts=True)
    clients = list(Client.objects.filter(agency=agency).values_list("pk", "team_id"))
    Assignment.objects.bulk_create(
        [
            Assignment(
                client_id=pk,
                staff_id=staff[team_id][pk % (STAFF_PER_TEAM - 1)],
                role="primary",
                started_on="2024-01-01",
            )
            for pk, team_id in clients
            if pk % 200
        ],
        batch_size=5000,
    )
    print(f"Clients and assignments in {time.monotonic() - t0:.1f}s; inserting contacts...")
    t0 = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO clients_visit (client_id, team_id, author_id, contact_at,
                duration_minutes, mode, place, services, is_crisis, note_format, note,
                sign_due_at, signed_at, is_late_entry, version, created_at, updated_at)
            SELECT c.id, c.team_id, a.staff_id,
                   now() - make_interval(days => ((g - 1) * 730 / %s + c.id %% 9)::int),
                   30, CASE WHEN g %% 10 = 3 THEN 'attempted' ELSE 'face_to_face' END, 'home',
                   '{}', false, 'dap', '{}'::jsonb,
                   now(), CASE WHEN g = 1 AND c.id %% 50 = 0 THEN NULL ELSE now() END,
                   false, 1, now(), now()
            FROM clients_client c
            JOIN clients_assignment a ON a.client_id = c.id AND a.role = 'primary'
            CROSS JOIN generate_series(1, %s) g
            WHERE c.agency_id = %s
            """,
            [visits_each, visits_each, agency.pk],
        )
        cursor.execute(
            """
            INSERT INTO clients_keyevent (client_id, kind, started_on, ended_on, place,
                description, recorded_by_id, recorded_at, version, void_reason)
            SELECT c.id, 'hospital', current_date - 20, current_date - (c.id %% 14)::int,
                   '', '', a.staff_id, now(), 1, ''
            FROM clients_client c JOIN clients_assignment a ON a.client_id = c.id
            WHERE c.agency_id = %s AND c.id %% 100 = 0
            """,
            [agency.pk],
        )
    print(f"Contacts and events in {time.monotonic() - t0:.1f}s; contact dates...")
    t0 = time.monotonic()
    ids = [pk for pk, _ in clients]
    for start in range(0, len(ids), 10_000):
        with transaction.atomic():
            contact_dates_refresh(client_ids=ids[start : start + 10_000])
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"Contact dates in {time.monotonic() - t0:.1f}s.")


def _sweep(label: str) -> None:
    with CaptureQueriesContext(connection) as queries:
        t0 = time.monotonic()
        result = reminders.sweep()
        elapsed = time.monotonic() - t0
    print(
        f"{label}: {elapsed:.2f}s, {len(queries)} queries; created {result.created:,}, "
        f"resolved {result.resolved:,}, escalated {result.escalated:,}"
    )
    for kind, r in result.kinds.items():
        print(f"    {kind:<30} created {r.created:>7,} resolved {r.resolved:>6,}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--visits-each", type=int, default=20)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    _seed(args.clients, args.visits_each)
    Reminder.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM clients_visit")
        contacts = cursor.fetchone()[0]
    print(f"{Client.objects.count():,} clients, {contacts:,} contacts")
    _sweep("First sweep (creates)")
    _sweep("Second sweep (steady state)")


if __name__ == "__main__":
    main()
