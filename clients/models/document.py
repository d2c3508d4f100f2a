"""Scanned papers kept with the record: ID copies, benefit letters, court orders. Files live
in Django's storage under generated names and are served only by an access-checked view."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from casework.models import Voidable
from clients.models.client import Client


class DocumentKind(models.TextChoices):
    ID = "id", _("ID document")
    BENEFITS = "benefits", _("Benefit letter")
    COURT = "court", _("Court order")
    HOUSING = "housing", _("Housing paperwork")
    MEDICAL = "medical", _("Medical record")
    OTHER = "other", _("Other")


def document_path(instance: ClientDocument, filename: str) -> str:
    """A generated name: the uploaded name may hold client details and is kept only as a
    field, never in the storage path."""
    extension = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}.get(
        instance.content_type, "bin"
    )
    return f"client-documents/{uuid.uuid4().hex}.{extension}"


class ClientDocument(Voidable):
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(_("type"), max_length=20, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(upload_to=document_path, max_length=200)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        indexes = [models.Index(fields=["client", "-uploaded_at"], name="document_client_idx")]

    def __str__(self) -> str:
        return self.title
