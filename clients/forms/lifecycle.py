"""Forms for status changes, discharge, re-opening and program enrolment. Rules (allowed moves,
dates) are the services'; choices here only offer what the table in
`clients.services.lifecycle` allows."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone

from casework.input import CleanForm
from casework.models import Program, Team, User
from clients.forms.intake import DateInput, StaffChoiceField, freeze_choices
from clients.forms.matching import override_reason_field
from clients.models import Client, DischargeReason, Status
from clients.selectors.staff import assignable_staff
from clients.services.lifecycle import OPENING_STATUSES, TRANSITIONS


def today() -> date:
    return timezone.localdate()


class StatusChangeForm(CleanForm):
    to_status = forms.ChoiceField(label="New status", widget=forms.RadioSelect)
    effective_on = forms.DateField(label="Effective date", widget=DateInput(), initial=today)
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)

    def __init__(self, *args: Any, client: Client, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = TRANSITIONS[client.status] - {Status.DISCHARGED}
        self.fields["to_status"].choices = [(s.value, s.label) for s in Status if s in allowed]


class DischargeForm(CleanForm):
    effective_on = forms.DateField(label="Discharge date", widget=DateInput(), initial=today)
    reason = forms.ChoiceField(
        label="Reason", choices=[("", "Choose a reason…"), *DischargeReason.choices]
    )
    summary = forms.CharField(
        label="Discharge summary",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20000,
        help_text="Services given, progress, where the client goes next, follow-up arranged.",
    )


class ReopenForm(CleanForm):
    effective_on = forms.DateField(label="Re-open date", widget=DateInput(), initial=today)
    reason = forms.CharField(
        label="Why the client comes back", widget=forms.Textarea(attrs={"rows": 3})
    )
    program = forms.ModelChoiceField(queryset=Program.objects.none())
    status = forms.ChoiceField(
        label="Status",
        choices=[(s, Status(s).label) for s in OPENING_STATUSES],
        widget=forms.RadioSelect,
        initial=Status.REFERRED,
    )
    # Drawn as the ranked list (clients.selectors.matching.client_suggestions with the last
    # primary favoured), best first.
    primary = StaffChoiceField(
        queryset=User.objects.none(), label="Primary case manager", empty_label=None
    )
    override_reason = override_reason_field()

    def __init__(self, *args: Any, client: Client, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = Program.objects.filter(agency_id=client.agency_id)
        self.fields["program"].initial = client.program_id or client.team.program_id
        self.fields["primary"].queryset = assignable_staff(teams=[Team(pk=client.team_id)])
        freeze_choices(self, skip=("primary",))


class EnrolmentForm(CleanForm):
    program = forms.ModelChoiceField(queryset=Program.objects.none(), label="New program")
    started_on = forms.DateField(label="Start date", widget=DateInput(), initial=today)
    reason = forms.CharField(max_length=200)

    def __init__(self, *args: Any, client: Client, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = Program.objects.filter(
            agency_id=client.agency_id
        ).exclude(pk=client.program_id)
        freeze_choices(self)
