"""Every route × every role, for the user's own team and another team, GET and POST.

The routes come from the URLconf itself, so a new view cannot escape this test: a route
with no row in EXPECTED fails until someone decides who may reach it, and a route whose view
declares no permission (`@requires(...)` or `@public`, casework/permissions.py) fails until
its view names one. Each answer is checked against the declaration too: a role the declared
predicate refuses gets 403, an anonymous visitor to a declared page is sent to sign in.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from functools import cache

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import URLPattern, URLResolver, get_resolver, path, reverse
from django.urls.resolvers import RegexPattern

from casework.models import AuditEvent, User
from casework.permissions import Permission, permission_of, public, requires, signed_in
from clients.models import Client
from tests.cast import build_signed_in_cast, sign_in
from tests.factories import UserFactory
from tests.shared_rows import module_rows
from tests.url_expectations import EXPECTED

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "case_manager", "supervisor", "compliance", "admin_user", "outsider")

# The rest of Django's admin is guarded by admin_site.admin_view like admin:index.
EXEMPT_NAMESPACES = {"admin"}


def _route_names(resolver: URLResolver, prefix: str = "", unnamed: list | None = None) -> set[str]:
    names = set()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            names |= _route_names(entry, ns, unnamed)
        elif isinstance(entry, URLPattern):
            if entry.name:
                names.add(prefix + entry.name)
            elif unnamed is not None and not prefix.startswith(tuple(EXEMPT_NAMESPACES)):
                unnamed.append(f"{prefix}{entry.pattern}")
    return names


def _routes(resolver: URLResolver, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    """(route name, pattern) for every route outside the exempt namespaces."""
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            if ns.split(":")[0] not in EXEMPT_NAMESPACES:
                yield from _routes(entry, ns)
        elif isinstance(entry, URLPattern):
            yield prefix + (entry.name or str(entry.pattern)), entry


def _undeclared(resolver: URLResolver) -> list[str]:
    """The routes whose view declares no permission, each with the view that should."""
    return sorted(
        f"{name} -> {pattern.lookup_str}"
        for name, pattern in _routes(resolver)
        if permission_of(pattern.callback) is None
    )


@cache
def _declared() -> dict[str, Permission | None]:
    return {name: permission_of(p.callback) for name, p in _routes(get_resolver())}


def test_every_view_declares_its_permission():
    undeclared = _undeclared(get_resolver())
    assert not undeclared, (
        "These routes' views declare no permission; give each `@requires(<predicate>)` or "
        f"`@public` (casework/permissions.py): {undeclared}"
    )


def _undeclared_view(request):
    return None


@requires(signed_in)
def _declared_view(request):
    return None


def test_a_route_without_a_declaration_is_caught():
    urlconf = [
        path("open/", public(_declared_view), name="open"),
        path("declared/", _declared_view, name="declared"),
        path("forgotten/", _undeclared_view, name="forgotten"),
    ]
    resolver = URLResolver(RegexPattern(r"^/"), urlconf)
    assert _undeclared(resolver) == [f"forgotten -> {__name__}._undeclared_view"]


def _body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type", "").startswith((_XLSX, "application/zip")):
        # A spreadsheet or an export is a zip: search the text of every part.
        with zipfile.ZipFile(io.BytesIO(content)) as book:
            return "".join(book.read(name).decode() for name in book.namelist())
    return content.decode()


_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml"


# 404s that refuse nothing that exists, so no audit event is due.
NOT_REFUSALS = {
    "administration:welcome": "the matrix sends a welcome token that does not exist",
}

# Tables whose rows a refused POST must leave alone: every app's data (the session, lockout
# and audit tables legitimately record the attempt).
DATA_APPS = {
    "casework",
    "directory",
    "clients",
    "careplans",
    "referrals",
    "supervision",
    "exports",
    "administration",
}


def _row_counts() -> dict[str, int]:
    """Every data table's row count, in one query prepared once per database connection:
    planning the ~75 counts anew at each call cost more than running them."""
    from django.apps import apps
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_prepared_statements WHERE name = 'row_counts'")
        if cursor.fetchone() is None:  # prepared statements outlive a rolled-back transaction
            tables = [
                m._meta.db_table
                for m in apps.get_models()
                if m._meta.app_label in DATA_APPS
                and m._meta.db_table != "casework_auditevent"
                and not m._meta.proxy
                and m._meta.managed
            ]
            sql = " UNION ALL ".join(f"SELECT '{t}', count(*) FROM {t}" for t in tables)  # noqa: S608
            cursor.execute(f"PREPARE row_counts AS {sql}")
        cursor.execute("EXECUTE row_counts")
        return dict(cursor.fetchall())


def test_every_route_has_a_name_so_it_can_be_declared():
    unnamed: list[str] = []
    _route_names(get_resolver(), unnamed=unnamed)
    assert not unnamed, f"Name these routes so the matrix can reach them: {unnamed}"


def test_every_route_has_a_declared_expectation():
    names = _route_names(get_resolver())
    undeclared = {
        n for n in names if n not in EXPECTED and n.split(":")[0] not in EXEMPT_NAMESPACES
    }
    assert not undeclared, f"Declare who may reach: {sorted(undeclared)}"
    assert not set(EXPECTED) - names, "EXPECTED names routes that no longer exist"


# The cast (tests/conftest.py) is built once for the module, not once per case: each case
# runs in a savepoint of the module's transaction, so what a case's builder or POST writes is
# rolled back before the next case (tests/shared_rows.py).
cast = module_rows(build_signed_in_cast)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_role_gets_the_declared_answer(client, cast, role, name):
    kwargs_for, statuses, post_status = EXPECTED[name]
    url = reverse(name, kwargs=kwargs_for(cast) if kwargs_for else None)
    if role != "anonymous":
        sign_in(client, cast, role)
    expected = statuses.get(role, statuses.get("*"))

    # The table agrees with the view's declaration: an anonymous visitor to a declared page
    # is sent to sign in, a role its predicate refuses gets 403 (405 if the method is wrong).
    permission = _declared().get(name)  # None only for Django's admin (exempt)
    if permission is not None and role == "anonymous" and not permission.is_public:
        assert expected in {302, 405}, f"{name} declares {permission.name}, yet is open"
    elif permission is not None and role != "anonymous":
        user = User.objects.get(pk=cast[role].pk)  # a fresh one: access is cached per object
        if not permission.allows(user):
            assert expected in {403, 405}, f"{name} declares {permission.name}: 403 for {role}"

    denied = AuditEvent.objects.filter(action="casework.access.denied").count()
    response = client.get(url)
    assert response.status_code == expected, f"GET {url} as {role}"
    if role == "anonymous" and response.status_code == 302 and permission is not None:
        if not permission.is_public:
            login_url = resolve_url(settings.LOGIN_URL)
            assert response["Location"].startswith(login_url), f"{url} sends {role} elsewhere"
    if role != "anonymous" and expected in {403, 404} and name not in NOT_REFUSALS:
        # Every refusal of something that exists is on record (issue #23).
        after = AuditEvent.objects.filter(action="casework.access.denied").count()
        assert after == denied + 1, f"GET {url} refused to {role} without an audit event"
    if role != "anonymous" and response.status_code == 200:
        # Signed-in pages may hold client information: never cached (45 CFR 170.315(d)(7)).
        assert "no-store" in response.get("Cache-Control", ""), f"{url} is cacheable"
    if role in {"case_manager", "supervisor", "compliance", "admin_user"}:
        # No client of team B ever reaches team A's people, whatever the page; clinical
        # roles do not even learn team B's name (the agency admin manages every team).
        body = _body(response)
        assert "Teambee" not in body and "B-1" not in body, f"{url} leaks team B to {role}"
        if role != "admin_user":
            assert "Team B" not in body, f"{url} names team B to {role}"
        else:
            # An agency admin without a clinical role sees no client data anywhere.
            assert "Teamay" not in body, f"{url} shows a client to the agency admin"

    if isinstance(post_status, dict):  # per role, like the GET statuses
        post_status = post_status.get(role, post_status.get("*"))
    if post_status is not None and role != "anonymous":
        before = _row_counts() if post_status >= 400 else None
        response = client.post(url, {"team": cast["client_b"].team_id, "owner": 1, "locked": 1})
        assert response.status_code == post_status, f"POST {url} as {role}"
        if before is not None:
            assert _row_counts() == before, f"a refused POST {url} as {role} changed data"


def _route_params(name: str) -> set[str]:
    """The keyword arguments a named route takes, read from the URLconf."""
    resolver = get_resolver()
    *namespaces, url_name = name.split(":")
    for ns in namespaces:
        resolver = resolver.namespace_dict[ns][1]
    return {
        p for possibility, *_ in resolver.reverse_dict.getlist(url_name) for p in possibility[0][1]
    }


def _client_routes() -> list[str]:
    """Routes addressed by a client: a `client_id` argument, or the record's own `pk`."""
    return sorted(
        name
        for name, (kwargs_for, _s, _p) in EXPECTED.items()
        if kwargs_for is not None
        and (
            "client_id" in _route_params(name)
            or name.startswith("clients:")
            and "pk" in _route_params(name)
            and "client_id" not in _route_params(name)
        )
    )


@pytest.mark.parametrize("name", _client_routes())
def test_team_a_gets_what_an_outsider_gets_for_team_bs_client(client, cast, name):
    """The same routes, turned round: objects built for team B's client, requested by team
    A's clinical roles, must answer exactly as team A's objects answer team B's outsider.
    (Routes not addressed by a client, such as a reminder or a directory entry, are covered
    by the forward table alone.)"""
    kwargs_for, statuses, _post = EXPECTED[name]
    swapped = {**cast, "client_a": cast["client_b"]}
    kwargs = kwargs_for(swapped)
    addressed = Client.objects.get(pk=kwargs.get("client_id", kwargs.get("pk")))
    assert addressed.team_id == cast["client_b"].team_id, f"{name} built {kwargs} outside team B"
    url = reverse(name, kwargs=kwargs)
    expected = statuses.get("outsider", statuses.get("*"))
    for role in ("case_manager", "supervisor", "compliance"):
        sign_in(client, cast, role)
        response = client.get(url)
        assert response.status_code == expected, f"GET {url} (team B) as {role}"
        assert "Teambee" not in _body(response)


@pytest.mark.parametrize("role", ["case_manager", "supervisor", "compliance"])
def test_another_teams_client_is_404_for_every_clinical_role(client, cast, role):
    sign_in(client, cast, role)
    response = client.get(reverse("clients:detail", kwargs={"pk": cast["client_b"].pk}))
    assert response.status_code == 404


def test_a_member_of_no_team_sees_nothing(client, cast):
    client.force_login(UserFactory())
    detail = reverse("clients:detail", kwargs={"pk": cast["client_a"].pk})
    assert client.get(detail).status_code == 404
    assert client.get(reverse("clients:list")).context["page"].paginator.count == 0
    assert client.get(reverse("teams")).status_code == 403


def test_a_refused_post_is_checked_against_every_apps_tables():
    from django.apps import apps

    counted = set(_row_counts())
    for label in DATA_APPS:
        for model in apps.get_app_config(label).get_models():
            if model._meta.managed and not model._meta.proxy:
                assert model._meta.db_table in counted or model._meta.label == "casework.AuditEvent"
    assert any(table.startswith("supervision_") for table in counted)
