"""The agency's details form; the service checks the bounds again."""

from __future__ import annotations

from typing import Any

from django import forms

from administration.services.agency import AGENCY_FIELDS
from casework.input import CleanModelForm
from casework.models import Agency


class AgencyDetailsForm(CleanModelForm):
    class Meta:
        model = Agency
        fields = AGENCY_FIELDS
        widgets = {
            "address": forms.Textarea(attrs={"rows": 3}),
            "records_begin_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in AGENCY_FIELDS}
