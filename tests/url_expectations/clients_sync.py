"""clients: the upload of visits logged offline (JSON only; tests/clients/test_sync.py covers
what each role's upload does). The matrix's form-encoded POST is not a visit: 400, nothing
written."""

from __future__ import annotations

import uuid

from django.utils import timezone

POST_ONLY = {"anonymous": 302, "*": 405}

EXPECTED: dict[str, tuple] = {
    "clients:sync_visit_upload": (None, POST_ONLY, 400),
    "clients:sync_visit_discard": (None, POST_ONLY, 400),
}

# The offline page and its keys: people who log visits (case managers, supervisors; team B's
# outsider is a case manager too, of their own clients). Reviewers and admins log none: 403.
WRITERS = {
    "anonymous": 302,
    "case_manager": 200,
    "supervisor": 200,
    "compliance": 403,
    "admin_user": 403,
    "outsider": 200,
}
WRITERS_POST = {"case_manager": 200, "supervisor": 200, "outsider": 200, "*": 403}
# What makes Casework installable holds no client information: anyone may fetch it.
PUBLIC = {"*": 200}

EXPECTED.update(
    {
        "clients:offline": (None, WRITERS, 405),
        "clients:offline_keys": (None, WRITERS, 405),
        "clients:offline_take": (None, POST_ONLY, WRITERS_POST),
        "clients:offline_wipe": (None, POST_ONLY, 200),
        "pwa_service_worker": (None, PUBLIC, 405),
        "pwa_manifest": (None, PUBLIC, 405),
    }
)


def _handoff(c):
    """A visit handed on to team A's client (as if it had moved in from elsewhere)."""
    from clients.models import VisitHandoff

    handoff = VisitHandoff.objects.create(
        client=c["client_a"],
        device_id=uuid.uuid4(),
        sent_by=c["outsider"],
        team=c["client_a"].team,
        sent_to=c["case_manager"],
        contact_at=timezone.now(),
        visit={"mode": "phone", "note_format": "narrative", "note": {"narrative": "Called."}},
    )
    return {"client_id": c["client_a"].pk, "pk": handoff.pk}


READ = {
    "anonymous": 302,
    "case_manager": 200,
    "supervisor": 200,
    "compliance": 200,
    "admin_user": 404,
    "outsider": 404,
}

EXPECTED.update(
    {
        "clients:handoff_detail": (_handoff, READ, 405),
        # Marking read redirects back to the page (302); reviewers read only.
        "clients:handoff_read": (
            _handoff,
            POST_ONLY,
            {"case_manager": 302, "supervisor": 302, "compliance": 403, "*": 404},
        ),
    }
)
