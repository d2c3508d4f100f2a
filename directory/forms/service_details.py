"""The rows of a service's contacts, fees and documents page: one small form a row, in three
formsets saved together. The forms check types and lengths; the rules (a contact needs
something to ask for, a fee's period in order ...) are the service's
(directory.services.service_details)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django import forms

from directory.forms.contacts import ContactFormSet
from directory.forms.detail_rows import Row, RowLists, row_formset
from directory.selectors.service_details import ServiceDetails

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CostOptionForm(Row):
    option = forms.CharField(label="What it is for", max_length=200, required=False)
    amount = forms.DecimalField(
        max_digits=14, decimal_places=4, required=False, widget=forms.NumberInput({"step": "0.01"})
    )
    currency = forms.CharField(max_length=3, required=False, initial="USD")
    amount_description = forms.CharField(label="Description", max_length=300, required=False)
    valid_from = forms.DateField(required=False, widget=_DATE)
    valid_to = forms.DateField(required=False, widget=_DATE)


class DocumentForm(Row):
    document = forms.CharField(max_length=300, required=False)
    uri = forms.URLField(
        label="More about it (web page)", max_length=300, required=False, assume_scheme="https"
    )


CostOptionFormSet = row_formset(CostOptionForm)
DocumentFormSet = row_formset(DocumentForm)


class ServiceDetailsForms(RowLists):
    """The page's forms: the service's version, and the three formsets, bound or not."""

    # (ServiceDetails attribute, formset class, prefix)
    lists = (
        ("contacts", ContactFormSet, "contacts"),
        ("cost_options", CostOptionFormSet, "fees"),
        ("documents", DocumentFormSet, "documents"),
    )

    def __init__(self, data: Any, *, initial: ServiceDetails, version: int) -> None:
        super().__init__(data, initial=asdict(initial), version=version)

    def details(self) -> ServiceDetails:
        """The rows to keep: every filled form not marked for removal."""
        return ServiceDetails(**self.rows())
