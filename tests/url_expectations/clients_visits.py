"""clients: visits and contact notes. Notes are written by the case manager of team A."""

from __future__ import annotations

from django.utils import timezone

from tests.factories import VisitFactory

# Reads: team A's clinical roles 200; the agency admin and team B's outsider 404.
READ = {
    "anonymous": 302,
    "case_manager": 200,
    "supervisor": 200,
    "compliance": 200,
    "admin_user": 404,
    "outsider": 404,
}
# POST-only routes answer GET with 405 once the scope is known to be fine.
POST_ONLY = {"anonymous": 302, "*": 405}


def _draft(c):
    visit = VisitFactory(client=c["client_a"], author=c["case_manager"])
    return {"client_id": c["client_a"].pk, "pk": visit.pk}


def _signed(c):
    visit = VisitFactory(client=c["client_a"], author=c["case_manager"], signed_at=timezone.now())
    return {"client_id": c["client_a"].pk, "pk": visit.pk}


EXPECTED: dict[str, tuple] = {
    # An empty POST re-shows the form with its errors (200) and saves nothing.
    "clients:visit_create": (
        lambda c: {"client_id": c["client_a"].pk},
        {**READ, "compliance": 403},
        {"case_manager": 200, "supervisor": 200, "compliance": 403, "*": 404},
    ),
    # Only the author edits and signs a draft: the supervisor reads it but gets 403 here.
    "clients:visit_edit": (
        _draft,
        {**READ, "supervisor": 403, "compliance": 403},
        {"case_manager": 200, "supervisor": 403, "compliance": 403, "*": 404},
    ),
    "clients:visit_autosave": (
        _draft,
        POST_ONLY,
        {"case_manager": 200, "supervisor": 403, "compliance": 403, "*": 404},
    ),
    "clients:visit_sign": (
        _draft,
        POST_ONLY,
        {"case_manager": 200, "supervisor": 403, "compliance": 403, "*": 404},
    ),
    # The first form's "Sign": an empty POST re-shows the form with its errors, signs nothing.
    "clients:visit_create_sign": (
        lambda c: {"client_id": c["client_a"].pk},
        POST_ONLY,
        {"case_manager": 200, "supervisor": 200, "compliance": 403, "*": 404},
    ),
    "clients:visit_detail": (_signed, READ, 405),
    # The author or a supervisor of the team adds to a signed note; an empty POST re-shows
    # the form with its errors.
    "clients:visit_addendum": (
        _signed,
        POST_ONLY,
        {"case_manager": 200, "supervisor": 200, "compliance": 403, "*": 404},
    ),
    "clients:unsigned_notes": (None, {"anonymous": 302, "*": 200}, 405),
    "clients:recent_notes": (None, {"anonymous": 302, "*": 200}, 405),
    "clients:overdue_notes": (None, {"anonymous": 302, "*": 200}, 405),
}
