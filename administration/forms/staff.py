"""Forms of staff onboarding: invite one person, change a person's roles, invite many from a
file, and the invited person's own password form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings

from casework.input import CleanForm
from casework.models import Role, Team

ROLE_CHOICES = [
    ("", "No role"),
    (Role.CASE_MANAGER, Role.CASE_MANAGER.label),
    (Role.SUPERVISOR, Role.SUPERVISOR.label),
    (Role.COMPLIANCE, "Compliance reviewer (read-only)"),
]


class _TeamRoles(CleanForm):
    """An "agency admin" box and one role per team of the agency."""

    is_admin = forms.BooleanField(
        label="Agency admin",
        required=False,
        help_text="Keeps programs, teams, staff and the directory; sees no client records "
        "unless also given a team role below.",
    )

    def __init__(self, *args: Any, teams: list[Team], roles: dict[int, str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.teams = teams
        for team in teams:
            name = f"team_{team.pk}"
            self.fields[name] = forms.ChoiceField(
                label=team.name, choices=ROLE_CHOICES, required=False
            )
            role = roles.get(team.pk, "")
            self.initial.setdefault(name, role if role != Role.ADMIN else "")

    def team_fields(self) -> list[forms.BoundField]:
        return [self[f"team_{team.pk}"] for team in self.teams]

    def team_roles(self) -> dict[Team, str]:
        return {team: self.cleaned_data.get(f"team_{team.pk}") or "" for team in self.teams}


class StaffInviteForm(_TeamRoles):
    email = forms.EmailField(label="E-mail address", help_text="The invitation goes here.")
    full_name = forms.CharField(label="Full name", max_length=150)
    job_title = forms.CharField(label="Job title", max_length=100, required=False)
    credentials = forms.CharField(
        label="Credentials", max_length=60, required=False, help_text="For example MSW, LCSW."
    )
    field_order = ["email", "full_name", "job_title", "credentials", "is_admin"]

    def details(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in ("full_name", "job_title", "credentials")}


class StaffRolesForm(_TeamRoles):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class StaffFileForm(CleanForm):
    file = forms.FileField(
        label="Staff file (CSV or XLSX)",
        help_text="One person a line; the columns are below, and in the template.",
    )
    dry_run = forms.BooleanField(
        label="Only check the file (invite nobody)", required=False, initial=False
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_BYTES:  # refused before it is read
            raise forms.ValidationError(
                f"The file is larger than {settings.IMPORT_MAX_BYTES // 2**20} MB."
            )
        return upload
