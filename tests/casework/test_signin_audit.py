"""Failed sign-ins, lockouts and attempts during a lockout are audit events (who was tried,
from which address, when), outlast django-axes' own records, and read in words in the audit
report (casework/audit_signin.py)."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client as WebClient
from django.urls import reverse

from casework.agency_staff import AgencyStaff
from casework.models import AuditEvent
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency_admin(agency):
    user = UserFactory(email="boss@example.test", full_name="Bea Boss")
    AgencyStaff.objects.create(agency=agency, user=user, is_admin=True)
    return user


def _sign_in(client, email, password=PASSWORD):
    return client.post(reverse("login"), {"username": email, "password": password})


def _signins():
    return list(AuditEvent.objects.filter(action__startswith="casework.signin.").order_by("id"))


def test_a_failed_sign_in_names_the_account_the_address_and_the_time(client, case_manager):
    _sign_in(client, case_manager.email.upper(), "not the password")
    [event] = _signins()
    assert event.action == "casework.signin.failed"
    assert event.actor is None  # nobody signed in
    assert (event.object_type, event.object_id) == ("casework.user", str(case_manager.pk))
    assert event.agency_id == case_manager.memberships.get().team.agency_id
    assert event.ip_address == "127.0.0.1"
    assert event.detail == {"email": case_manager.email, "failures": 1}
    assert event.occurred_at is not None


def test_a_lockout_and_the_attempts_it_refuses_are_recorded_and_kept_after_sign_in(
    client, agency_admin, case_manager
):
    person = WebClient()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(person, case_manager.email, "wrong password")
    assert _sign_in(person, case_manager.email).status_code == 429  # right password, refused
    actions = [e.action for e in _signins()]
    assert actions == [
        *["casework.signin.failed"] * settings.AXES_FAILURE_LIMIT,
        "casework.signin.locked_out",
        "casework.signin.refused_locked",
    ]
    locked = AuditEvent.objects.get(action="casework.signin.locked_out")
    assert locked.detail["failures"] == settings.AXES_FAILURE_LIMIT

    client.force_login(agency_admin)
    assert "Locked out" in client.get(reverse("administration:staff")).content.decode()
    client.post(reverse("administration:staff_unlock", kwargs={"user_id": case_manager.pk}))
    assert _sign_in(person, case_manager.email).status_code == 302
    # axes forgets; the trail does not.
    assert not AccessAttempt.objects.filter(username=case_manager.email).exists()
    assert [e.action for e in _signins()] == actions


def test_an_unknown_address_is_recorded_but_text_that_is_no_address_is_not(client):
    _sign_in(client, "nobody@elsewhere.test", "guess")
    # Perhaps a password typed in the wrong box: the form refuses it before any attempt.
    _sign_in(client, "correct horse battery staple", "guess")
    [event] = _signins()
    assert (event.object_id, event.agency_id) == ("", None)
    assert event.detail == {"email": "nobody@elsewhere.test", "failures": 1}
    assert not AuditEvent.objects.filter(detail__icontains="horse").exists()


def test_the_audit_report_tells_sign_ins_and_lockouts_in_words(client, compliance, case_manager):
    person = WebClient()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(person, case_manager.email, "wrong password")
    _sign_in(person, "nobody@elsewhere.test", "guess")
    client.force_login(compliance)
    page = client.get(reverse("security:audit_report"), {"action": "casework.signin"})
    body = page.content.decode()
    assert f"Failed sign-in as {case_manager.email}" in body
    assert (
        f"Locked out of signing in as {case_manager.email} after "
        f"{settings.AXES_FAILURE_LIMIT} failed attempts"
    ) in body
    assert "Failed sign-in as nobody@elsewhere.test" in body
    assert "not signed in" in body
