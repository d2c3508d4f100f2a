"""Who reaches a team's dashboard and what they see there: another team's supervisor gets
404 everywhere, a case manager 403, an agency admin the figures without a client."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.access import access_for
from casework.models import Role
from pages.navigation import items_for
from tests.factories import AssignmentFactory, MembershipFactory, VisitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def supervisor_b(team_b):
    return MembershipFactory(team=team_b, role=Role.SUPERVISOR, user__full_name="Bo Bsuper").user


def _team_a_urls(team_a, client_a, case_manager):
    now = timezone.now()
    visit = VisitFactory(
        client=client_a,
        author=case_manager,
        contact_at=now - timedelta(days=2),
        signed_at=now - timedelta(days=1),
    )
    t = team_a.pk
    return {
        "get": [
            reverse("supervision:dashboard", args=[t]),
            reverse("supervision:metric_list", args=[t, "caseload"]),
            reverse("supervision:metric_list", args=[t, "flags"]),
            reverse("supervision:return", args=[t, visit.pk]),
        ],
        "post": [
            reverse("supervision:reassign", args=[t]),
            reverse("supervision:cosign", args=[t, visit.pk]),
            reverse("supervision:return", args=[t, visit.pk]),
        ],
    }


def test_another_teams_supervisor_gets_404_everywhere(
    client, supervisor_b, team_a, client_a, case_manager
):
    urls = _team_a_urls(team_a, client_a, case_manager)
    client.force_login(supervisor_b)
    for url in urls["get"]:
        assert client.get(url).status_code == 404, url
    for url in urls["post"]:
        assert client.post(url, {"comment": "x", "reason": "x"}).status_code == 404, url
    # And their own team's dashboard shows nothing of team A.
    body = client.get(
        reverse("supervision:dashboard", args=[supervisor_b.memberships.get().team_id])
    )
    assert "Teamay" not in body.content.decode() and "Casey" not in body.content.decode()


def test_a_case_manager_cannot_open_supervisor_pages(client, case_manager, team_a, client_a):
    urls = _team_a_urls(team_a, client_a, case_manager)
    client.force_login(case_manager)
    assert client.get(reverse("supervision:home")).status_code == 403
    for url in urls["get"]:
        assert client.get(url).status_code == 403, url
    for url in urls["post"]:
        assert client.post(url).status_code == 403, url


def test_an_unknown_metric_or_staff_is_not_found(client, supervisor, outsider, team_a):
    client.force_login(supervisor)
    assert (
        client.get(reverse("supervision:metric_list", args=[team_a.pk, "salaries"])).status_code
        == 404
    )
    url = reverse("supervision:metric_list", args=[team_a.pk, "caseload"])
    assert client.get(f"{url}?staff={outsider.pk}").status_code == 404  # not of this team


def test_an_admin_sees_the_figures_and_no_client(
    client, admin_user, case_manager, client_a, team_a
):
    AssignmentFactory(client=client_a, staff=case_manager)
    client.force_login(admin_user)
    body = client.get(reverse("supervision:dashboard", args=[team_a.pk])).content.decode()
    assert "Casey Manager" in body
    assert "Teamay" not in body and "A-1" not in body
    assert "/list/" not in body and "Notes to co-sign" not in body
    assert (
        client.get(reverse("supervision:metric_list", args=[team_a.pk, "caseload"])).status_code
        == 403
    )


def test_the_team_entry_and_panel_are_for_supervisors(client, supervisor, case_manager, team_a):
    assert "supervision:home" in [i.url_name for i in items_for(access_for(supervisor))]
    assert "supervision:home" not in [i.url_name for i in items_for(access_for(case_manager))]
    client.force_login(supervisor)
    home = client.get(reverse("dashboard")).content.decode()
    assert "Open the team dashboard" in home
    assert client.get(reverse("supervision:home")).url == reverse(
        "supervision:dashboard", args=[team_a.pk]
    )
    client.force_login(case_manager)
    assert "Open the team dashboard" not in client.get(reverse("dashboard")).content.decode()
