"""Forms for key events. The date rules are `clients.services.events.check_event`, run here
too so each error shows at its field; the database checks the date order once more."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from casework.errors import show_on_form
from casework.input import CleanForm
from clients.models import EventKind
from clients.services.errors import ClientRecordError
from clients.services.events import EventInput, check_event


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class KeyEventForm(CleanForm):
    kind = forms.ChoiceField(label="What happened", choices=[("", "Choose…"), *EventKind.choices])
    started_on = forms.DateField(label="Date / admitted on", widget=DateInput())
    ended_on = forms.DateField(
        label="Discharged / released on",
        required=False,
        widget=DateInput(),
        help_text="Stays only. Leave empty while the client is still in; add it later.",
    )
    place = forms.CharField(label="Facility or place", max_length=200, required=False)
    description = forms.CharField(
        label="Details",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example the new address type, the employer, why the crisis happened.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            check_event(self.event_input())
        except ClientRecordError as error:
            show_on_form(self, error)
        return cleaned

    def event_input(self) -> EventInput:
        data = self.cleaned_data
        return EventInput(
            kind=data["kind"],
            started_on=data["started_on"],
            ended_on=data.get("ended_on"),
            place=data.get("place", ""),
            description=data.get("description", ""),
        )


class DischargeDateForm(CleanForm):
    ended_on = forms.DateField(
        label="Discharged / released on", widget=DateInput(), initial=timezone.localdate
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
