"""Reads of staff profiles: who may see or edit whose, the facts the ranking needs (as
annotations, so a team of any size is one query), and trainings lapsed or about to lapse."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import NamedTuple

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import (
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from casework import access
from casework.access import WRITE_ROLES, access_for
from casework.models import Membership, Program, ServiceArea, Team, User
from casework.staffing.matching import Candidate
from casework.staffing.models import (
    RULE_LABELS,
    CaseloadLimit,
    MatchOverride,
    StaffProfile,
    StaffTraining,
)

EXPIRY_NOTICE_DAYS = 60  # a training shows as expiring this long before it lapses


# --- Who may see and edit a profile -------------------------------------------------------


def _managed_users(viewer: User) -> QuerySet[User]:
    """Staff whose profile the viewer keeps: the case managers and supervisors of teams they
    supervise, and of every team in the agencies they administer (only people who may be
    assigned clients have a profile worth keeping)."""
    who = access_for(viewer)
    return User.objects.filter(
        Q(memberships__team_id__in=who.supervised_team_ids)
        | Q(memberships__team__agency_id__in=who.admin_agency_ids),
        memberships__role__in=WRITE_ROLES,
    ).distinct()


def staff_with_profiles(*, viewer: User) -> list[User]:
    """The staff the viewer keeps with their profile, trainings and areas: three queries."""
    return list(
        _managed_users(viewer)
        .filter(is_active=True)
        .select_related("staff_profile")
        .prefetch_related(
            Prefetch("trainings", queryset=StaffTraining.objects.order_by("specialty")),
            Prefetch("staff_profile__service_areas", queryset=ServiceArea.objects.order_by("name")),
        )
        .order_by("full_name", "pk")
    )


def can_edit_profile(*, viewer: User, user_id: int) -> bool:
    return _managed_users(viewer).filter(pk=user_id).exists()


class ProfileTarget(NamedTuple):
    """A profile asked for: the person, and whether the viewer keeps it (may edit it)."""

    user: User
    editable: bool


def profile_user_for(*, viewer: User, user_id: int) -> ProfileTarget:
    """The person whose profile is asked for and whether the viewer may edit it; 404 when
    it is neither the viewer's own nor one they keep."""
    editable = can_edit_profile(viewer=viewer, user_id=user_id)
    if not editable and user_id != viewer.pk:
        access.refuse(User.objects.all(), user_id)
    user = User.objects.select_related("staff_profile").get(pk=user_id)
    return ProfileTarget(user, editable)


@dataclass(frozen=True)
class ProfileView:
    user: User
    profile: StaffProfile | None
    trainings: list[StaffTraining]
    areas: list[ServiceArea]
    limits: list[tuple[Program, int, bool]]  # program, limit, the person's own (not default)
    teams: list[Membership]


def profile_view(*, user: User) -> ProfileView:
    """Everything the profile page shows: five queries."""
    profile = getattr(user, "staff_profile", None)
    teams = list(
        Membership.objects.filter(user=user, team__is_active=True)
        .select_related("team__program", "team__service_area")
        .order_by("team__name")
    )
    own = {row.program_id: row.limit for row in CaseloadLimit.objects.filter(user=user)}
    programs = {m.team.program_id: m.team.program for m in teams}
    limits = [
        (p, own.get(p.pk, p.caseload_ratio), p.pk in own)
        for p in sorted(programs.values(), key=lambda p: p.name)
    ]
    return ProfileView(
        user=user,
        profile=profile,
        trainings=list(StaffTraining.objects.filter(user=user).order_by("specialty")),
        areas=list(profile.service_areas.order_by("name")) if profile else [],
        limits=limits,
        teams=teams,
    )


# --- What the ranking needs ---------------------------------------------------------------


def team_candidates(*, team: Team, today: date) -> QuerySet[User]:
    """The team's active case managers and supervisors (who may be assigned its clients),
    annotated with current and lapsed trainings, languages, areas and their caseload limit
    in the team's program. Callers add `load`, `worked_with_client` and `last_primary`."""
    trainings = StaffTraining.objects.filter(user=OuterRef("pk")).order_by("specialty")
    current = Q(expires_on__isnull=True) | Q(expires_on__gte=today)
    areas = StaffProfile.service_areas.through.objects.filter(
        staffprofile__user=OuterRef("pk")
    ).order_by("servicearea_id")
    own_limit = CaseloadLimit.objects.filter(user=OuterRef("pk"), program_id=team.program_id)
    member = Membership.objects.filter(
        user=OuterRef("pk"), team=team, role__in=WRITE_ROLES, team__is_active=True
    )
    return (
        User.objects.filter(Exists(member), is_active=True)
        .annotate(
            team_role=Subquery(member.values("role")[:1]),
            current_specialties=ArraySubquery(trainings.filter(current).values("specialty")),
            lapsed_specialties=ArraySubquery(trainings.exclude(current).values("specialty")),
            area_ids=ArraySubquery(areas.values("servicearea_id")),
            profile_languages=Subquery(
                StaffProfile.objects.filter(user=OuterRef("pk")).values("languages")[:1]
            ),
            has_profile=Exists(StaffProfile.objects.filter(user=OuterRef("pk"))),
            caseload_limit=Coalesce(
                Subquery(own_limit.values("limit")[:1]),
                Value(team.program.caseload_ratio),
                output_field=IntegerField(),
            ),
        )
        .order_by("full_name", "pk")
    )


def candidate_from(user: User) -> Candidate:
    """A row of `team_candidates` (with `load` and the continuity annotations) as the ranking's
    plain data."""
    return Candidate(
        user_id=user.pk,
        name=user.full_name,
        role=user.team_role or "",
        specialties=frozenset(user.current_specialties or ()),
        lapsed=frozenset(user.lapsed_specialties or ()),
        languages=tuple(user.profile_languages or ()),
        service_area_ids=frozenset(user.area_ids or ()),
        limit=user.caseload_limit,
        load=Decimal(getattr(user, "load", None) or 0),
        worked_with_client=bool(getattr(user, "worked_with_client", False)),
        last_primary=bool(getattr(user, "last_primary", False)),
        has_profile=user.has_profile,
    )


# --- Trainings lapsed or about to lapse ----------------------------------------------------


def trainings_needing_renewal(*, team_ids: Collection[int], today: date) -> QuerySet[StaffTraining]:
    """Trainings of the active case managers and supervisors of the teams that lapsed or
    lapse within EXPIRY_NOTICE_DAYS, soonest first: one query. The home staffing panel asks
    for the teams a supervisor supervises, the team dashboard for its own."""
    staff = Membership.objects.filter(
        user=OuterRef("user"), team_id__in=list(team_ids), role__in=WRITE_ROLES
    )
    return (
        StaffTraining.objects.filter(
            Exists(staff),
            user__is_active=True,
            expires_on__lte=today + timedelta(days=EXPIRY_NOTICE_DAYS),
        )
        .select_related("user")
        .order_by("expires_on", "user__full_name", "pk")
    )


def override_annotations(assignment_ref: str = "pk") -> dict:
    """Annotations for Assignment rows: the rules a choice broke and the written reason, if
    it was chosen against them (no query of its own)."""
    override = MatchOverride.objects.filter(assignment_id=OuterRef(assignment_ref))
    return {
        "override_rules": Subquery(override.values("rules")[:1]),
        "override_reason": Subquery(override.values("reason")[:1]),
    }


def rule_labels(codes: list[str] | None) -> list[str]:
    return [str(RULE_LABELS.get(code, code)) for code in codes or ()]
