"""The accounting of disclosures (45 CFR 170.315(d)(11), HIPAA 164.528): every time
information left the care team under a release, what, to whom, when, by whom and under which
release. Rows are written only by `clients.services.consent.disclosure_record`, after the
gate said yes, and are never changed or deleted: a later revocation leaves them valid."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from clients.models.client import Client
from clients.models.consent import CATEGORY_SHORT, ConsentCategory, ConsentRelease
from clients.models.people import RelatedPerson


class DisclosureMethod(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("By phone")
    LETTER = "letter", _("By letter or printout")
    FAX = "fax", _("By fax")
    EMAIL = "email", _("By secure e-mail")
    REFERRAL = "referral", _("In a referral packet")


class Disclosure(models.Model):
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="disclosures")
    consent = models.ForeignKey(
        ConsentRelease, on_delete=models.PROTECT, related_name="disclosures"
    )
    # The recipient as it was at the time (a person's name may change later).
    related_person = models.ForeignKey(
        RelatedPerson, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recipient_label = models.CharField(_("to whom"), max_length=200)
    categories = ArrayField(
        models.CharField(max_length=30, choices=ConsentCategory.choices),
        verbose_name=_("categories of information"),
    )
    description = models.CharField(
        _("what was disclosed"),
        max_length=300,
        help_text=_("For example “care plan summary” or “dates of visits in May”."),
    )
    purpose = models.CharField(_("purpose"), max_length=300)
    method = models.CharField(_("how"), max_length=20, choices=DisclosureMethod.choices)
    disclosed_on = models.DateField(_("date of the disclosure"))
    disclosed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-disclosed_on", "-recorded_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(categories__len__gt=0), name="disclosure_names_a_category"
            ),
        ]
        indexes = [
            models.Index(fields=["client", "-disclosed_on"], name="disclosure_client_idx"),
            models.Index(fields=["consent"], name="disclosure_consent_idx"),
        ]

    def __str__(self) -> str:
        return f"Disclosure to {self.recipient_label} on {self.disclosed_on:%Y-%m-%d}"

    @property
    def category_labels(self) -> list[str]:
        return [str(CATEGORY_SHORT.get(c, c)) for c in self.categories]

    @property
    def includes_substance_use(self) -> bool:
        return ConsentCategory.SUBSTANCE_USE in self.categories
