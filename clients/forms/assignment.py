"""Forms for the primary case manager, secondary staff and transfers. Staff choices are the
case managers and supervisors of the client's team; receiving teams are the agency's teams
the user belongs to (clinical staff never learn the names of teams outside their own)."""

from __future__ import annotations

from typing import Any

from django import forms

from casework import access
from casework.input import CleanForm
from casework.models import ServiceArea, Team, User
from clients.forms.intake import DateInput, StaffChoiceField, freeze_choices
from clients.forms.lifecycle import today
from clients.forms.matching import override_reason_field
from clients.models import Client
from clients.selectors.staff import assignable_staff


class _StaffForm(CleanForm):
    """The staff member is picked from the ranked list (see clients.selectors.matching); the
    field stays validated against every assignable member of the team."""

    staff = StaffChoiceField(
        queryset=User.objects.none(), label="Staff member", empty_label="Choose…"
    )
    started_on = forms.DateField(label="From", widget=DateInput(), initial=today)
    reason = forms.CharField(max_length=300)
    override_reason = override_reason_field()

    def __init__(self, *args: Any, client: Client, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = assignable_staff(teams=[Team(pk=client.team_id)])
        freeze_choices(self, skip=("staff",))


class PrimaryForm(_StaffForm):
    prefix = "primary"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = "Reason for the change"


class SecondaryForm(_StaffForm):
    prefix = "secondary"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = False
        self.fields["reason"].help_text = "For example: covers housing, speaks Spanish."


class EndSecondaryForm(CleanForm):
    prefix = "end"
    ended_on = forms.DateField(label="Last day", widget=DateInput(), initial=today)


class TransferForm(CleanForm):
    to_team = forms.ModelChoiceField(queryset=Team.objects.none(), label="Receiving team")
    to_service_area = forms.ModelChoiceField(
        queryset=ServiceArea.objects.none(), label="Service area", required=False
    )
    effective_on = forms.DateField(label="Effective date", widget=DateInput(), initial=today)
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: moved to another part of the county.",
    )
    new_primary = StaffChoiceField(
        queryset=User.objects.none(),
        required=False,
        empty_label="None: the receiving team assigns one",
        label="New primary case manager",
        help_text="Only for a team you work in; otherwise the receiving team assigns one.",
    )
    override_reason = override_reason_field()

    def __init__(self, *args: Any, client: Client, viewer: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        teams = access.readable_teams(viewer).filter(agency_id=client.agency_id).distinct()
        self.fields["to_team"].queryset = teams.order_by("name")
        self.fields["to_team"].initial = client.team_id
        self.fields["to_service_area"].queryset = ServiceArea.objects.filter(
            agency_id=client.agency_id
        )
        self.fields["to_service_area"].initial = client.service_area_id
        self.fields["new_primary"].queryset = assignable_staff(
            teams=access.writable_teams(viewer).filter(agency_id=client.agency_id)
        )
        freeze_choices(self, skip=("new_primary",))
