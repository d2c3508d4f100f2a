"""Categories: taxonomies, their terms, and the services filed under a term (HSDS
`attribute` rows whose link_entity is "service")."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from casework.fields import optional_ref
from directory.models.base import NamedRow, Row, hsds_unique, text
from directory.models.entries import Service


class Taxonomy(NamedRow):
    name = models.TextField(_("name"))
    description = text("description")
    uri = text("URI")
    version = text("version")

    class Meta(NamedRow.Meta):
        verbose_name_plural = "taxonomies"
        constraints = [hsds_unique("taxonomy")]


class TaxonomyTerm(NamedRow):
    """A category services are filed under (housing, food, crisis ...)."""

    taxonomy = optional_ref(Taxonomy, related_name="terms")
    parent = optional_ref("self", related_name="children")
    code = text("code")
    name = models.TextField(_("name"))
    description = text("description")
    # HSDS `taxonomy`: the taxonomy named in words when it has no row of its own.
    taxonomy_name = text("taxonomy (in words)")
    language = models.CharField(max_length=3, blank=True, help_text=_("ISO 639 code"))
    term_uri = text("term URI")

    class Meta(NamedRow.Meta):
        constraints = [hsds_unique("taxonomy_term")]


class Category(Row):
    """A service filed under a term: HSDS `attribute` with link_entity "service"."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="categories")
    term = models.ForeignKey(TaxonomyTerm, on_delete=models.PROTECT, related_name="+")
    link_type = text("link type")
    value = text("value")
    label = text("label")

    class Meta(Row.Meta):
        verbose_name_plural = "categories"
        constraints = [
            hsds_unique("category"),
            models.UniqueConstraint(fields=["service", "term"], name="category_once_per_service"),
        ]
        indexes = [models.Index(fields=["term", "service"], name="category_term_service_idx")]

    def __str__(self) -> str:
        return f"service {self.service_id} in term {self.term_id}"
