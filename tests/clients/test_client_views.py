from __future__ import annotations

import re

import pytest
from django.urls import reverse

from casework.models import AuditEvent
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db


def _without_csrf(content: bytes) -> bytes:
    content = re.sub(rb'"X-CSRFToken": "[^"]+"', b"", content)
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", content)


def test_it_lists_own_team_clients_and_hides_other_teams(client, case_manager, client_a, client_b):
    client.force_login(case_manager)
    response = client.get(reverse("clients:list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Teambee" not in body and "B-1" not in body
    assert "Teamay" in body
    assert response.context["page"].paginator.count == 1


def test_search_never_finds_another_teams_client(client, case_manager, client_a, client_b):
    client.force_login(case_manager)
    response = client.get(reverse("clients:list"), {"q": "Boris"})
    assert response.context["page"].paginator.count == 0
    assert "Teambee" not in response.content.decode()
    response = client.get(reverse("clients:list"), {"q": "B-1"})
    assert response.context["page"].paginator.count == 0


def test_the_htmx_search_returns_only_the_rows(client, case_manager, client_a):
    client.force_login(case_manager)
    response = client.get(reverse("clients:list"), {"q": "Amara"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "Teamay" in body
    assert "<html" not in body


def test_another_teams_client_answers_404(client, outsider, client_a):
    client.force_login(outsider)
    response = client.get(reverse("clients:detail", args=[client_a.pk]))
    assert response.status_code == 404
    assert "Teamay" not in response.content.decode()


def test_a_missing_client_answers_the_same_404(client, outsider, client_a):
    client.force_login(outsider)
    missing = client.get(reverse("clients:detail", args=[client_a.pk + 1000]))
    hidden = client.get(reverse("clients:detail", args=[client_a.pk]))
    assert missing.status_code == hidden.status_code == 404
    # Identical but for the per-response CSRF token.
    assert _without_csrf(missing.content) == _without_csrf(hidden.content)


def test_an_admin_sees_no_client_data(client, admin_user, client_a):
    client.force_login(admin_user)
    assert client.get(reverse("clients:detail", args=[client_a.pk])).status_code == 404
    response = client.get(reverse("clients:list"))
    assert response.context["page"].paginator.count == 0
    assert "Teamay" not in response.content.decode()


def test_viewing_a_client_is_audited(client, case_manager, client_a):
    client.force_login(case_manager)
    response = client.get(reverse("clients:detail", args=[client_a.pk]), REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="clients.client.view")
    assert event.actor == case_manager
    assert event.client_id == client_a.pk
    assert event.object_id == str(client_a.pk)
    assert event.agency_id == client_a.agency_id
    assert event.ip_address == "10.1.2.3"
    assert event.request_id == response["X-Request-ID"]


def test_a_refused_view_is_not_audited_as_a_view(client, outsider, client_a):
    client.force_login(outsider)
    client.get(reverse("clients:detail", args=[client_a.pk]))
    assert not AuditEvent.objects.filter(action="clients.client.view").exists()


def test_client_pages_are_never_cached(client, case_manager, client_a):
    client.force_login(case_manager)
    response = client.get(reverse("clients:detail", args=[client_a.pk]))
    assert response["Cache-Control"] == "no-store"


def test_anonymous_users_are_sent_to_sign_in(client, client_a):
    response = client.get(reverse("clients:detail", args=[client_a.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_list_costs_the_same_queries_for_many_clients(
    client, case_manager, team_a, django_assert_max_num_queries
):
    ClientFactory.create_batch(60, team=team_a)
    client.force_login(case_manager)
    # session, user, count, memberships (navigation), open reminders (badge), one page of
    # rows (team and program joined, primary case manager by subquery), session save
    # wrapped in a savepoint pair.
    with django_assert_max_num_queries(9):
        response = client.get(reverse("clients:list"))
    assert len(response.context["page"]) == 25


def test_the_detail_page_has_a_small_fixed_query_budget(
    client, case_manager, client_a, django_assert_max_num_queries
):
    client.force_login(case_manager)
    # session, user, client (scoped, team and program joined, primary by subquery), audit
    # insert, memberships (navigation), the timeline's four sources (visits, key events,
    # status changes, transfers), open reminders (badge), session save in a savepoint pair:
    # 13; since issue 24 the ten panels the page renders itself, 15 more, the open safety
    # flags, the current staff and the active people each read once for two parts of the
    # page (careplans.selectors.assessments.open_flags_for, clients.selectors.staff.
    # current_staff_for, clients.selectors.people.active_people_for), the latest key events
    # and status changes taken from the timeline's read (clients.selectors.timeline.
    # first_page_rows). tests/clients/test_record.py lists them
    # and holds the whole open, the page and the panel request after it, constant.
    with django_assert_max_num_queries(28):
        client.get(reverse("clients:detail", args=[client_a.pk]))
