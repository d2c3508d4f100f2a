"""Forms for programs, service areas and teams. Each carries the row's version; the services
check everything again, so a form is only the first line."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from administration.services.structure import (
    AREA_FIELDS,
    PROGRAM_BOUNDS,
    PROGRAM_FIELDS,
    TEAM_FIELDS,
)
from casework.input import CleanModelForm
from casework.models import Agency, Program, ServiceArea, Team


class _Versioned(CleanModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agency = agency
        if self.instance.pk:
            self.initial["version"] = self.instance.version

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class ProgramForm(_Versioned):
    class Meta:
        model = Program
        fields = list(PROGRAM_FIELDS)
        labels = {
            "kind": "Kind of program",
            "contact_standard_days": "Contact standard (days)",
            "note_window_business_days": "Notes signed within (business days)",
            "crisis_note_window_hours": "Crisis notes signed within (hours)",
            "care_plan_review_days": "Care plan reviewed every (days)",
            "reassessment_days": "Reassessment every (days)",
            "caseload_ratio": "Clients per case manager",
        }
        help_texts = {
            "kind": "Full Service Partnership and AOT notes are co-signed by a supervisor.",
            "contact_standard_days": "A client is due a completed contact at least this often: "
            "7 for weekly (FSP, AOT), 30 for monthly (standard case management).",
            "caseload_ratio": "What the program aims for; a person's own limit can differ.",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, (low, high, _unit) in PROGRAM_BOUNDS.items():
            field = self.fields[name]
            field.validators += [MinValueValidator(low), MaxValueValidator(high)]
            field.widget.attrs.update(min=low, max=high)


class ServiceAreaForm(_Versioned):
    class Meta:
        model = ServiceArea
        fields = list(AREA_FIELDS)
        labels = {"code": "Code (optional)"}
        help_texts = {"code": "The county's or funder's code for the area, if it has one."}


class TeamForm(_Versioned):
    class Meta:
        model = Team
        fields = list(TEAM_FIELDS)
        labels = {"is_active": "Active"}
        help_texts = {
            "program": "The program whose standards the team's clients follow by default.",
            "is_active": "An inactive team's clients are hidden from everyone; a team with open "
            "clients cannot be made inactive.",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = Program.objects.filter(agency=self.agency)
        self.fields["service_area"].queryset = ServiceArea.objects.filter(agency=self.agency)
        if not self.instance.pk:
            del self.fields["is_active"]

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.fields if name != "version"}
