"""The "Send to provider" form: which sections, why, how. The choices are the page's sections
(given by the view: pages/provider_packet.py), each labelled with the consent it needs."""

from __future__ import annotations

from collections.abc import Sequence

from django import forms

from casework.input import CleanForm
from clients.provider_packet import Section
from clients.services.provider_packet import SEND_METHODS


class SendToProviderForm(CleanForm):
    sections = forms.MultipleChoiceField(
        label="What to send", widget=forms.CheckboxSelectMultiple, required=False
    )
    purpose = forms.CharField(
        label="Purpose",
        max_length=300,
        required=False,
        help_text="Left empty, the release's own purpose is logged.",
    )
    method = forms.ChoiceField(label="How it goes to them", widget=forms.RadioSelect)

    def __init__(self, *args, sections: Sequence[Section], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sections"].choices = [
            (s.key, f"{s.label} — needs consent to {s.category_labels}") for s in sections
        ]
        self.fields["method"].choices = [(m.value, m.label) for m in SEND_METHODS]
        self.fields["method"].initial = SEND_METHODS[0].value
