"""The rows of a service's contacts, fees and documents page: one small form a row, in three
formsets saved together. The forms check types and lengths; the rules (a contact needs
something to ask for, a fee's period in order ...) are the service's
(referrals.services.service_details)."""

from __future__ import annotations

from functools import partial
from typing import Any

from django import forms

from referrals.services.errors import DirectoryError, DirectoryRowError
from referrals.services.service_details import ServiceDetails

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _Row(forms.Form):
    pk = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ContactForm(_Row):
    name = forms.CharField(max_length=200, required=False)
    title = forms.CharField(max_length=200, required=False)
    department = forms.CharField(max_length=200, required=False)
    email = forms.EmailField(label="E-mail", required=False)
    phone = forms.CharField(
        max_length=40, required=False, widget=forms.TextInput(attrs={"type": "tel"})
    )


class CostOptionForm(_Row):
    option = forms.CharField(label="What it is for", max_length=200, required=False)
    amount = forms.DecimalField(
        max_digits=10, decimal_places=2, required=False, widget=forms.NumberInput({"step": "0.01"})
    )
    currency = forms.CharField(max_length=3, required=False, initial="USD")
    amount_description = forms.CharField(label="Description", max_length=300, required=False)
    valid_from = forms.DateField(required=False, widget=_DATE)
    valid_to = forms.DateField(required=False, widget=_DATE)


class DocumentForm(_Row):
    document = forms.CharField(max_length=300, required=False)
    uri = forms.URLField(
        label="More about it (web page)", max_length=300, required=False, assume_scheme="https"
    )


_formset = partial(forms.formset_factory, extra=1, can_delete=True, max_num=50, validate_max=True)
ContactFormSet = _formset(ContactForm)
CostOptionFormSet = _formset(CostOptionForm)
DocumentFormSet = _formset(DocumentForm)
# (ServiceDetails attribute, formset class, prefix)
_LISTS = (
    ("contacts", ContactFormSet, "contacts"),
    ("cost_options", CostOptionFormSet, "fees"),
    ("documents", DocumentFormSet, "documents"),
)


class VersionForm(forms.Form):
    """The service's version the page was read at: a stale save is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class ServiceDetailsForms:
    """The page's forms: the version, and the three formsets, bound or not."""

    def __init__(self, data: Any, *, initial: ServiceDetails, version: int) -> None:
        self.head = VersionForm(data, initial={"version": version})
        self.formsets = {
            name: formset(data, initial=getattr(initial, name), prefix=prefix)
            for name, formset, prefix in _LISTS
        }
        # The forms whose rows went to the service, per list, to place its refusals.
        self._sent: dict[str, list[forms.Form]] = {}

    def __getitem__(self, name: str):
        return self.formsets[name]

    def is_valid(self) -> bool:
        return all([self.head.is_valid(), *(f.is_valid() for f in self.formsets.values())])

    @property
    def version(self) -> int:
        return self.head.cleaned_data["version"]

    def details(self) -> ServiceDetails:
        """The rows to keep: every filled form not marked for removal."""
        rows: dict[str, list[dict[str, Any]]] = {}
        for name, formset in self.formsets.items():
            sent = [
                form
                for form in formset.forms
                if form.cleaned_data
                and not form.cleaned_data.get("DELETE")
                and (form.cleaned_data.get("pk") is not None or form.has_changed())
            ]
            self._sent[name] = sent
            rows[name] = [
                {k: v for k, v in form.cleaned_data.items() if k != "DELETE"} for form in sent
            ]
        return ServiceDetails(**rows)

    def refuse(self, error: DirectoryError) -> None:
        """Show a service's refusal at the row and field it names, else at the top."""
        if isinstance(error, DirectoryRowError):
            form = self._sent[error.rows][error.index]
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            self.head.add_error(None, error.message)
