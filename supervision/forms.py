"""Forms of the supervision pages: explicit fields only."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from casework.input import CleanForm
from casework.models import Team, User
from supervision import sections


class ClientIdsField(forms.Field):
    """The ticked clients' ids; the service checks each is the team's and in scope."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "required": "Tick the clients to hand over.",
        "invalid": "Reload the list and tick the clients again.",
    }

    def to_python(self, value) -> list[int]:
        if not value:
            return []
        try:
            return sorted({int(v) for v in value})
        except (TypeError, ValueError):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class ReassignForm(CleanForm):
    clients = ClientIdsField()
    staff = forms.TypedChoiceField(label="New primary case manager", coerce=int)
    started_on = forms.DateField(
        label="From", widget=forms.DateInput(attrs={"type": "date"}), initial=timezone.localdate
    )
    reason = forms.CharField(
        label="Reason",
        max_length=300,
        help_text="Kept in the assignment history; both case managers are told.",
    )

    def __init__(self, *args, team: Team, staff: list[User], **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {u.pk: u for u in staff}
        self.fields["staff"].choices = [("", "Choose…")] + [
            (user.pk, f"{user.full_name} · {note}" if note else user.full_name)
            for user, note in sections.ordered_with_hints(team, staff)
        ]

    def clean_started_on(self):
        day = self.cleaned_data["started_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("The date cannot be in the future.")
        return day


class ReturnForm(CleanForm):
    comment = forms.CharField(
        label="Comment for the author",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What to add or correct. The note stays signed; the author answers by "
        "an addendum and sends it back to you.",
    )


class ResolveForm(CleanForm):
    reply = forms.CharField(
        label="Reply to your supervisor (optional)",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
