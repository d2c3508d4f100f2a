"""The parts of the assignment forms that come from matching: the written reason for a
choice against the rules, the choice the ranked list keeps ticked, and the intake details the
ranked list is computed from."""

from __future__ import annotations

from typing import Any

from django import forms

from casework.input import CleanForm
from casework.models import ServiceArea, Team
from clients.models import Client, RiskLevel

OVERRIDE_HELP = (
    "Needed only when your choice misses a rule marked in red (a required training, the "
    "client's interpreter language, room in the caseload). Kept with the assignment."
)


def override_reason_field() -> forms.CharField:
    return forms.CharField(
        label="Why this choice, against a rule?",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=OVERRIDE_HELP,
    )


def chosen_id(form: forms.BaseForm, name: str) -> int | None:
    """The staff id a ranked field holds (posted or initial), to keep it ticked in the list."""
    value = form[name].value()
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


class IntakeNeedsForm(CleanForm):
    """The intake fields that decide the ranking, read leniently while the form is being
    filled in (an unfinished date simply counts as unknown)."""

    team = forms.ModelChoiceField(queryset=Team.objects.none(), required=False)
    primary = forms.IntegerField(required=False)
    date_of_birth = forms.DateField(required=False)
    primary_language = forms.CharField(required=False, max_length=60)
    needs_interpreter = forms.BooleanField(required=False)
    service_area = forms.ModelChoiceField(queryset=ServiceArea.objects.none(), required=False)
    risk_level = forms.ChoiceField(choices=RiskLevel.choices, required=False)
    justice_involved = forms.BooleanField(required=False)
    co_occurring_substance_use = forms.BooleanField(required=False)
    homeless = forms.BooleanField(required=False)

    def __init__(self, *args: Any, teams: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams.select_related("program")
        self.fields["service_area"].queryset = ServiceArea.objects.filter(
            agency_id__in=teams.values("agency_id")
        )

    def details(self) -> Client:
        """The typed details as an unsaved client (what `needs_of` reads); fields that do
        not parse count as not given."""
        data = {
            name: self.cleaned_data.get(name)
            for name in self.fields
            if name not in {"team", "primary"} and name not in self.errors
        }
        data = {k: v for k, v in data.items() if v not in (None, "")}
        return Client(**data)

    def chosen(self) -> int | None:
        return self.cleaned_data.get("primary") if "primary" not in self.errors else None
