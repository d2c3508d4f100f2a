"""A contact's row (name, title, department, e-mail and its first phone), on the service's
contacts, fees and documents page and on the organisation's contacts page."""

from __future__ import annotations

from typing import Any

from django import forms

from directory.forms.detail_rows import Row, RowLists, row_formset


class ContactForm(Row):
    name = forms.CharField(max_length=200, required=False)
    title = forms.CharField(max_length=200, required=False)
    department = forms.CharField(max_length=200, required=False)
    email = forms.EmailField(label="E-mail", required=False)
    phone = forms.CharField(
        max_length=40, required=False, widget=forms.TextInput(attrs={"type": "tel"})
    )


ContactFormSet = row_formset(ContactForm)


class OrganizationContactsForms(RowLists):
    """The organisation's contacts page: its version and one list."""

    lists = (("contacts", ContactFormSet, "contacts"),)

    def contacts(self) -> list[dict[str, Any]]:
        return self.rows()["contacts"]
