"""Privilege and membership changes made in the admin are audited; deactivation ends the
person's sessions at once."""

from __future__ import annotations

import pytest
from django.urls import reverse

from casework.models import AuditEvent, Membership, Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser():
    user = UserFactory(email="root@example.test", is_staff=True, is_superuser=True)
    return user


def _change_form(user, **overrides):
    data = {
        "email": user.email,
        "full_name": user.full_name,
        "credentials": "",
        "job_title": "",
        "is_active": "on",
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
    }
    memberships = list(Membership.objects.filter(user=user))
    data["memberships-TOTAL_FORMS"] = str(len(memberships))
    data["memberships-INITIAL_FORMS"] = str(len(memberships))
    for i, m in enumerate(memberships):
        data.update(
            {
                f"memberships-{i}-id": str(m.pk),
                f"memberships-{i}-user": str(user.pk),
                f"memberships-{i}-team": str(m.team_id),
                f"memberships-{i}-role": m.role,
            }
        )
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_deactivating_in_the_admin_is_audited_and_ends_sessions_at_once(
    client, superuser, case_manager
):
    from django.test import Client

    theirs = Client()
    theirs.force_login(case_manager)
    assert theirs.get(reverse("dashboard")).status_code == 200

    client.force_login(superuser)
    url = reverse("admin:casework_user_change", args=[case_manager.pk])
    response = client.post(url, _change_form(case_manager, is_active=None))
    assert response.status_code == 302, response.content.decode()[:2000]

    event = AuditEvent.objects.get(action="casework.user.privileges_changed")
    assert event.actor == superuser
    assert event.object_id == str(case_manager.pk)
    assert event.detail == {"changes": {"is_active": [True, False]}}
    response = theirs.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_role_change_in_the_admin_is_audited_with_the_previous_role(
    client, superuser, case_manager, team_a
):
    client.force_login(superuser)
    url = reverse("admin:casework_user_change", args=[case_manager.pk])
    response = client.post(url, _change_form(case_manager, **{"memberships-0-role": "supervisor"}))
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="casework.membership.changed")
    assert event.detail == {
        "user": case_manager.pk,
        "team": team_a.pk,
        "role": Role.SUPERVISOR,
        "previous_role": Role.CASE_MANAGER,
    }


def test_adding_and_removing_a_membership_are_audited(client, superuser, case_manager, team_b):
    client.force_login(superuser)
    url = reverse("admin:casework_user_change", args=[case_manager.pk])
    form = _change_form(
        case_manager,
        **{
            "memberships-TOTAL_FORMS": "2",
            "memberships-1-user": str(case_manager.pk),
            "memberships-1-team": str(team_b.pk),
            "memberships-1-role": Role.CASE_MANAGER,
        },
    )
    assert client.post(url, form).status_code == 302
    added = AuditEvent.objects.get(action="casework.membership.added")
    assert added.detail["team"] == team_b.pk

    form = _change_form(case_manager, **{"memberships-1-DELETE": "on"})
    assert client.post(url, form).status_code == 302
    removed = AuditEvent.objects.get(action="casework.membership.removed")
    assert removed.detail["user"] == case_manager.pk
    assert removed.actor == superuser
