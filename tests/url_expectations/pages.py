"""pages: the pages composed above the apps under the clients namespace, the client record
and a contact note's panels (pages/clients_urls.py)."""

from __future__ import annotations

from django.utils import timezone

from tests.factories import VisitFactory

# Client-scoped reads: team A's clinical roles 200; the agency admin and team B's outsider 404.
READ = {
    "anonymous": 302,
    "case_manager": 200,
    "supervisor": 200,
    "compliance": 200,
    "admin_user": 404,
    "outsider": 404,
}


def _signed(c):
    visit = VisitFactory(client=c["client_a"], author=c["case_manager"], signed_at=timezone.now())
    return {"client_id": c["client_a"].pk, "pk": visit.pk}


EXPECTED: dict[str, tuple] = {
    "clients:detail": (lambda c: {"pk": c["client_a"].pk}, READ, 405),
    # Read like the note itself (clients:visit_detail).
    "clients:visit_panels": (_signed, READ, 405),
}
