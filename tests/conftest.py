"""The fixed cast every test can use (shared/style.md): in one agency, team A with a case
manager, a supervisor, a compliance reviewer and an agency admin (no clinical role); team B
with an outsider case manager. One client on each team."""

from __future__ import annotations

import pytest
import time_machine

from casework.models import Role
from tests.clock import Clock, suite_start
from tests.factories import AgencyFactory, ClientFactory, MembershipFactory, TeamFactory


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
    return AgencyFactory(name="Test Agency", slug="test-agency")


@pytest.fixture
def team_a(agency):
    return TeamFactory(agency=agency, name="Team A")


@pytest.fixture
def team_b(agency):
    return TeamFactory(agency=agency, name="Team B")


def _member(team, role, email, name):
    return MembershipFactory(team=team, role=role, user__email=email, user__full_name=name).user


@pytest.fixture
def case_manager(team_a):
    return _member(team_a, Role.CASE_MANAGER, "cm@example.test", "Casey Manager")


@pytest.fixture
def supervisor(team_a):
    return _member(team_a, Role.SUPERVISOR, "sup@example.test", "Sandra Supervisor")


@pytest.fixture
def compliance(team_a):
    return _member(team_a, Role.COMPLIANCE, "audit@example.test", "Cora Compliance")


@pytest.fixture
def admin_user(team_a):
    return _member(team_a, Role.ADMIN, "admin@example.test", "Adam Admin")


@pytest.fixture
def outsider(team_b):
    return _member(team_b, Role.CASE_MANAGER, "other@example.test", "Otto Outsider")


@pytest.fixture
def client_a(team_a):
    return ClientFactory(team=team_a, given_name="Amara", family_name="Teamay", record_number="A-1")


@pytest.fixture
def client_b(team_b):
    return ClientFactory(
        team=team_b, given_name="Boris", family_name="Teambee", record_number="B-1"
    )
