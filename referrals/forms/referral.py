"""Referral forms: explicit fields only; each change form carries the version it was read at,
so a stale save is refused and what was typed stays on the page."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from casework.input import CleanForm
from referrals.models import (
    NEED_DOMAINS,
    OPEN_STATUSES,
    REFERRAL_CATEGORIES,
    FollowUpContact,
    Referral,
    ReferralStatus,
    Urgency,
)

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ReferralForm(CleanForm):
    """A new referral or a draft's edit. The service comes from the page (chosen in the
    directory), so only an outside provider is typed here."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    provider_name = forms.CharField(
        label="Outside provider (only when the service is not in the directory)",
        max_length=200,
        required=False,
    )
    provider_contact = forms.CharField(
        label="Provider's contact details", max_length=300, required=False
    )
    reason = forms.CharField(
        label="Reason for the referral",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What the client needs from this service, in words the provider will read.",
    )
    need_domain = forms.ChoiceField(
        label="Need it answers (optional)", choices=[("", "—"), *NEED_DOMAINS], required=False
    )
    urgency = forms.ChoiceField(
        choices=Urgency.choices,
        initial=Urgency.ROUTINE,
        widget=forms.RadioSelect,
        help_text="Urgent referrals are followed up sooner.",
    )
    categories = forms.MultipleChoiceField(
        label="Information sent with the referral",
        choices=REFERRAL_CATEGORIES,
        widget=forms.CheckboxSelectMultiple,
        initial=["general"],
        help_text="Only what an active release for this provider covers can be sent.",
    )

    def __init__(self, *args, has_service: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if has_service:
            del self.fields["provider_name"]
            del self.fields["provider_contact"]

    @classmethod
    def for_draft(cls, data, referral: Referral) -> ReferralForm:
        initial = {
            "version": referral.version,
            "provider_name": referral.provider_name,
            "provider_contact": referral.provider_contact,
            "reason": referral.reason,
            "need_domain": referral.need_domain,
            "urgency": referral.urgency,
            "categories": referral.categories,
        }
        return cls(data, initial=initial, has_service=referral.service_id is not None)

    def details(self) -> dict:
        data = self.cleaned_data
        return {
            "provider_name": data.get("provider_name", ""),
            "provider_contact": data.get("provider_contact", ""),
            "reason": data["reason"],
            "need_domain": data["need_domain"],
            "urgency": data["urgency"],
            "categories": data["categories"],
        }


class SendForm(CleanForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class StatusForm(CleanForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    to_status = forms.ChoiceField(label="New status", widget=forms.RadioSelect)
    on = forms.DateField(label="Date", widget=_DATE, initial=timezone.localdate)
    appointment_at = forms.DateTimeField(
        label="Appointment (date and time; when scheduling)",
        widget=_DATETIME,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        required=False,
    )
    note = forms.CharField(
        label="Note",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Required when the referral closes: say what the outcome was.",
    )

    def __init__(self, *args, referral: Referral, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [
            (s, ReferralStatus(s).label) for s in referral.next_statuses
        ]
        self.fields["version"].initial = referral.version
        if referral.appointment_at:
            self.fields["appointment_at"].initial = timezone.localtime(referral.appointment_at)


class FollowUpForm(CleanForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    contact = forms.ChoiceField(
        label="Contact", choices=FollowUpContact.choices, widget=forms.RadioSelect
    )
    on = forms.DateField(label="Date", widget=_DATE, initial=timezone.localdate)
    note = forms.CharField(label="What was learnt", widget=forms.Textarea(attrs={"rows": 3}))
    next_follow_up_on = forms.DateField(
        label="Next follow-up (optional)",
        widget=_DATE,
        required=False,
        help_text="Leave empty for the usual interval.",
    )

    def __init__(self, *args, referral: Referral, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = referral.version


class ClientSearchForm(CleanForm):
    q = forms.CharField(label="Client name or record number", max_length=100, required=False)


class ServiceSearchForm(CleanForm):
    q = forms.CharField(label="Find a service", max_length=100, required=False)


class TeamReferralFilterForm(CleanForm):
    """The supervisor's team referral list filters (GET). Team and case manager are plain
    ids: the selector scopes them (a team the viewer does not supervise is 404)."""

    team = forms.IntegerField(label="Team", required=False, widget=forms.Select)
    status = forms.ChoiceField(label="Status", required=False)
    referred_by = forms.IntegerField(label="Case manager", required=False, widget=forms.Select)
    overdue = forms.BooleanField(label="Follow-up overdue only", required=False)

    def __init__(self, *args, teams, staff, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        team = self.fields["team"]
        team.widget.choices = [("", "All my teams"), *[(t.pk, t.name) for t in teams]]
        if len(teams) < 2:
            team.widget = forms.HiddenInput()
        self.fields["status"].choices = [
            ("", "Any open status"),
            *[(s.value, s.label) for s in ReferralStatus if s in OPEN_STATUSES],
        ]
        self.fields["referred_by"].widget.choices = [
            ("", "Anyone"),
            *[(u.pk, u.full_name or u.email) for u in staff],
        ]
