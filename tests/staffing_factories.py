"""Staff profiles, trainings and limits for the matching tests (casework.staffing)."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from casework.models import CaseloadLimit, Membership, Role, StaffProfile, StaffTraining
from tests.factories import MembershipFactory


def staff_member(
    team,
    name,
    *,
    role=Role.CASE_MANAGER,
    trainings=(),
    languages=("English",),
    areas=(),
    lapsed=(),
    limit=None,
):
    """A member of `team` with a profile: `trainings` current, `lapsed` expired yesterday."""
    user = MembershipFactory(team=team, role=role, user__full_name=name).user
    profile = StaffProfile.objects.create(user=user, languages=list(languages))
    profile.service_areas.set(areas)
    today = timezone.localdate()
    for specialty in trainings:
        StaffTraining.objects.create(
            user=user, specialty=specialty, certified_on=today - timedelta(days=200)
        )
    for specialty in lapsed:
        StaffTraining.objects.create(
            user=user,
            specialty=specialty,
            certified_on=date(2020, 1, 1),
            expires_on=today - timedelta(days=1),
        )
    if limit is not None:
        CaseloadLimit.objects.create(user=user, program=team.program, limit=limit)
    return user


def join(user, team, role=Role.CASE_MANAGER):
    return Membership.objects.create(user=user, team=team, role=role)
