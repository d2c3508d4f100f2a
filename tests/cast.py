"""The fixed cast every test can use (shared/style.md), as plain builders: the fixtures in
tests/conftest.py make it piece by piece, build_cast() makes it whole for rows a module
shares (`module_rows(build_cast)`, tests/shared_rows.py), and build_signed_in_cast() adds a
session per person for modules that sign someone in at every test."""

from __future__ import annotations

from casework.models import Role
from tests.factories import AgencyFactory, ClientFactory, MembershipFactory, TeamFactory

# The cast's people: fixture name -> (team, role, e-mail, full name).
PEOPLE = {
    "case_manager": ("a", Role.CASE_MANAGER, "cm@example.test", "Casey Manager"),
    "supervisor": ("a", Role.SUPERVISOR, "sup@example.test", "Sandra Supervisor"),
    "compliance": ("a", Role.COMPLIANCE, "audit@example.test", "Cora Compliance"),
    "admin_user": ("a", Role.ADMIN, "admin@example.test", "Adam Admin"),
    "outsider": ("b", Role.CASE_MANAGER, "other@example.test", "Otto Outsider"),
}
# Team -> its client (given name, family name, record number).
CLIENTS = {"a": ("Amara", "Teamay", "A-1"), "b": ("Boris", "Teambee", "B-1")}


def make_agency():
    return AgencyFactory(name="Test Agency", slug="test-agency")


def make_team(agency, team: str):
    return TeamFactory(agency=agency, name=f"Team {team.upper()}")


def make_member(key: str, team):
    _team, role, email, name = PEOPLE[key]
    return MembershipFactory(team=team, role=role, user__email=email, user__full_name=name).user


def make_client(team_key: str, team):
    given, family, number = CLIENTS[team_key]
    return ClientFactory(team=team, given_name=given, family_name=family, record_number=number)


def build_cast() -> dict:
    """The whole cast at once, keyed by fixture name."""
    agency = make_agency()
    teams = {key: make_team(agency, key) for key in CLIENTS}
    people = {key: make_member(key, teams[team]) for key, (team, *_rest) in PEOPLE.items()}
    return people | {
        "agency": agency,
        "team_a": teams["a"],
        "team_b": teams["b"],
        "client_a": make_client("a", teams["a"]),
        "client_b": make_client("b", teams["b"]),
    }


def build_signed_in_cast() -> dict:
    """The whole cast, each person also signed in once (force_login) into a session of their
    own, under "sessions": sign_in() hands that session to a test's client. Signing in costs
    a session INSERT, django-axes' bookkeeping and last_login's UPDATE; the URL matrix and
    the hostile-input test did it ~1,700 times a run for the same five people. The session
    rows live in the module's transaction: what a test does to its session (a refresh, a
    sign-out) is rolled back with the test's savepoint."""
    from django.conf import settings
    from django.test import Client

    cast = build_cast()
    sessions = {}
    for key in PEOPLE:
        browser = Client()
        browser.force_login(cast[key])
        sessions[key] = browser.cookies[settings.SESSION_COOKIE_NAME].value
    return cast | {"sessions": sessions}


def sign_in(client, cast: dict, key: str) -> None:
    """client.force_login(cast[key]), with the session signed in once for the module."""
    from django.conf import settings

    client.cookies[settings.SESSION_COOKIE_NAME] = cast["sessions"][key]
