"""The declaration views carry (casework/permissions.py): what `@requires` answers, in
which order, and that the declaration stays readable through Django's own decorators."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import resolve_url
from django.test import RequestFactory
from django.views.decorators.http import require_POST

from casework.models import User
from casework.permissions import PUBLIC, permission_of, public, requires, signed_in


def allowed(user) -> bool:
    return True


def refused(user) -> bool:
    return False


def _page(request):
    return HttpResponse("the page")


def _get(user, method: str = "get"):
    request = getattr(RequestFactory(), method)("/somewhere/")
    request.user = user
    return request


@pytest.fixture
def staff():
    return User(email="staff@example.org", is_active=True)


def test_it_sends_an_anonymous_visitor_to_sign_in():
    response = requires(allowed)(_page)(_get(AnonymousUser()))
    assert response.status_code == 302
    assert response["Location"] == f"{resolve_url('login')}?next=/somewhere/"


def test_it_opens_the_page_to_someone_the_predicate_allows(staff):
    assert requires(allowed)(_page)(_get(staff)).content == b"the page"


def test_it_refuses_someone_the_predicate_refuses(staff):
    with pytest.raises(PermissionDenied):
        requires(refused)(_page)(_get(staff))


def test_it_answers_sign_in_then_method_then_permission(staff):
    view = requires(refused, methods=["POST"])(_page)
    assert view(_get(AnonymousUser())).status_code == 302
    assert view(_get(staff)).status_code == 405
    with pytest.raises(PermissionDenied):
        view(_get(staff, "post"))


def test_the_declaration_is_readable_through_djangos_decorators():
    view = require_POST(requires(refused)(_page))
    permission = permission_of(view)
    assert permission is not None
    assert permission.name == f"{__name__.split('.')[0]}.refused"  # app.predicate
    assert not permission.is_public
    assert not permission.allows(AnonymousUser())


def test_signed_in_allows_any_member_of_staff_but_nobody_anonymous(staff):
    permission = permission_of(requires(signed_in)(_page))
    assert permission.name == "casework.signed_in"
    assert permission.allows(staff)
    assert not permission.allows(AnonymousUser())


def test_a_public_route_is_open_to_everyone():
    view = public(_page)
    assert permission_of(view) is PUBLIC
    assert view(_get(AnonymousUser())).content == b"the page"


def test_a_view_without_a_declaration_has_none():
    assert permission_of(_page) is None


# --- Object rules: `requires(may_<verb>, on=loader)` under the route's own declaration ----


def _load(request, pk):
    if pk == 404:
        raise Http404
    return {"pk": pk}


def allowed_on(user, obj) -> bool:
    return obj["pk"] == 1


def _object_page(request, obj, pk):
    return HttpResponse(f"object {obj['pk']} of {pk}")


def _object_view():
    return requires(signed_in)(require_POST(requires(allowed_on, on=_load)(_object_page)))


def test_an_object_rule_hands_the_loaded_object_to_the_view(staff):
    assert _object_view()(_get(staff, "post"), pk=1).content == b"object 1 of 1"


def test_an_object_rule_answers_sign_in_then_method_then_not_found_then_permission(staff):
    view = _object_view()
    assert view(_get(AnonymousUser(), "post"), pk=1).status_code == 302
    assert view(_get(staff), pk=404).status_code == 405  # before the object is looked up
    with pytest.raises(Http404):
        view(_get(staff, "post"), pk=404)
    with pytest.raises(PermissionDenied):
        view(_get(staff, "post"), pk=2)


def test_the_routes_declaration_names_its_object_rules():
    permission = permission_of(_object_view())
    assert permission.name == "casework.signed_in"
    assert permission.object_rules == (f"{__name__.split('.')[0]}.allowed_on",)


def test_an_object_rule_leaves_the_methods_to_the_routes_declaration():
    with pytest.raises(TypeError):
        requires(allowed_on, on=_load, methods=["POST"])
