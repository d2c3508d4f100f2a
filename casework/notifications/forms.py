from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.input import CleanForm


class SnoozeForm(CleanForm):
    until = forms.DateField(
        label=_("Snooze until"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("It comes back on this day."),
    )

    @classmethod
    def with_default(cls) -> SnoozeForm:
        return cls(initial={"until": timezone.localdate() + timedelta(days=1)})


class DigestPreferenceForm(CleanForm):
    # A required choice, not a checkbox: an empty POST changes nothing.
    wants_digest = forms.TypedChoiceField(
        label=_("Morning e-mail listing my open reminders"),
        choices=[("yes", _("Send it")), ("no", _("Do not send it"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        help_text=_("First names and record numbers only; never clinical details."),
    )
