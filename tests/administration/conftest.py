"""Fixtures of the agency admin's pages: an agency admin who holds no team role (as
`make setup` makes one), and files to import."""

from __future__ import annotations

import csv
import io

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
    columns = columns or list(rows[0])
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
