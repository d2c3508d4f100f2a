"""Client documents: upload, void. The file's type is decided by its first bytes, never by
its name or the browser's declared type; the name a user uploaded is kept only as a field.

Decision on contradictions: the content wins. A PNG named `scan.pdf` is stored and served as
the PNG it is (generated name `….png`, Content-Type image/png); anything whose bytes are not
a PDF, PNG or JPEG (an `.exe` renamed `.pdf`, an HTML file, an SVG) is refused.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.text import get_valid_filename, slugify
from django.utils.translation import gettext as _

from casework.audit import audit_client, audit_record
from casework.models import User
from clients.models import Client, ClientDocument, DocumentKind
from clients.services.errors import ClientRecordError

# Signatures of the accepted types (content type, first bytes, extension).
_SIGNATURES = (
    ("application/pdf", b"%PDF-", "pdf"),
    ("image/png", b"\x89PNG\r\n\x1a\n", "png"),
    ("image/jpeg", b"\xff\xd8\xff", "jpg"),
)
EXTENSIONS = {content_type: ext for content_type, _magic, ext in _SIGNATURES}


def max_bytes() -> int:
    return settings.CLIENT_DOCUMENT_MAX_BYTES


def sniff_content_type(head: bytes) -> str | None:
    """The accepted type these first bytes begin, or None."""
    for content_type, magic, _ext in _SIGNATURES:
        if head.startswith(magic):
            return content_type
    return None


def check_upload(upload: UploadedFile) -> str:
    """The file's real content type; ClientRecordError on the `file` field otherwise."""
    if upload.size is None or upload.size == 0:
        raise ClientRecordError(_("The file is empty."), field="file")
    if upload.size > max_bytes():
        raise ClientRecordError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes())},
            field="file",
        )
    upload.seek(0)
    content_type = sniff_content_type(upload.read(16))
    upload.seek(0)
    if content_type is None:
        raise ClientRecordError(
            _("Upload a PDF, PNG or JPEG file; this file is none of those."), field="file"
        )
    return content_type


def upload_sha256(upload: UploadedFile) -> str:
    """The file's SHA-256 (kept with a document or a signed consent form), read in chunks."""
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def download_name(document: ClientDocument) -> str:
    """A safe name for Content-Disposition: the title as ASCII, the real type's extension."""
    stem = slugify(document.title)[:80] or f"document-{document.pk}"
    return get_valid_filename(f"{stem}.{EXTENSIONS.get(document.content_type, 'bin')}")


def document_upload(
    *, client_id: int, kind: str, title: str, upload: UploadedFile, uploaded_by: User
) -> ClientDocument:
    title = title.strip()
    if kind not in DocumentKind.values:
        raise ClientRecordError(_("Choose the type of document."), field="kind")
    if not title:
        raise ClientRecordError(_("Give the document a title."), field="title")
    content_type = check_upload(upload)
    with transaction.atomic():
        client = Client.objects.select_for_update().get(pk=client_id)
        document = ClientDocument(
            client=client,
            kind=kind,
            title=title,
            original_name=(upload.name or "")[:255],
            content_type=content_type,
            size=upload.size,
            sha256=upload_sha256(upload),
            uploaded_by=uploaded_by,
        )
        # The storage path comes from `document_path` (a random name with the real type's
        # extension); the uploaded name never reaches it.
        document.file.save("upload", upload, save=False)
        try:
            document.save()
            # audit_record itself (not audit_client): a test breaks it here to prove that a
            # failed insert leaves no orphan file.
            audit_record(
                action="clients.document.uploaded",
                actor=uploaded_by,
                obj=document,
                client_id=client.pk,
                agency_id=client.agency_id,
                detail={"kind": kind, "size": document.size},
            )
        except Exception:
            document.file.delete(save=False)  # no orphan file when the row is not written
            raise
    return document


def document_void(
    *, client_id: int, document_id: int, reason: str, voided_by: User
) -> ClientDocument:
    """Hide a document from the default list (wrong client, bad scan); the file is kept."""
    reason = reason.strip()
    if not reason:
        raise ClientRecordError(_("Give the reason for voiding."), field="reason")
    with transaction.atomic():
        client = Client.objects.get(pk=client_id)
        document = ClientDocument.objects.select_for_update().get(pk=document_id, client=client)
        if document.is_voided:
            raise ClientRecordError(_("This document is already voided."))
        document.voided_at = timezone.now()
        document.voided_by = voided_by
        document.void_reason = reason[:300]
        document.save(update_fields=["voided_at", "voided_by", "void_reason"])
        audit_client("clients.document.voided", document, client, actor=voided_by)
    return document
