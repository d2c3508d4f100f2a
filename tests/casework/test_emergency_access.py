"""Break the glass: a reasoned, time-limited, read-only, audited and reviewed access to a
client outside one's teams."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.models import AuditEvent, EmergencyAccess, Role
from casework.security.emergency import EmergencyAccessError, emergency_access_grant
from clients.models import Client
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

REASON = "Client in crisis at the county ER, on-call worker needs the safety plan"


def _break_glass(client, record="A-1", reason=REASON):
    return client.post(
        reverse("security:emergency_start"), {"record_number": record, "reason": reason}
    )


def test_without_a_grant_another_teams_client_stays_hidden(outsider, client_a):
    assert not Client.objects.visible_to(outsider).filter(pk=client_a.pk).exists()


def test_a_written_reason_opens_the_record_read_only_with_a_banner(client, outsider, client_a):
    client.force_login(outsider)
    response = _break_glass(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("clients:detail", kwargs={"pk": client_a.pk})

    page = client.get(response["Location"])
    assert page.status_code == 200
    body = page.content.decode()
    assert 'data-testid="emergency-banner"' in body
    assert "Emergency access on." in body
    assert client_a in Client.objects.visible_to(outsider)
    assert client_a not in Client.objects.changeable_by(outsider)


def test_the_grant_is_audited_without_the_reason(client, outsider, client_a):
    client.force_login(outsider)
    _break_glass(client)
    event = AuditEvent.objects.get(action="casework.emergency.granted")
    assert event.actor == outsider
    assert event.client_id == client_a.pk
    assert "crisis" not in str(event.detail)
    assert EmergencyAccess.objects.get().reason == REASON
    client.get(reverse("clients:detail", kwargs={"pk": client_a.pk}))
    assert AuditEvent.objects.filter(
        action="clients.client.view", actor=outsider, client_id=client_a.pk
    ).exists()


def test_writes_stay_refused_under_emergency_access(client, outsider, client_a):
    from django.core.exceptions import PermissionDenied

    from clients.selectors import client_get_for_change

    emergency_access_grant(user=outsider, record_number="A-1", reason=REASON)
    with pytest.raises(PermissionDenied):
        client_get_for_change(viewer=outsider, pk=client_a.pk)


@pytest.mark.parametrize("reason", ["", "because", "   urgent    urgent    "])
def test_it_refuses_a_missing_or_token_reason(client, outsider, client_a, reason):
    client.force_login(outsider)
    response = _break_glass(client, reason=reason)
    assert response.status_code == 200
    assert not EmergencyAccess.objects.exists()
    assert client_a not in Client.objects.visible_to(outsider)


def test_it_refuses_an_unknown_record_number_and_a_client_of_ones_own_team(
    outsider, case_manager, client_a
):
    with pytest.raises(EmergencyAccessError, match="No client in your agency"):
        emergency_access_grant(user=outsider, record_number="Z-9", reason=REASON)
    with pytest.raises(EmergencyAccessError, match="already in your teams"):
        emergency_access_grant(user=case_manager, record_number="A-1", reason=REASON)


def test_compliance_and_admins_cannot_break_the_glass(client, compliance, admin_user, client_b):
    for user in (compliance, admin_user):
        client.force_login(user)
        assert _break_glass(client, record="B-1").status_code == 403
    assert not EmergencyAccess.objects.exists()


def test_access_ends_when_the_grant_expires(outsider, client_a, settings):
    settings.EMERGENCY_ACCESS_HOURS = 4
    grant, _ = emergency_access_grant(user=outsider, record_number="A-1", reason=REASON)
    assert (grant.expires_at - grant.granted_at) == timedelta(hours=4)
    EmergencyAccess.objects.filter(pk=grant.pk).update(
        granted_at=timezone.now() - timedelta(hours=5),
        expires_at=timezone.now() - timedelta(seconds=1),
    )
    assert client_a not in Client.objects.visible_to(outsider)


def test_a_deactivated_user_loses_the_grant(outsider, client_a):
    emergency_access_grant(user=outsider, record_number="A-1", reason=REASON)
    outsider.is_active = False
    outsider.save(update_fields=["is_active"])
    assert client_a not in Client.objects.visible_to(outsider)


def test_the_policy_adds_no_query(outsider, client_a, django_assert_num_queries):
    emergency_access_grant(user=outsider, record_number="A-1", reason=REASON)
    with django_assert_num_queries(1):
        assert list(Client.objects.visible_to(outsider)) == [client_a]


def test_the_supervisor_reviews_it_and_the_review_is_audited(
    client, supervisor, outsider, client_a
):
    emergency_access_grant(user=outsider, record_number="A-1", reason=REASON)
    client.force_login(supervisor)
    queue = client.get(reverse("security:emergency_review_queue"))
    body = queue.content.decode()
    assert "Otto Outsider" in body and REASON in body and "Mark reviewed" in body

    grant = EmergencyAccess.objects.get()
    response = client.post(reverse("security:emergency_review", kwargs={"pk": grant.pk}))
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.reviewed_by == supervisor
    assert AuditEvent.objects.filter(
        action="casework.emergency.reviewed", actor=supervisor
    ).exists()
    assert (
        "Reviewed by Sandra Supervisor"
        in client.get(reverse("security:emergency_review_queue")).content.decode()
    )


def test_other_teams_supervisors_neither_see_nor_review_it(client, team_b, outsider, client_a):
    emergency_access_grant(user=outsider, record_number="A-1", reason=REASON)
    other = MembershipFactory(team=team_b, role=Role.SUPERVISOR).user
    client.force_login(other)
    assert REASON not in client.get(reverse("security:emergency_review_queue")).content.decode()
    grant = EmergencyAccess.objects.get()
    response = client.post(reverse("security:emergency_review", kwargs={"pk": grant.pk}))
    assert response.status_code == 404
    grant.refresh_from_db()
    assert grant.reviewed_at is None


def test_it_appears_in_the_compliance_report(client, compliance, outsider, client_a):
    emergency_access_grant(user=outsider, record_number="A-1", reason=REASON)
    client.force_login(compliance)
    response = client.get(reverse("security:audit_report"), {"action": "casework.emergency"})
    events = list(response.context["page"])
    assert [e.action for e in events] == ["casework.emergency.granted"]
    assert "emergency</span>" in response.content.decode()


def test_the_scope_stays_one_index_friendly_condition(outsider):
    # `IN (subquery) OR IN (subquery)` would scan every client; ANY(ARRAY(...)) lets
    # PostgreSQL combine the team and primary-key indexes (see casework.access.team_scope).
    sql = str(Client.objects.visible_to(outsider).query)
    assert sql.count("= ANY((ARRAY(SELECT") == 2
    assert " IN (SELECT" not in sql
