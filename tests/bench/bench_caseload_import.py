"""Benchmark (not a unit test): the caseload import of 5,000 clients, each with a related
person and a release, from XLSX files; the check and the import timed apart, with their SQL
counts. The figures go to docs/benchmarks.md ("Caseload import").

Run against a scratch database of its own (it migrates it; each run adds a new agency, so
runs never see each other's clients):

    createdb casework_bench_import
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/casework_bench_import \\
        .venv/bin/python -m tests.bench.bench_caseload_import [--clients 5000] [--csv]

The files are built the way an agency would fill the templates: 8 case managers in two teams
of two programs, dates of birth over 60 years (so some lines share a date of birth with
another and the duplicate check has work), a last contact for most clients.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import time
import uuid
from datetime import date, timedelta

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casework.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from administration.imports.columns import CLIENTS, PEOPLE, RELEASES  # noqa: E402
from administration.services.caseload import (  # noqa: E402
    Upload,
    caseload_import_queue,
    caseload_import_run,
    caseload_upload,
)
from casework.models import Agency, AgencyStaff, Membership, Program, Role, Team, User  # noqa: E402
from clients.models import Client  # noqa: E402

GIVEN = ("Maria", "James", "Aisha", "Wei", "Olga", "Samuel", "Priya", "Tomasz", "Lena", "Kofi")
FAMILY = ("Lopez", "Smith", "Rahman", "Chen", "Nowak", "Mensah", "Fischer", "Brooks", "Okafor")


def _agency() -> tuple[Agency, User, list[tuple[str, str, str]]]:
    """A fresh agency: two programs, two teams, four case managers each, an admin."""
    tag = uuid.uuid4().hex[:8]
    agency = Agency.objects.create(name=f"Bench import {tag}", slug=f"bench-import-{tag}")
    admin = User.objects.create_user(email=f"admin-{tag}@bench.test", full_name="Admin")
    AgencyStaff.objects.create(agency=agency, user=admin, is_admin=True)
    staff = []
    for kind, days in (("fsp", 7), ("standard", 30)):
        program = Program.objects.create(
            agency=agency, name=f"Program {kind}", kind=kind, contact_standard_days=days
        )
        team = Team.objects.create(agency=agency, name=f"Team {kind}", program=program)
        for n in range(4):
            user = User.objects.create_user(email=f"cm{n}.{kind}-{tag}@bench.test", full_name="C")
            Membership.objects.create(user=user, team=team, role=Role.CASE_MANAGER)
            staff.append((program.name, team.name, user.email))
    return agency, admin, staff


def _rows(n: int, staff: list[tuple[str, str, str]]) -> tuple[list[dict], list[dict], list[dict]]:
    today = date.today() - timedelta(days=1)  # noqa: DTZ011 - the benchmark's own data
    clients, people, releases = [], [], []
    for i in range(n):
        program, team, email = staff[i % len(staff)]
        number = f"B{i:06d}"
        clients.append(
            {
                "record_number": number,
                "given_name": GIVEN[i % len(GIVEN)],
                "family_name": f"{FAMILY[i % len(FAMILY)]}{i}",
                "date_of_birth": date(1945, 1, 1) + timedelta(days=(i * 37) % 21900),
                "program": program,
                "team": team,
                "case_manager_email": email,
                "enrolled_on": today - timedelta(days=30 + i % 700),
                "last_contact_on": today - timedelta(days=i % 25) if i % 10 else "",
                "risk_level": ("low", "moderate", "high")[i % 3],
                "primary_language": "Spanish" if i % 7 == 0 else "English",
                "phone": f"510-555-{i % 10000:04d}",
                "address": f"{i} Harbor St, Oakland CA",
            }
        )
        people.append({"record_number": number, "full_name": f"Relative {i}", "role": "family"})
        releases.append(
            {
                "record_number": number,
                "recipient_kind": "related_person",
                "recipient_name": f"Relative {i}",
                "categories": "general; mental_health",
                "purpose": "Family support",
                "effective_on": today - timedelta(days=100),
                "expires_on": today + timedelta(days=265),
                "signed_on": today - timedelta(days=100),
                "signature_method": "wet",
                "statements_given": "yes",
            }
        )
    return clients, people, releases


def _xlsx(columns, rows) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append([c.name for c in columns])
    for row in rows:
        sheet.append([row.get(c.name, "") for c in columns])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _csv(columns, rows) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, [c.name for c in columns], extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=5_000)
    parser.add_argument("--csv", action="store_true", help="CSV files instead of XLSX")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    agency, admin, staff = _agency()
    clients, people, releases = _rows(args.clients, staff)
    write, ext = (_csv, "csv") if args.csv else (_xlsx, "xlsx")
    files = {
        "clients": Upload(f"clients.{ext}", write(CLIENTS, clients)),
        "people": Upload(f"people.{ext}", write(PEOPLE, people)),
        "releases": Upload(f"releases.{ext}", write(RELEASES, releases)),
    }
    sizes = ", ".join(f"{k} {len(u.data) / 2**20:.1f} MB" for k, u in files.items())
    print(f"{args.clients} clients in {ext.upper()} ({sizes})")

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        batch = caseload_upload(agency=agency, uploaded_by=admin, files=files)
        checked = time.perf_counter() - started
    problems = batch.report["problems"]
    print(f"check: {checked:.1f} s, {len(queries)} queries, {len(problems)} problems")
    if problems:
        print(problems[:5])
        return
    decisions = {d["line"]: "new" for d in batch.report["duplicates"]}
    # What the page does (the worker's task is left out: the run is timed here instead).
    caseload_import_queue(agency=agency, import_id=batch.pk, decisions=decisions, queued_by=admin)
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        written = caseload_import_run(agency=agency, import_id=batch.pk)
        imported = time.perf_counter() - started
    print(
        f"import (checked again, then written): {imported:.1f} s, {len(queries)} queries; "
        f"{written.clients} clients, "
        f"{written.people} people, {written.releases} releases; "
        f"{len(decisions)} possible duplicates decided"
    )
    assert Client.objects.filter(agency=agency).count() == args.clients
    print(f"total: {checked + imported:.1f} s")


if __name__ == "__main__":
    main()
