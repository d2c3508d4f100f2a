"""The fixed cast every test can use (shared/style.md): in one agency, team A with a case
manager, a supervisor, a compliance reviewer and an agency admin (no clinical role); team B
with an outsider case manager. One client on each team."""

from __future__ import annotations

import pytest
import time_machine

from casework.models import Role
from tests.clock import Clock, suite_start
from tests.factories import AgencyFactory, ClientFactory, MembershipFactory, TeamFactory
from tests.shared_rows import Snapshot, on_suite_clock


@pytest.fixture(autouse=True)
def _agency_clock():
    """Every test starts at the same time of the agency's day (tests/clock.py), ticking."""
    with time_machine.travel(suite_start(), tick=True):
        yield


@pytest.fixture
def clock(_agency_clock):
    """Stand at an exact instant: clock.at("23:30"), clock.at("00:30", day=...)."""
    hand = Clock()
    yield hand
    hand.stop()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is slow on purpose; tests hash hundreds of passwords. test_sign_in pins the
    # production hasher list.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def agency(db):
    return _agency()


@pytest.fixture
def team_a(agency):
    return TeamFactory(agency=agency, name="Team A")


@pytest.fixture
def team_b(agency):
    return TeamFactory(agency=agency, name="Team B")


# The cast's people: fixture name -> (team, role, e-mail, full name).
PEOPLE = {
    "case_manager": ("a", Role.CASE_MANAGER, "cm@example.test", "Casey Manager"),
    "supervisor": ("a", Role.SUPERVISOR, "sup@example.test", "Sandra Supervisor"),
    "compliance": ("a", Role.COMPLIANCE, "audit@example.test", "Cora Compliance"),
    "admin_user": ("a", Role.ADMIN, "admin@example.test", "Adam Admin"),
    "outsider": ("b", Role.CASE_MANAGER, "other@example.test", "Otto Outsider"),
}


def _agency():
    return AgencyFactory(name="Test Agency", slug="test-agency")


def _member(key, team):
    _team, role, email, name = PEOPLE[key]
    return MembershipFactory(team=team, role=role, user__email=email, user__full_name=name).user


def _client_a(team_a):
    return ClientFactory(team=team_a, given_name="Amara", family_name="Teamay", record_number="A-1")


def _client_b(team_b):
    return ClientFactory(
        team=team_b, given_name="Boris", family_name="Teambee", record_number="B-1"
    )


@pytest.fixture
def case_manager(team_a):
    return _member("case_manager", team_a)


@pytest.fixture
def supervisor(team_a):
    return _member("supervisor", team_a)


@pytest.fixture
def compliance(team_a):
    return _member("compliance", team_a)


@pytest.fixture
def admin_user(team_a):
    return _member("admin_user", team_a)


@pytest.fixture
def outsider(team_b):
    return _member("outsider", team_b)


@pytest.fixture
def client_a(team_a):
    return _client_a(team_a)


@pytest.fixture
def client_b(team_b):
    return _client_b(team_b)


def build_cast() -> dict:
    """The whole cast at once, keyed by fixture name, for rows shared by a module
    (`module_rows(build_cast)`, tests/shared_rows.py)."""
    agency = _agency()
    teams = {
        "a": TeamFactory(agency=agency, name="Team A"),
        "b": TeamFactory(agency=agency, name="Team B"),
    }
    cast = {key: _member(key, teams[team]) for key, (team, *_rest) in PEOPLE.items()}
    return cast | {
        "agency": agency,
        "team_a": teams["a"],
        "team_b": teams["b"],
        "client_a": _client_a(teams["a"]),
        "client_b": _client_b(teams["b"]),
    }


# --- The demo, seeded once per worker ---------------------------------------------------------
@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup, django_db_blocker) -> Snapshot:
    """seed_demo() run once, on the suite's clock, in a transaction rolled back: its rows kept
    as a snapshot for the `demo` fixture."""
    from casework.demo import seed_demo

    with django_db_blocker.unblock(), on_suite_clock():
        return Snapshot.take(seed_demo)


@pytest.fixture
def demo(db, demo_snapshot):
    """The full demo (`manage.py seed_demo`), copied into this test's transaction; returns
    the demo agency. The test may change it freely: its transaction is rolled back."""
    from casework.models import Agency

    demo_snapshot.restore()
    return Agency.objects.get(pk=demo_snapshot.result.pk)
