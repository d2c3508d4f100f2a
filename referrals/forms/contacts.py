"""A contact's row (name, title, department, e-mail and its first phone), for the pages
that edit a parent's contacts."""

from __future__ import annotations

from django import forms

from referrals.forms.detail_rows import Row, row_formset


class ContactForm(Row):
    name = forms.CharField(max_length=200, required=False)
    title = forms.CharField(max_length=200, required=False)
    department = forms.CharField(max_length=200, required=False)
    email = forms.EmailField(label="E-mail", required=False)
    phone = forms.CharField(
        max_length=40, required=False, widget=forms.TextInput(attrs={"type": "tel"})
    )


ContactFormSet = row_formset(ContactForm)
