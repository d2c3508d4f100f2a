"""Every route × every role, for the user's own team and another team, GET and POST.

The routes come from the URLconf itself, so a new view cannot escape this test: a route
with no row in EXPECTED fails until someone decides who may reach it.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import UserFactory
from tests.url_expectations import EXPECTED

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "case_manager", "supervisor", "compliance", "admin_user", "outsider")

# The rest of Django's admin is guarded by admin_site.admin_view like admin:index.
EXEMPT_NAMESPACES = {"admin"}


def _route_names(resolver: URLResolver, prefix: str = "") -> set[str]:
    names = set()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            names |= _route_names(entry, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(prefix + entry.name)
    return names


def test_every_route_has_a_declared_expectation():
    names = _route_names(get_resolver())
    undeclared = {
        n for n in names if n not in EXPECTED and n.split(":")[0] not in EXEMPT_NAMESPACES
    }
    assert not undeclared, f"Declare who may reach: {sorted(undeclared)}"
    assert not set(EXPECTED) - names, "EXPECTED names routes that no longer exist"


@pytest.fixture
def cast(case_manager, supervisor, compliance, admin_user, outsider, client_a, client_b):
    return {
        "case_manager": case_manager,
        "supervisor": supervisor,
        "compliance": compliance,
        "admin_user": admin_user,
        "outsider": outsider,
        "client_a": client_a,
        "client_b": client_b,
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_role_gets_the_declared_answer(client, cast, role, name):
    kwargs_for, statuses, post_status = EXPECTED[name]
    url = reverse(name, kwargs=kwargs_for(cast) if kwargs_for else None)
    if role != "anonymous":
        client.force_login(cast[role])
    expected = statuses.get(role, statuses.get("*"))

    response = client.get(url)
    assert response.status_code == expected, f"GET {url} as {role}"
    if role in {"case_manager", "supervisor", "compliance", "admin_user"}:
        # No client of team B ever reaches team A's people, whatever the page; clinical
        # roles do not even learn team B's name (the agency admin manages every team).
        body = response.content.decode()
        assert "Teambee" not in body and "B-1" not in body, f"{url} leaks team B to {role}"
        if role != "admin_user":
            assert "Team B" not in body, f"{url} names team B to {role}"

    if isinstance(post_status, dict):  # per role, like the GET statuses
        post_status = post_status.get(role, post_status.get("*"))
    if post_status is not None and role != "anonymous":
        assert client.post(url).status_code == post_status, f"POST {url} as {role}"


@pytest.mark.parametrize("role", ["case_manager", "supervisor", "compliance"])
def test_another_teams_client_is_404_for_every_clinical_role(client, cast, role):
    client.force_login(cast[role])
    response = client.get(reverse("clients:detail", kwargs={"pk": cast["client_b"].pk}))
    assert response.status_code == 404


def test_a_member_of_no_team_sees_nothing(client, client_a):
    client.force_login(UserFactory())
    assert client.get(reverse("clients:detail", kwargs={"pk": client_a.pk})).status_code == 404
    assert client.get(reverse("clients:list")).context["page"].paginator.count == 0
    assert client.get(reverse("teams")).status_code == 403
