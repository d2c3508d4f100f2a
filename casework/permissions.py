"""How a view declares who may reach it (pretix's `control/permissions.py`, in small).

Every view names its permission with one decorator, so a reader sees the rule above the
function and the URL × role test (tests/casework/test_url_permissions.py) reads it from the
URLconf: a route whose view declares nothing fails the suite.

    @require_POST
    @requires(may_supervise)     # sign in, then 403 unless the predicate holds
    def emergency_review(request, pk): ...

    @public                      # open to anyone: sign-in, health check, a welcome link
    def healthz(request): ...

A view that today checks sign-in before its method names its methods in the declaration,
`@requires(may_supervise, methods=SAFE)`, so the order of its answers stays: the sign-in page,
then 405 for another method, then 403.

The predicate is a user-level `may_<verb>(user) -> bool` from the app's `predicates.py`
(`signed_in` when any member of staff may ask). A rule about the object the URL names is
declared the same way, under the route's own declaration and below any method check, with
the loader that finds the object:

    @requires(signed_in)
    @require_POST
    @requires(may_approve_plan, on=_draft_for_change)   # 404 from the loader, then 403
    def plan_approve(request, plan, client_id, pk): ...

The loader is called with the view's arguments and answers 404 outside the viewer's scope
(through the selectors); the object predicate `may_<verb>(user, obj)` decides the rest; the
view receives the object after the request. The route's `Permission` lists these rules
(`object_rules`), so a reader and the URL × role test see every rule a route declares.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.views.decorators.http import require_http_methods

if TYPE_CHECKING:
    from casework.models import User

UserPredicate = Callable[["User"], bool]
ObjectPredicate = Callable[["User", Any], bool]
View = TypeVar("View", bound=Callable[..., Any])

SAFE = ("GET", "HEAD")


@dataclass(frozen=True)
class Permission:
    """What a view declared: a name for people and tests, and the rule (None: open to all)."""

    name: str
    predicate: UserPredicate | None
    # The object rules declared under it (`requires(..., on=loader)`), by name.
    object_rules: tuple[str, ...] = ()

    @property
    def is_public(self) -> bool:
        return self.predicate is None

    def allows(self, user: User) -> bool:
        if self.predicate is None:
            return True
        return bool(user.is_authenticated and self.predicate(user))


PUBLIC = Permission(name="public", predicate=None)


def signed_in(user: User) -> bool:
    """Any signed-in member of staff: what the page shows is scoped where it is read."""
    return True


def requires(
    predicate: UserPredicate | ObjectPredicate,
    *,
    methods: Sequence[str] | None = None,
    on: Callable[..., Any] | None = None,
) -> Callable[[View], View]:
    """Sign in first (anonymous users are sent to the sign-in page, as `login_required`
    does), then 405 for a method not in `methods` (when given), then 403 unless
    `predicate(user)` holds. Records the declaration as `view.permission`; Django's own
    decorators (`require_POST`...) carry it outwards.

    With `on=loader`, an object rule instead: `loader(request, *args, **kwargs)` finds the
    object (404 outside the viewer's scope), 403 unless `predicate(user, obj)` holds, and
    the view is called as `view(request, obj, *args, **kwargs)`. It goes under the route's
    own `requires`, which it leaves to check sign-in and the method."""
    if on is not None:
        if methods is not None:
            raise TypeError("Name the methods in the route's own @requires, not an object rule's.")
        return _object_rule(predicate, on)
    permission_name = _name(predicate)

    def decorator(view: View) -> View:
        @wraps(view)
        def checked(request, *args, **kwargs):
            if not predicate(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        inner = require_http_methods(list(methods))(checked) if methods else checked
        guarded = login_required(inner)
        guarded.permission = Permission(
            name=permission_name,
            predicate=predicate,
            object_rules=getattr(view, "object_rules", ()),
        )
        return guarded

    return decorator


def _object_rule(predicate: ObjectPredicate, load: Callable[..., Any]) -> Callable[[View], View]:
    rule = _name(predicate)

    def decorator(view: View) -> View:
        @wraps(view)
        def checked(request, *args, **kwargs):
            obj = load(request, *args, **kwargs)
            if not predicate(request.user, obj):
                raise PermissionDenied
            return view(request, obj, *args, **kwargs)

        checked.object_rules = (rule, *getattr(view, "object_rules", ()))
        return checked

    return decorator


def public(view: View) -> View:
    """Declare a route open to anyone, signed in or not (the view itself decides the rest,
    as the sign-in page and a welcome link do)."""

    @wraps(view)
    def open_view(request, *args, **kwargs):
        return view(request, *args, **kwargs)

    open_view.permission = PUBLIC
    return open_view


def permission_of(view: Callable[..., Any]) -> Permission | None:
    """The permission a view declared, or None when it declared none."""
    permission = getattr(view, "permission", None)
    return permission if isinstance(permission, Permission) else None


def _name(predicate: UserPredicate) -> str:
    # "clients.predicates.may_add_client" reads as "clients.may_add_client".
    app = predicate.__module__.split(".")[0]
    return f"{app}.{predicate.__name__}"
