"""A child object answers only under its own parent (issue #23): every route addressed by a
client and a child (a visit, a plan, a provider and its disclosure...) is walked from the
URLconf, and each child id in turn is swapped for one built the same way for another client
of the same team, or for another parent of the same client (a goal of another plan, a
disclosure sent to another provider). The viewer may read both clients, so only the
child-belongs-to-parent check can refuse: 404, audited, and nothing changed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from casework.models import AuditEvent
from tests.casework.test_url_permissions import _route_params, _row_counts
from tests.cast import build_signed_in_cast, sign_in
from tests.factories import ClientFactory
from tests.shared_rows import module_rows
from tests.url_expectations import EXPECTED

pytestmark = pytest.mark.django_db

DENIED = "casework.access.denied"


def _reader(name: str) -> tuple[str, str]:
    """(role, method): a cast member the route serves on the right object, and how."""
    _kwargs_for, statuses, post = EXPECTED[name]
    for role in ("case_manager", "supervisor", "compliance"):
        if statuses.get(role, statuses.get("*")) in {200, 302}:
            return role, "get"
    for role in ("case_manager", "supervisor"):
        answer = post.get(role, post.get("*")) if isinstance(post, dict) else post
        if answer in {200, 302}:
            return role, "post"
    raise AssertionError(f"{name}: no clinical role reaches it; declare how to test it")


def _child_routes() -> list[tuple[str, str, str]]:
    """(route, child parameter, where the swapped child comes from) for every route that takes
    a client id and a child id: a child of another client always; of another parent of the
    same client when the route has a parent between the client and the child."""
    routes = []
    for name, (kwargs_for, _statuses, _post) in sorted(EXPECTED.items()):
        params = _route_params(name)
        if kwargs_for is None or "client_id" not in params:
            continue
        children = sorted(params - {"client_id", "token"})
        for param in children:
            routes.append((name, param, "another_client"))
            if len(children) > 1:
                routes.append((name, param, "another_parent"))
    return routes


cast = module_rows(build_signed_in_cast)


def test_the_walk_finds_the_routes_it_must_check():
    routes = {name for name, _param, _where in _child_routes()}
    assert ("clients:provider_packet", "disclosure_id", "another_parent") in _child_routes()
    assert len(routes) >= 30, "the walk found too few client routes with a child"
    for name in routes:
        _reader(name)


@pytest.mark.parametrize(("name", "param", "elsewhere"), _child_routes())
def test_a_child_of_another_parent_is_404(client, cast, name, param, elsewhere):
    kwargs_for, _statuses, _post = EXPECTED[name]
    role, method = _reader(name)
    own = kwargs_for(cast)
    if elsewhere == "another_client":
        sibling = ClientFactory(team=cast["client_a"].team, agency=cast["client_a"].agency)
        other = kwargs_for({**cast, "client_a": sibling})
        assert other["client_id"] == sibling.pk
    else:
        # Built again for the same client: a second parent (plan, provider...) with its own
        # children.
        other = kwargs_for(cast)
    assert other[param] != own[param], f"{name}'s builder made no new {param}"
    url = reverse(name, kwargs={**own, param: other[param]})
    sign_in(client, cast, role)
    before = _row_counts()
    denied = AuditEvent.objects.filter(action=DENIED).count()

    response = client.get(url) if method == "get" else client.post(url, {})

    assert response.status_code == 404, f"{method} {url} as {role}: {response.status_code}"
    assert _row_counts() == before, f"{url} changed data"
    assert AuditEvent.objects.filter(action=DENIED).count() == denied + 1, f"{url} not audited"
