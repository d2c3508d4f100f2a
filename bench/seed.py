"""Build a large agency in the bench database: staff and clients by COPY, the millions of
contacts and the referrals by INSERT ... SELECT over generate_series, all in the model's own
tables (migrated first).

Sizes at BENCH_SCALE=1: 100,000 clients, about 5,000,000 contacts (20-80 each, 50 on
average), 200,000 referrals, about 10,000 directory services, 500 staff in 40 teams. Every
case manager carries 10-40 open clients (uniform), so most of the 100,000 records are
discharged history, as in a real agency after some years; a smaller scale keeps the same
caseloads, which is what lets the caseload page be compared across sizes.
"""

from __future__ import annotations

import random
import time
import uuid
from datetime import date, timedelta

from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from bench.sizes import Sizes
from bench.sql import copy_rows, insert_select
from casework.models import Agency, Membership, Program, Role, Team, User
from clients.models import Assignment, Client, ConsentRelease, Enrolment, Episode, KeyEvent, Visit
from clients.services.contact_dates import contact_dates_refresh
from directory.models import Service
from referrals.models import Referral

AGENCY_SLUG = "bench"
PASSWORD = "bench-password-not-secret-42"  # noqa: S105 - a throwaway bench database
# Every bench user's authenticator shares this key: the load generator computes the codes.
TOTP_KEY = "3132333435363738393031323334353637383930"


def _step(label: str, started: float) -> float:
    now = time.monotonic()
    print(f"  {label:<46} {now - started:6.1f} s", flush=True)
    return now


def seeded(sizes: Sizes) -> bool:
    """The database already holds an agency of these sizes (seeding takes minutes)."""
    agency = Agency.objects.filter(slug=AGENCY_SLUG).first()
    return agency is not None and Client.objects.filter(agency=agency).count() == sizes.clients


def seed(sizes: Sizes, *, seed_value: int = 11) -> None:
    """Migrate, then fill. Deterministic for a given seed_value."""
    rng = random.Random(seed_value)  # noqa: S311 - sample data, not secrets
    t = time.monotonic()
    call_command("migrate", verbosity=0)
    t = _step("migrations", t)
    with transaction.atomic():
        agency, teams, supervisors, case_managers = _staff(sizes, rng)
    t = _step(f"{sizes.staff} staff in {sizes.teams} teams", t)
    with transaction.atomic():
        _clients(agency, teams, case_managers, sizes, rng)
    t = _step(f"{sizes.clients:,} clients, episodes, assignments", t)
    directory_fill(agency, sizes.services)
    t = _step(f"{Service.objects.filter(agency=agency).count():,} directory services", t)
    with transaction.atomic():
        contacts = _contacts(agency)
    t = _step(f"{contacts:,} contacts", t)
    with transaction.atomic():
        referrals = _referrals(agency, sizes.referrals)
    t = _step(f"{referrals:,} referrals", t)
    ids = list(Client.objects.filter(agency=agency).values_list("pk", flat=True))
    for start in range(0, len(ids), 10_000):
        with transaction.atomic():
            contact_dates_refresh(client_ids=ids[start : start + 10_000])
    t = _step("last contact and next due per client", t)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    _step("VACUUM ANALYZE", t)


def _staff(sizes: Sizes, rng: random.Random):
    agency = Agency.objects.create(slug=AGENCY_SLUG, name="Bench County Behavioral Health")
    program = Program.objects.create(
        agency=agency, kind="fsp", name="Full Service Partnership", contact_standard_days=14
    )
    teams = Team.objects.bulk_create(
        [Team(agency=agency, name=f"Team {n + 1:02d}", program=program) for n in range(sizes.teams)]
    )
    password = make_password(PASSWORD)  # hashed once: Argon2 per user would take minutes
    users = User.objects.bulk_create(
        [
            User(
                email=f"staff{n:04d}@bench.test",
                full_name=f"Staff Member {n:04d}",
                password=password,
            )  # fmt: skip
            for n in range(sizes.staff)
        ]
    )
    TOTPDevice.objects.bulk_create(
        [TOTPDevice(user=u, name="bench", key=TOTP_KEY, confirmed=True) for u in users]
    )
    supervisors, case_managers, memberships = [], [], []
    for n, user in enumerate(users):
        team = teams[n % len(teams)]
        lead = n < len(teams)  # each team's first member supervises it
        memberships.append(
            Membership(user=user, team=team, role=Role.SUPERVISOR if lead else Role.CASE_MANAGER)
        )
        (supervisors if lead else case_managers).append((user.pk, team.pk))
    Membership.objects.bulk_create(memberships)
    return agency, teams, supervisors, case_managers


def _clients(agency, teams, case_managers, sizes: Sizes, rng: random.Random) -> None:
    """Open clients fill each case manager's caseload (10-40); the rest are discharged."""
    program_id = teams[0].program_id
    today = timezone.localdate()
    open_slots = [
        (staff_id, team_id)
        for staff_id, team_id in case_managers
        for _ in range(rng.randint(10, 40))
    ]
    rng.shuffle(open_slots)
    staff_by_team: dict[int, list[int]] = {}
    for staff_id, team_id in case_managers:
        staff_by_team.setdefault(team_id, []).append(staff_id)
    team_ids = list(staff_by_team)
    plan = []  # (record number, team, staff, open?)
    for n in range(sizes.clients):
        if n < len(open_slots):
            staff_id, team_id = open_slots[n]
            plan.append((n, team_id, staff_id, True))
        else:
            team_id = rng.choice(team_ids)
            plan.append((n, team_id, rng.choice(staff_by_team[team_id]), False))
    rows = []
    for n, team_id, _, is_open in plan:
        born = date(1950, 1, 1) + timedelta(days=rng.randint(0, 365 * 55))
        since = today - timedelta(days=rng.randint(30, 2000))
        rows.append(
            (agency.pk, team_id, program_id, f"B{n:07d}", f"Given{n % 1997}",
             f"Family{(n * 7919) % 4999}", born, "active" if is_open else "discharged",
             rng.choice(("low", "low", "moderate", "high")), since)
        )  # fmt: skip
    copy_rows(
        Client,
        ["agency_id", "team_id", "program_id", "record_number", "given_name", "family_name",
         "date_of_birth", "status", "risk_level", "status_since"],
        rows,
    )  # fmt: skip
    ids = dict(
        Client.objects.filter(agency=agency).values_list("record_number", "pk")
    )  # record number -> pk
    opened = today - timedelta(days=800)
    closed = today - timedelta(days=60)
    copy_rows(
        Episode,
        ["client_id", "number", "opened_on", "closed_on", "discharge_reason"],
        (
            (ids[f"B{n:07d}"], 1, opened, None if is_open else closed, "" if is_open else "goals")
            for n, _, _, is_open in plan
        ),
    )
    copy_rows(
        Enrolment,
        ["client_id", "program_id", "started_on", "ended_on"],
        (
            (ids[f"B{n:07d}"], program_id, opened, None if is_open else closed)
            for n, _, _, is_open in plan
        ),
    )
    copy_rows(
        Assignment,
        ["client_id", "staff_id", "role", "started_on", "ended_on"],
        (
            (ids[f"B{n:07d}"], staff_id, "primary", opened, None if is_open else closed)
            for n, _, staff_id, is_open in plan
        ),
    )


def directory_fill(agency: Agency, services: int) -> None:
    """Copies of the demo directory (about 200 services) under numbered organisations, through
    the HSDS importer, so search sees the same shape of data as in the app."""
    from directory.demo import directory_package
    from directory.hsds.exporter import write_json
    from directory.hsds.importer import directory_import

    base = directory_package(agency)
    copies = max(round(services / len(base["services"])), 1)
    for n in range(copies):
        rows = {table: [dict(r) for r in records] for table, records in base.items()}
        if n:  # fresh ids and numbered names; the taxonomy is shared
            ids: dict[str, str] = {}
            for table, records in rows.items():
                if table in ("taxonomies", "taxonomy_terms"):
                    rows[table] = []
                    continue
                for r in records:
                    ids[r["id"]] = str(uuid.uuid5(uuid.NAMESPACE_OID, f"{n}/{r['id']}"))
            for table, records in rows.items():
                for r in records:
                    for key, value in r.items():
                        if isinstance(value, str) and value in ids:
                            r[key] = ids[value]
                    if table == "organizations":
                        r["name"] = f"{r['name']} {n}"
        report = directory_import(agency=agency, data=write_json(rows), imported_by=None)
        if not report.ok:
            raise RuntimeError(f"directory import failed: {report.problems[:3]}")


def _contacts(agency: Agency) -> int:
    """20-80 contacts per client, two weeks apart back from a recent day (open clients) or
    from their discharge (discharged ones); one in ten an attempt; the newest note of one
    open client in 50 an unsigned draft; notes older than two weeks co-signed by the team's
    supervisor (a queue that is kept up with); 1 % of clients back from hospital this
    fortnight."""
    note = (
        '{"data": "Met at home. Talked through the week, medication and the housing '
        'application.", "assessment": "Stable, engaged.", "plan": "Follow up next visit."}'
    )
    count = insert_select(
        Visit,
        {
            "client_id": "c.id",
            "team_id": "c.team_id",
            "author_id": "a.staff_id",
            "contact_at": "x.at",
            "duration_minutes": "30 + (g %% 4) * 15",
            "mode": "CASE WHEN g %% 10 = 3 THEN 'attempted' WHEN g %% 10 = 6 THEN 'phone' "
            "ELSE 'face_to_face' END",
            "place": "CASE WHEN g %% 10 = 6 THEN 'remote' ELSE 'home' END",
            "note_format": "'dap'",
            "note": f"'{note}'::jsonb",
            "sign_due_at": "x.at + interval '3 days'",
            "signed_at": "CASE WHEN g = 1 AND c.status <> 'discharged' AND c.id %% 50 = 0 "
            "THEN NULL ELSE x.at + interval '1 day' END",
            "cosigned_at": "CASE WHEN x.at < now() - interval '14 days' AND s.id IS NOT NULL "
            "THEN x.at + interval '4 days' END",
            "cosigned_by_id": "CASE WHEN x.at < now() - interval '14 days' THEN s.id END",
        },
        f"{Client._meta.db_table} c "  # noqa: S608 - table names from the models
        f"JOIN {Assignment._meta.db_table} a ON a.client_id = c.id AND a.role = 'primary' "
        f"LEFT JOIN LATERAL (SELECT m.user_id AS id FROM {Membership._meta.db_table} m "
        "  WHERE m.team_id = c.team_id AND m.role = 'supervisor' ORDER BY m.user_id LIMIT 1"
        ") s ON true "
        "CROSS JOIN LATERAL generate_series(1, 20 + (c.id %% 61)::int) g "
        "CROSS JOIN LATERAL (SELECT now() - make_interval(days => ("
        "  CASE WHEN c.status = 'discharged' THEN 60 ELSE 0 END"
        "  + (g - 1) * 14 + c.id %% 12)::int, hours => (c.id %% 8)::int) AS at) x "
        "WHERE c.agency_id = %s",
        [agency.pk],
    )
    insert_select(
        KeyEvent,
        {
            "client_id": "c.id",
            "kind": "'hospital'",
            "started_on": "current_date - 20",
            "ended_on": "current_date - (c.id %% 14)::int",
            "recorded_by_id": "a.staff_id",
            "recorded_at": "now()",
        },
        f"{Client._meta.db_table} c "
        f"JOIN {Assignment._meta.db_table} a ON a.client_id = c.id AND a.role = 'primary' "
        "WHERE c.agency_id = %s AND c.id %% 100 = 0",
        [agency.pk],
    )
    return count


def _referrals(agency: Agency, total: int) -> int:
    """Two per client on average, to directory services, each sent under a signed release;
    open clients' referrals still awaiting an outcome, discharged clients' closed."""
    clients = Client.objects.filter(agency=agency).count()
    services = Service.objects.filter(agency=agency).count()
    insert_select(
        ConsentRelease,
        {
            "client_id": "c.id",
            "discloser": "'Bench County Behavioral Health'",
            "recipient_kind": "'organization'",
            "recipient_name": "'Community providers in the directory'",
            "categories": "ARRAY['general', 'mental_health']::varchar[]",
            "purpose": "'Referral for services'",
            "effective_on": "current_date - 400",
            "expires_on": "current_date + 330",
            "signer_kind": "'client'",
            "signature_method": "'wet'",
            "signed_on": "current_date - 400",
            "told_right_to_revoke": "true",
            "told_not_conditioned": "true",
            "told_redisclosure": "true",
            "created_by_id": "a.staff_id",
        },
        f"{Client._meta.db_table} c "
        f"JOIN {Assignment._meta.db_table} a ON a.client_id = c.id AND a.role = 'primary' "
        "WHERE c.agency_id = %s",
        [agency.pk],
    )
    return insert_select(
        Referral,
        {
            "client_id": "c.id",
            "service_id": "s.id",
            "organization_id": "s.organization_id",
            "reason": "'Needs help with housing and benefits'",
            "urgency": "CASE WHEN g.n %% 9 = 0 THEN 'urgent' ELSE 'routine' END",
            "categories": "ARRAY['general']::varchar[]",
            "status": "CASE WHEN c.status = 'discharged' THEN 'completed' "
            "WHEN g.n %% 3 = 0 THEN 'sent' ELSE 'completed' END",
            "referred_by_id": "a.staff_id",
            "sent_on": "current_date - (g.n %% 300)::int",
            "consent_id": "r.id",
            "follow_up_on": "CASE WHEN c.status <> 'discharged' AND g.n %% 3 = 0 "
            "THEN current_date - (g.n %% 300)::int + 7 END",
            "closed_on": "CASE WHEN c.status <> 'discharged' AND g.n %% 3 = 0 THEN NULL "
            "ELSE current_date - (g.n %% 300)::int + 20 END",
            "outcome_note": "CASE WHEN c.status <> 'discharged' AND g.n %% 3 = 0 THEN '' "
            "ELSE 'Attended the first appointment' END",
        },
        "generate_series(0, %s - 1) AS g(n) "  # noqa: S608 - table names from the models
        f"JOIN {Client._meta.db_table} c ON c.agency_id = %s "
        "  AND c.record_number = 'B' || lpad(((g.n * 7) %% %s)::text, 7, '0') "
        f"JOIN {Assignment._meta.db_table} a ON a.client_id = c.id AND a.role = 'primary' "
        f"JOIN {ConsentRelease._meta.db_table} r ON r.client_id = c.id "
        "JOIN (SELECT id, organization_id, row_number() OVER (ORDER BY id) - 1 AS rn "
        f"  FROM {Service._meta.db_table} WHERE agency_id = %s) s "
        "  ON s.rn = (g.n * 31) %% %s",
        [total, agency.pk, clients, agency.pk, services],
    )
