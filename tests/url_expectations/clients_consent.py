"""clients: releases of information and the accounting of disclosures. The signed-form row
stores one fixed small PDF in MEDIA_ROOT (reused by every run)."""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from tests.factories import ConsentReleaseFactory

_READ = {
    "anonymous": 302,
    "case_manager": 200,
    "supervisor": 200,
    "compliance": 200,
    "admin_user": 404,
    "outsider": 404,
}
_WRITE = {**_READ, "compliance": 403}
# An empty POST to a form re-renders it with errors and saves nothing.
_WRITE_POST = {"case_manager": 200, "supervisor": 200, "compliance": 403, "*": 404}
_FIXED_NAME = "consent-forms/url-permissions-test.pdf"


def _client(c):
    return {"client_id": c["client_a"].pk}


def _consent(c):
    return {"client_id": c["client_a"].pk, "pk": ConsentReleaseFactory(client=c["client_a"]).pk}


def _pending(c):
    consent = ConsentReleaseFactory(client=c["client_a"], signed_on=None, signature_method="")
    return {"client_id": c["client_a"].pk, "pk": consent.pk}


def _with_event(c):
    consent = ConsentReleaseFactory(client=c["client_a"], expiry_event="Discharge")
    return {"client_id": c["client_a"].pk, "pk": consent.pk}


def _with_form(c):
    if not default_storage.exists(_FIXED_NAME):
        default_storage.save(_FIXED_NAME, ContentFile(b"%PDF-1.4\n%%EOF\n"))
    consent = ConsentReleaseFactory(
        client=c["client_a"], form_file=_FIXED_NAME, form_content_type="application/pdf"
    )
    return {"client_id": c["client_a"].pk, "pk": consent.pk}


EXPECTED: dict[str, tuple] = {
    # Across the viewer's own clients; nobody's clients for the admin (empty list, not 404).
    "clients:consents_expiring": (None, {"anonymous": 302, "*": 200}, 405),
    "clients:consents": (_client, _READ, 405),
    "clients:consent_panel": (_client, _READ, 405),
    "clients:consent_detail": (_consent, _READ, 405),
    "clients:consent_form": (_with_form, _READ, 405),
    "clients:consent_create": (_client, _WRITE, _WRITE_POST),
    "clients:consent_sign": (_pending, _WRITE, _WRITE_POST),
    "clients:consent_attach": (_consent, _WRITE, _WRITE_POST),
    "clients:consent_revoke": (_consent, _WRITE, _WRITE_POST),
    "clients:consent_event": (_with_event, _WRITE, _WRITE_POST),
    "clients:disclosures": (_client, _READ, 405),
    "clients:disclosure_create": (_client, _WRITE, _WRITE_POST),
    "clients:disclosure_create_on_basis": (_client, _WRITE, _WRITE_POST),
}
