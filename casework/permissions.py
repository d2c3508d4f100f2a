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
(`signed_in` when any member of staff may ask). Object-level rules stay where the object is
fetched: the selectors answer 404 outside the viewer's scope, and the app's
`may_<verb>(user, obj)` predicates decide the rest.
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
View = TypeVar("View", bound=Callable[..., Any])

SAFE = ("GET", "HEAD")


@dataclass(frozen=True)
class Permission:
    """What a view declared: a name for people and tests, and the rule (None: open to all)."""

    name: str
    predicate: UserPredicate | None

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
    predicate: UserPredicate, *, methods: Sequence[str] | None = None
) -> Callable[[View], View]:
    """Sign in first (anonymous users are sent to the sign-in page, as `login_required`
    does), then 405 for a method not in `methods` (when given), then 403 unless
    `predicate(user)` holds. Records the declaration as `view.permission`; Django's own
    decorators (`require_POST`...) carry it outwards."""
    permission = Permission(name=_name(predicate), predicate=predicate)

    def decorator(view: View) -> View:
        @wraps(view)
        def checked(request, *args, **kwargs):
            if not predicate(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        inner = require_http_methods(list(methods))(checked) if methods else checked
        guarded = login_required(inner)
        guarded.permission = permission
        return guarded

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
