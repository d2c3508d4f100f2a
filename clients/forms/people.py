"""Forms for the people in a client's life. The form carries the version it was read at, so
a stale save is refused and the typed text stays on the page."""

from __future__ import annotations

from django import forms

from casework.input import CleanModelForm
from clients.models import RelatedPerson, RelationshipKind
from clients.services.people import PERSON_FIELDS


class RelatedPersonForm(CleanModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = RelatedPerson
        fields = PERSON_FIELDS
        widgets = {
            "address": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
            "email": forms.EmailInput(attrs={"autocomplete": "off"}),
        }
        help_texts = {
            "is_emergency_contact": "Call this person in an emergency.",
            "notes": "Practical notes (best time to call, language). Not clinical details.",
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "Choose…"), *RelationshipKind.choices]

    def details(self) -> dict:
        return {name: self.cleaned_data[name] for name in PERSON_FIELDS}
