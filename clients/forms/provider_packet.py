"""The "Send to provider" form: which sections, why, how. The choices come from the sections
registered in clients/provider_packet.py, each labelled with the consent it needs."""

from __future__ import annotations

from django import forms

from casework.input import CleanForm
from clients import provider_packet
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

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sections"].choices = [
            (s.key, f"{s.label} — needs consent to {s.category_labels}")
            for s in provider_packet.sections()
        ]
        self.fields["method"].choices = [(m.value, m.label) for m in SEND_METHODS]
        self.fields["method"].initial = SEND_METHODS[0].value
