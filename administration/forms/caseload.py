"""The caseload import's upload form: the clients file, and optionally the related persons and
the releases on file."""

from __future__ import annotations

from django import forms
from django.conf import settings

from casework.input import CleanForm


def _size_checked(upload):
    if upload and upload.size > settings.IMPORT_MAX_BYTES:  # refused before it is read
        raise forms.ValidationError(
            f"The file is larger than {settings.IMPORT_MAX_BYTES // 2**20} MB: split it."
        )
    return upload


class CaseloadUploadForm(CleanForm):
    clients = forms.FileField(label="Clients (CSV or XLSX)")
    people = forms.FileField(label="Related persons (optional)", required=False)
    releases = forms.FileField(label="Releases of information on file (optional)", required=False)

    def clean_clients(self):
        return _size_checked(self.cleaned_data["clients"])

    def clean_people(self):
        return _size_checked(self.cleaned_data["people"])

    def clean_releases(self):
        return _size_checked(self.cleaned_data["releases"])
