"""Intake and edit forms. Field lists are explicit (no `__all__`): team, status and version
reach the services only through the fields named here."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from casework import access
from casework.input import CleanModelForm
from casework.models import Program, ServiceArea, Team, User
from clients.forms.matching import override_reason_field
from clients.models import Client, Status
from clients.selectors.staff import assignable_staff
from clients.services.intake import DETAIL_FIELDS
from clients.services.lifecycle import OPENING_STATUSES


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.full_name}, {obj.credentials}" if obj.credentials else obj.full_name


def freeze_choices(form: forms.BaseForm, *, skip: tuple[str, ...] = ()) -> None:
    """Read each select's options once: a rendered select otherwise queries them again
    for every pass the template makes. Validation still checks against the queryset.
    `skip` names fields drawn otherwise (the ranked staff lists), whose options are unread."""
    for name, field in form.fields.items():
        if isinstance(field, forms.ModelChoiceField) and name not in skip:
            field.choices = list(iter(field.choices))  # iter(): no COUNT query first


class ClientDetailsForm(CleanModelForm):
    """The identifying details, shared by intake and edit."""

    class Meta:
        model = Client
        fields = list(DETAIL_FIELDS)
        widgets = {
            "date_of_birth": DateInput(),
            "address": forms.Textarea(attrs={"rows": 2}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        }
        help_texts = {"record_number": "The agency's own record number; unique in the agency."}

    def __init__(self, *args: Any, agency_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service_area"].queryset = ServiceArea.objects.filter(agency_id=agency_id)
        self.fields["date_of_birth"].widget.attrs["data-minor-source"] = "1"

    def clean_date_of_birth(self):
        dob = self.cleaned_data["date_of_birth"]
        if dob and dob > timezone.localdate():
            raise forms.ValidationError("The date of birth cannot be in the future.")
        if dob and dob.year < 1900:
            raise forms.ValidationError("Check the year of birth.")
        return dob

    def clean_record_number(self):
        return self.cleaned_data["record_number"].strip()

    def details(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in DETAIL_FIELDS}


# The intake fields the ranked list of case managers follows (see clients.forms.matching).
MATCH_FIELDS = (
    "team",
    "date_of_birth",
    "primary_language",
    "needs_interpreter",
    "service_area",
    "risk_level",
    "justice_involved",
    "co_occurring_substance_use",
    "homeless",
)


class IntakeForm(ClientDetailsForm):
    team = forms.ModelChoiceField(queryset=Team.objects.none(), empty_label=None)
    program = forms.ModelChoiceField(queryset=Program.objects.none(), label="Program")
    enrolled_on = forms.DateField(label="Program start date", widget=DateInput())
    primary = StaffChoiceField(
        queryset=User.objects.none(), label="Primary case manager", empty_label=None
    )
    status = forms.ChoiceField(
        label="Initial status",
        choices=[(s, Status(s).label) for s in OPENING_STATUSES],
        widget=forms.RadioSelect,
        initial=Status.REFERRED,
    )
    primary_override_reason = override_reason_field()
    none_is_same_person = forms.BooleanField(
        required=False, label="None of these is the same person: create a new client."
    )

    def __init__(self, *args: Any, viewer: User, **kwargs: Any) -> None:
        teams = access.writable_teams(viewer).select_related("program", "service_area")
        teams = list(teams.order_by("name"))
        self.teams = teams  # with program and area: the ranked list's first render reads them
        agency_id = teams[0].agency_id if teams else 0
        super().__init__(*args, agency_id=agency_id, **kwargs)
        # Required on intake: the duplicate check and the derived minor flag need it.
        self.fields["date_of_birth"].required = True
        self.fields["team"].queryset = Team.objects.filter(pk__in=[t.pk for t in teams])
        self.fields["program"].queryset = Program.objects.filter(agency_id=agency_id)
        self.fields["primary"].queryset = assignable_staff(teams=teams)
        if not self.is_bound and teams:
            first = teams[0]
            self.initial.setdefault("team", first.pk)
            self.initial.setdefault("program", first.program_id)
            self.initial.setdefault("service_area", first.service_area_id)
            self.initial.setdefault("primary", viewer.pk)
            self.initial.setdefault("enrolled_on", timezone.localdate())
        if len(teams) == 1:
            self.fields["team"].help_text = "Your team."
        else:
            self.fields["primary"].help_text = "A case manager or supervisor of the chosen team."
        for name in MATCH_FIELDS:
            self.fields[name].widget.attrs["data-match"] = "1"
        freeze_choices(self, skip=("primary",))

    def clean_enrolled_on(self):
        day = self.cleaned_data["enrolled_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("The start date cannot be in the future.")
        return day


class ClientEditForm(ClientDetailsForm):
    # The version the user started from; a stale one is refused by the service.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, client: Client, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})["version"] = client.version
        super().__init__(*args, instance=client, agency_id=client.agency_id, **kwargs)
        freeze_choices(self)
