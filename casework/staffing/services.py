"""Writes of staff profiles and of matching overrides, each in one transaction, audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from casework.audit import audit_record
from casework.errors import ServiceError
from casework.models import Program, ServiceArea, Team, User
from casework.staffing.matching import language_key, language_label
from casework.staffing.models import (
    CaseloadLimit,
    MatchOverride,
    Specialty,
    StaffProfile,
    StaffTraining,
)


class StaffProfileError(ServiceError):
    """A refused change to a staff profile, with the form field it belongs to."""


@dataclass(frozen=True)
class TrainingInput:
    specialty: str
    certified_on: date
    expires_on: date | None = None


def _languages(raw: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for name in raw:
        label = language_label(name)
        if label:
            seen.setdefault(language_key(label), label)
    return list(seen.values())


def staff_profile_save(
    *,
    user: User,
    version: int | None,
    languages: list[str],
    service_areas: list[ServiceArea],
    trainings: list[TrainingInput],
    limits: dict[Program, int | None],
    changed_by: User,
) -> StaffProfile:
    """Replace the person's languages, areas, trainings and limits with what the form holds,
    unless someone saved the profile since `version` was read (None: no profile yet)."""
    today = timezone.localdate()
    for t in trainings:
        if t.specialty not in Specialty.values:
            raise StaffProfileError("Unknown specialty.")
        if t.certified_on > today:
            raise StaffProfileError(
                "The training date cannot be in the future.", field=f"{t.specialty}_certified_on"
            )
        if t.expires_on is not None and t.expires_on <= t.certified_on:
            raise StaffProfileError(
                "The expiry must be after the training date.", field=f"{t.specialty}_expires_on"
            )
    for limit in limits.values():
        if limit is not None and not 1 <= limit <= 200:
            raise StaffProfileError("A caseload limit is between 1 and 200.")
    with transaction.atomic():
        User.objects.select_for_update().get(pk=user.pk)  # serialise edits of one person
        profile = StaffProfile.objects.filter(user=user).first()
        current = profile.version if profile else None
        if current != version:
            raise StaffProfileError(
                "Someone else changed this profile while you were editing. Nothing was saved; "
                "your changes are still in the form. Open the profile again to see theirs."
            )
        if profile is None:
            profile = StaffProfile(user=user)
        else:
            profile.version += 1
        profile.languages = _languages(languages)
        profile.updated_by = changed_by
        profile.save()
        profile.service_areas.set(service_areas)
        wanted = {t.specialty: t for t in trainings}
        StaffTraining.objects.filter(user=user).exclude(specialty__in=wanted).delete()
        for t in wanted.values():
            StaffTraining.objects.update_or_create(
                user=user,
                specialty=t.specialty,
                defaults={
                    "certified_on": t.certified_on,
                    "expires_on": t.expires_on,
                    "recorded_by": changed_by,
                },
            )
        for program, limit in limits.items():
            if limit is None:
                CaseloadLimit.objects.filter(user=user, program=program).delete()
            else:
                CaseloadLimit.objects.update_or_create(
                    user=user, program=program, defaults={"limit": limit}
                )
        audit_record(
            action="casework.staff_profile.changed",
            actor=changed_by,
            obj=profile,
            detail={
                "user": user.pk,
                "trainings": sorted(wanted),
                "areas": sorted(a.pk for a in service_areas),
                "limits": {str(p.pk): v for p, v in limits.items()},
            },
        )
    return profile


def match_override_record(
    *,
    assignment_id: int,
    client_id: int,
    team: Team,
    staff: User,
    rules: list[str],
    reason: str,
    recorded_by: User,
) -> MatchOverride:
    """Keep why a primary case manager was chosen against the rules. Called by the clients
    app's assignment services inside their transaction, after the assignment row exists."""
    return MatchOverride.objects.create(
        assignment_id=assignment_id,
        client_id=client_id,
        team=team,
        staff=staff,
        rules=list(rules),
        reason=reason.strip(),
        recorded_by=recorded_by,
    )
