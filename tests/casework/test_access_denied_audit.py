"""Refused access is audited (ASVS V16, security.md): a 404 for a client that exists but is
outside the user's scope, and a 403 on a client-scoped write, each write one
`casework.access.denied` event with the path and the client; a 404 for an id that does not
exist, and anonymous requests, write none."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework.models import AuditEvent
from tests.factories import AssessmentFactory, ClientFactory, ReminderFactory, VisitFactory

pytestmark = pytest.mark.django_db

DENIED = "casework.access.denied"


def _denied():
    return list(AuditEvent.objects.filter(action=DENIED).order_by("pk"))


@pytest.mark.parametrize("name", ["clients:detail", "clients:edit"])
def test_another_teams_client_is_404_and_audited_with_path_and_client(
    client, outsider, client_a, name
):
    client.force_login(outsider)
    url = reverse(name, args=[client_a.pk])
    assert client.get(url).status_code == 404
    [event] = _denied()
    assert event.actor == outsider
    assert event.client_id == client_a.pk
    assert event.agency_id == client_a.agency_id
    assert event.detail == {"path": url, "method": "GET", "status": 404}
    assert event.request_id


def test_a_non_existent_client_is_404_and_not_audited(client, outsider):
    client.force_login(outsider)
    assert client.get(reverse("clients:detail", args=[999_999])).status_code == 404
    assert _denied() == []


def test_a_refusal_costs_one_insert(client, outsider, client_a):
    client.force_login(outsider)
    url = reverse("clients:detail", args=[client_a.pk])
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 404
    inserts = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("INSERT")]
    assert len(inserts) == 1 and "casework_auditevent" in inserts[0]


def test_a_read_only_members_write_is_403_and_audited(client, compliance, client_a):
    client.force_login(compliance)
    url = reverse("clients:edit", args=[client_a.pk])
    assert client.post(url, {"family_name": "Changed"}).status_code == 403
    [event] = _denied()
    assert event.actor == compliance
    assert event.client_id == client_a.pk
    assert event.detail == {"path": url, "method": "POST", "status": 403}


def test_the_admin_without_a_clinical_role_is_refused_and_audited(client, admin_user, client_a):
    client.force_login(admin_user)
    assert client.get(reverse("clients:detail", args=[client_a.pk])).status_code == 404
    [event] = _denied()
    assert event.client_id == client_a.pk


def test_anonymous_requests_are_sent_to_sign_in_and_not_audited(client, client_a):
    response = client.get(reverse("clients:detail", args=[client_a.pk]))
    assert response.status_code == 302
    assert _denied() == []


def test_own_teams_client_is_not_audited_as_denied(client, case_manager, client_a):
    client.force_login(case_manager)
    assert client.get(reverse("clients:detail", args=[client_a.pk])).status_code == 200
    assert _denied() == []


def test_a_care_plan_or_assessment_of_another_teams_client_is_audited(
    client, outsider, case_manager, client_a
):
    assessment = AssessmentFactory(client=client_a, author=case_manager)
    client.force_login(outsider)
    url = reverse("careplans:assessment_detail", args=[client_a.pk, assessment.pk])
    assert client.get(url).status_code == 404
    [event] = _denied()
    assert (event.actor, event.client_id) == (outsider, client_a.pk)
    assert event.detail["path"] == url


def test_a_missing_assessment_of_ones_own_client_is_a_plain_404(client, case_manager, client_a):
    client.force_login(case_manager)
    url = reverse("careplans:assessment_detail", args=[client_a.pk, 999_999])
    assert client.get(url).status_code == 404
    assert _denied() == []


# Refusals outside any client (issue #23): they exist, so refusing them is audited too.


def test_another_teams_dashboard_is_404_and_audited(client, outsider, team_a):
    client.force_login(outsider)
    url = reverse("supervision:dashboard", args=[team_a.pk])
    assert client.get(url).status_code == 404
    [event] = _denied()
    assert (event.actor, event.client_id, event.agency_id) == (outsider, None, team_a.agency_id)
    assert event.detail == {"path": url, "method": "GET", "status": 404}


def test_a_team_that_does_not_exist_is_a_plain_404(client, outsider):
    client.force_login(outsider)
    assert client.get(reverse("supervision:dashboard", args=[999_999])).status_code == 404
    assert _denied() == []


def test_a_colleagues_reminder_is_404_and_audited(client, outsider, case_manager):
    reminder = ReminderFactory(recipient=case_manager)
    client.force_login(outsider)
    url = reverse("notifications:snooze", args=[reminder.pk])
    assert client.get(url).status_code == 404
    [event] = _denied()
    assert event.actor == outsider and event.detail["path"] == url


def test_a_staff_profile_one_may_not_read_is_404_and_audited(client, outsider, case_manager):
    client.force_login(outsider)
    url = reverse("staffing:profile", args=[case_manager.pk])
    assert client.get(url).status_code == 404
    [event] = _denied()
    assert event.actor == outsider and event.detail["path"] == url


def test_a_visit_of_another_client_is_404_and_audited_with_its_client(
    client, case_manager, client_a, team_a
):
    sibling = ClientFactory(team=team_a)
    visit = VisitFactory(client=sibling, author=case_manager)
    client.force_login(case_manager)
    url = reverse("clients:visit_detail", args=[client_a.pk, visit.pk])
    assert client.get(url).status_code == 404
    [event] = _denied()
    assert (event.actor, event.client_id) == (case_manager, sibling.pk)
