"""clients: client documents. The download row stores one fixed small PDF in MEDIA_ROOT
(reused by every run) so the walk does not litter the storage."""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from tests.factories import ClientDocumentFactory

_READ = {
    "anonymous": 302,
    "case_manager": 200,
    "supervisor": 200,
    "compliance": 200,
    "admin_user": 404,
    "outsider": 404,
}
_WRITE = {**_READ, "compliance": 403}
_WRITE_POST = {"case_manager": 200, "supervisor": 200, "compliance": 403, "*": 404}
_FIXED_NAME = "client-documents/url-permissions-test.pdf"


def _client(c):
    return {"client_id": c["client_a"].pk}


def _document(c):
    if not default_storage.exists(_FIXED_NAME):
        default_storage.save(_FIXED_NAME, ContentFile(b"%PDF-1.4\n%%EOF\n"))
    document = ClientDocumentFactory(client=c["client_a"], file=_FIXED_NAME)
    return {"client_id": c["client_a"].pk, "pk": document.pk}


EXPECTED: dict[str, tuple] = {
    "clients:documents": (_client, _READ, 405),
    "clients:documents_panel": (_client, _READ, 405),
    "clients:document_upload": (_client, _WRITE, _WRITE_POST),
    "clients:document_download": (_document, _READ, 405),
    "clients:document_void": (_document, _WRITE, _WRITE_POST),
}
