"""Fixtures of the agency admin's pages: an agency admin who holds no team role (as
`make setup` makes one), and files to import."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest

from casework.models import AgencyStaff
from tests.factories import UserFactory


@pytest.fixture
def agency_admin(agency):
    """An agency admin by their place on the staff alone: no team, no client."""
    user = UserFactory(email="boss@example.test", full_name="Bea Boss")
    AgencyStaff.objects.create(agency=agency, user=user, is_admin=True)
    return user


def csv_bytes(rows: list[dict[str, object]], columns: list[str] | None = None) -> bytes:
    """A CSV file with a header line and one line per row (the header is line 1)."""
    columns = columns or list(dict.fromkeys(name for row in rows for name in row))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


@pytest.fixture
def post_committed(client, django_capture_on_commit_callbacks):
    """client.post, running what the view left for after the commit (the e-mails)."""

    def post(url: str, data: dict | None = None, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data or {}, **extra)

    return post


def client_row(n: int, *, team: str = "Team A", case_manager: str = "cm@example.test", **over):
    """One line of a clients file, valid for the cast's team A."""
    row = {
        "record_number": f"OLD-{n:05d}",
        "given_name": f"Given{n}",
        "family_name": f"Family{n}",
        # A date of birth of its own: no two lines of the suite's files look like one person.
        "date_of_birth": (date(1950, 1, 1) + timedelta(days=7 * n)).isoformat(),
        "program": "__program__",
        "team": team,
        "case_manager_email": case_manager,
        "enrolled_on": "2025-01-15",
        "last_contact_on": "",
        "risk_level": "moderate",
        "phone": "+1 510 555 0100",
    }
    row.update(over)
    return row


@pytest.fixture
def clients_file(team_a):
    """clients_file(rows) -> CSV bytes, with team A's program filled in."""

    def make(rows: list[dict], columns: list[str] | None = None) -> bytes:
        for row in rows:
            if row.get("program") == "__program__":
                row["program"] = team_a.program.name
        return csv_bytes(rows, columns)

    return make
