"""Forms for the care team and appointments. Explicit fields only; the services check the
rules, and the version a form was read at travels with it."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from casework.input import CleanForm, CleanModelForm
from clients.models import Appointment, AppointmentKind, CareProvider, Outcome, ProviderKind
from clients.services.appointments import APPOINTMENT_FIELDS
from clients.services.careteam import PROVIDER_FIELDS

_DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CareProviderForm(CleanModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # Set by the directory picker (static/js/directory-picker.js) as the entry's id; the
    # service checks it on save, so the form does not look the entry up itself.
    directory_organization_id = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = CareProvider
        fields = [f for f in PROVIDER_FIELDS if f != "directory_organization_id"]
        widgets = {
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
            "email": forms.EmailInput(attrs={"autocomplete": "off"}),
            "started_on": _DATE,
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "Choose…"), *ProviderKind.choices]
        if self.instance.pk:
            self.initial.setdefault(
                "directory_organization_id", self.instance.directory_organization_id
            )

    def details(self) -> dict:
        return {name: self.cleaned_data[name] for name in PROVIDER_FIELDS}


class EndProviderForm(CleanForm):
    ended_on = forms.DateField(label="Last day", widget=_DATE)


class AppointmentForm(CleanModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    starts_at = forms.DateTimeField(label="Date and time", widget=_DATETIME)
    field_order = ["kind", "starts_at", "duration_minutes", "provider", "with_name", "place",
                   "purpose", "transport", "attending"]  # fmt: skip

    class Meta:
        model = Appointment
        fields = list(APPOINTMENT_FIELDS)
        widgets = {"kind": forms.HiddenInput}
        labels = {"transport": "I drive the client there", "attending": "I go with the client"}

    def __init__(self, *args, client, kind: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].initial = kind
        self.fields["kind"].required = False
        self.fields["duration_minutes"].widget.attrs.update(min=5, max=24 * 60, step=5)
        self.fields["provider"].queryset = CareProvider.objects.filter(
            client=client, ended_on__isnull=True
        )
        self.fields["provider"].label_from_instance = lambda p: (
            f"{p.label} ({p.get_kind_display()})"
        )
        self.fields["provider"].empty_label = "Someone else (type below)"
        if kind == AppointmentKind.PLANNED_VISIT:
            for name in ("provider", "with_name", "transport", "attending"):
                del self.fields[name]
            self.fields["purpose"].help_text = "Shown to you and your team; never in the feed."
        self.kind = kind

    def details(self) -> dict:
        details = {name: self.cleaned_data.get(name) for name in APPOINTMENT_FIELDS}
        details["kind"] = self.kind
        return details


class OutcomeForm(CleanForm):
    outcome = forms.ChoiceField(
        label="What happened",
        choices=[(v, label) for v, label in Outcome.choices if v != Outcome.SCHEDULED],
        widget=forms.RadioSelect,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    new_starts_at = forms.DateTimeField(
        label="New date and time (when rescheduled)", required=False, widget=_DATETIME
    )


class RebookForm(CleanForm):
    starts_at = forms.DateTimeField(label="New date and time", widget=_DATETIME)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["starts_at"].widget.attrs["min"] = timezone.localtime().strftime(
            "%Y-%m-%dT%H:%M"
        )
