"""Inviting a person: an account without a usable password, a one-time link by e-mail that
sets the password within 72 hours, then a sign-in that asks for two-factor first."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from casework.models import AgencyStaff, AuditEvent, Membership, Role, StaffRoleChange, User

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a long and unusual passphrase 42"


@pytest.fixture
def invite(client, agency_admin, team_a, post_committed):
    def send(**extra):
        return _invite(client, post_committed, agency_admin, team_a, **extra)

    return send


def _invite(client, post, admin, team, **extra):
    client.force_login(admin)
    data = {
        "email": "Ana.Ruiz@Example.test",
        "full_name": "Ana Ruiz",
        "job_title": "Case manager",
        f"team_{team.pk}": Role.CASE_MANAGER,
        **extra,
    }
    return post(reverse("administration:staff_invite"), data)


def _link(message) -> str:
    return re.search(r"https?://\S+(/accounts/welcome/\S+/)", message.body).group(1)


def test_the_admin_invites_a_person_with_a_role_in_a_team(client, invite, agency_admin, team_a):
    response = invite()
    person = User.objects.get(email="ana.ruiz@example.test")
    assert response.status_code == 302
    assert not person.has_usable_password()
    assert Membership.objects.get(user=person).role == Role.CASE_MANAGER
    place = AgencyStaff.objects.get(user=person)
    assert place.invited_by == agency_admin and place.joined_at is None
    change = StaffRoleChange.objects.get(user=person)
    assert (change.team, change.role_before, change.role_after) == (team_a, "", "case_manager")
    assert AuditEvent.objects.filter(action="casework.user.invited", object_id=person.pk).exists()
    (message,) = mail.outbox
    assert message.to == ["ana.ruiz@example.test"]
    assert "Test Agency" in message.subject and "72 hours" in message.body


def test_an_address_already_used_is_refused_at_its_field(client, invite, case_manager):
    response = invite(email="CM@example.test")
    assert response.context["form"].errors["email"]
    assert User.objects.filter(email__iexact="cm@example.test").count() == 1
    assert not mail.outbox


def test_a_person_needs_some_role(client, invite, team_a):
    response = invite(**{f"team_{team_a.pk}": ""})
    assert "Give the person a role" in response.content.decode()
    assert not User.objects.filter(email="ana.ruiz@example.test").exists()


def test_the_link_sets_the_password_once_and_signs_nobody_in(client, invite):
    invite()
    client.logout()
    link = _link(mail.outbox[0])
    page = client.get(link)
    assert page.status_code == 200 and "Welcome, Ana" in page.content.decode()
    response = client.post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session
    person = User.objects.get(email="ana.ruiz@example.test")
    assert person.check_password(NEW_PASSWORD)
    assert AgencyStaff.objects.get(user=person).joined_at is not None
    assert client.get(link).status_code == 404  # used: the password changed the token's hash


def test_a_weak_password_is_refused_by_the_validators(client, invite):
    invite()
    client.logout()
    response = client.post(
        _link(mail.outbox[0]), {"new_password1": "password", "new_password2": "password"}
    )
    assert response.status_code == 200 and response.context["form"].errors["new_password2"]
    assert not User.objects.get(email="ana.ruiz@example.test").has_usable_password()


def _later(clock, **delta) -> None:
    # In the agency's zone: Django's tokens read the naive local clock (datetime.now()), and
    # time-machine takes the zone of the instant it travels to.
    clock.set(timezone.localtime(timezone.now() + timedelta(**delta)))


def test_the_link_expires_after_72_hours(client, invite, clock):
    invite()
    client.logout()
    link = _link(mail.outbox[0])
    _later(clock, hours=71, minutes=59)
    assert client.get(link).status_code == 200
    _later(clock, minutes=2)
    assert client.get(link).status_code == 404


def test_sending_again_kills_the_earlier_link(client, invite, post_committed):
    invite()
    person = User.objects.get(email="ana.ruiz@example.test")
    first = _link(mail.outbox[0])
    post_committed(reverse("administration:staff_resend", kwargs={"user_id": person.pk}))
    second = _link(mail.outbox[1])
    client.logout()
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200


def test_a_password_reset_token_is_no_invitation(client, invite):
    invite()
    person = User.objects.get(email="ana.ruiz@example.test")
    uid = urlsafe_base64_encode(force_bytes(person.pk))
    reset_token = default_token_generator.make_token(person)
    client.logout()
    url = reverse("administration:welcome", kwargs={"uidb64": uid, "token": reset_token})
    assert client.get(url).status_code == 404


def test_a_deactivated_persons_link_does_not_work(client, invite):
    invite()
    User.objects.filter(email="ana.ruiz@example.test").update(is_active=False)
    client.logout()
    assert client.get(_link(mail.outbox[0])).status_code == 404


def test_with_two_factor_required_the_first_sign_in_enrols_an_app(client, invite, settings):
    invite()
    client.logout()
    settings.REQUIRE_2FA = True
    client.post(
        _link(mail.outbox[0]), {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    client.post(reverse("login"), {"username": "ana.ruiz@example.test", "password": NEW_PASSWORD})
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"] == reverse("security:two_factor_setup")
