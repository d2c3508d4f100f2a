"""People in the client's life. What each of them may be told is decided by the consent
releases (the consent issue adds `clients.consent` and its gate); until a release covers a
person, staff record their details but share nothing with them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from clients.models.client import Client


class RelationshipKind(models.TextChoices):
    FAMILY = "family", _("Family member")
    GUARDIAN = "guardian", _("Guardian / conservator")
    NOMINATED = "nominated", _("Nominated person")
    ADVOCATE = "advocate", _("Advocate")
    FRIEND = "friend", _("Friend / support person")
    OTHER = "other", _("Other")


class RelatedPerson(models.Model):
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="related_people")
    kind = models.CharField(_("role"), max_length=20, choices=RelationshipKind.choices)
    full_name = models.CharField(_("name"), max_length=150)
    relationship = models.CharField(
        _("relationship"), max_length=80, blank=True, help_text=_("For example mother, brother.")
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.TextField(_("address"), blank=True)
    is_emergency_contact = models.BooleanField(_("emergency contact"), default=False)
    notes = models.TextField(_("notes"), blank=True)
    is_active = models.BooleanField(default=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-is_active", "kind", "full_name"]
        indexes = [models.Index(fields=["client", "kind"], name="related_person_client_idx")]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_kind_display()})"
