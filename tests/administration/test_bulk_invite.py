"""Inviting forty people from a file: every line checked first, problems named by line and
column, then everyone invited in one transaction, or nobody."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from casework.models import AgencyStaff, Membership, Role, User
from tests.administration.conftest import csv_bytes

pytestmark = pytest.mark.django_db

COLUMNS = ["email", "full_name", "role", "teams", "job_title", "credentials"]


def _people(n, team="Team A"):
    return [
        {
            "email": f"person{i}@example.test",
            "full_name": f"Person {i}",
            "role": "case_manager" if i % 5 else "supervisor",
            "teams": team,
            "job_title": "Case manager",
        }
        for i in range(n)
    ]


def _upload(post, rows, *, dry_run=False, columns=COLUMNS):
    data = {"file": SimpleUploadedFile("staff.csv", csv_bytes(rows, columns), "text/csv")}
    if dry_run:
        data["dry_run"] = "on"
    return post(reverse("administration:staff_invite_many"), data)


def test_forty_people_are_invited_at_once(client, agency_admin, team_a, post_committed):
    client.force_login(agency_admin)
    response = _upload(post_committed, _people(40))
    assert response.status_code == 302
    assert Membership.objects.filter(team=team_a, role=Role.CASE_MANAGER).count() == 32
    assert Membership.objects.filter(team=team_a, role=Role.SUPERVISOR).count() == 8
    assert AgencyStaff.objects.filter(invited_by=agency_admin).count() == 40
    assert len(mail.outbox) == 40
    assert {m.to[0] for m in mail.outbox} == {f"person{i}@example.test" for i in range(40)}


def test_one_bad_line_invites_nobody_and_each_problem_has_its_line(
    client, agency_admin, team_a, case_manager, post_committed
):
    rows = _people(6)
    rows[1]["email"] = "not an address"  # line 3
    rows[2]["email"] = "person0@example.test"  # line 4: the same as line 2
    rows[3]["teams"] = "Team Z"  # line 5
    rows[4]["role"] = "boss"  # line 6
    rows[5]["email"] = "CM@example.test"  # line 7: has an account
    client.force_login(agency_admin)
    response = _upload(post_committed, rows)
    problems = {(p.line, p.column) for p in response.context["report"].problems}
    assert problems == {(3, "email"), (4, "email"), (5, "teams"), (6, "role"), (7, "email")}
    assert "same address is on line 2" in response.content.decode()
    assert not User.objects.filter(email__startswith="person").exists()
    assert not mail.outbox


def test_an_agency_admin_needs_no_team(client, agency_admin, post_committed):
    rows = [{"email": "second@example.test", "full_name": "Second Admin", "role": "admin"}]
    client.force_login(agency_admin)
    _upload(post_committed, rows)
    assert AgencyStaff.objects.get(user__email="second@example.test").is_admin


def test_a_missing_column_is_named_before_any_line(client, agency_admin, post_committed):
    client.force_login(agency_admin)
    response = _upload(
        post_committed,
        [{"email": "x@example.test", "full_name": "X"}],
        columns=["email", "full_name"],
    )
    problems = [(p.line, p.column, p.message) for p in response.context["report"].problems]
    assert problems == [(1, "role", "This column is missing.")]


def test_check_only_invites_nobody(client, agency_admin, team_a, post_committed):
    client.force_login(agency_admin)
    response = _upload(post_committed, _people(3), dry_run=True)
    assert "3 people would be invited" in response.content.decode()
    assert not User.objects.filter(email__startswith="person").exists()
