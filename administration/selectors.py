"""Reads of the agency admin's pages, always within the one agency the viewer administers.
Counts of clients appear (how many a team serves, how many a person still holds), never a
client: an agency admin has no clinical access."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Lower
from django.http import Http404
from django.utils import timezone

from administration.models import INVITATION_HOURS
from casework.models import (
    Agency,
    AgencyStaff,
    Membership,
    Program,
    Role,
    ServiceArea,
    StaffRoleChange,
    Team,
    User,
)
from casework.queries import per_outer_row
from clients.models import Appointment, Assignment, AssignmentRole, Client
from clients.models.careteam import Outcome
from clients.selectors.caseload import OPEN_STATUSES


@dataclass(frozen=True)
class Structure:
    programs: list[Program]
    areas: list[ServiceArea]
    teams: list[Team]


def agency_structure(*, agency: Agency) -> Structure:
    """Programs, service areas and teams with how many people and open clients each team
    has: three queries."""
    open_clients = Client.objects.filter(team=OuterRef("pk"), status__in=OPEN_STATUSES)
    teams = (
        Team.objects.filter(agency=agency)
        .select_related("program", "service_area")
        .annotate(
            people=Count("memberships", filter=Q(memberships__user__is_active=True)),
            open_clients=per_outer_row(open_clients, "team", n=Count("pk")),
        )
        .order_by("-is_active", "name")
    )
    return Structure(
        programs=list(Program.objects.filter(agency=agency).order_by("name")),
        areas=list(ServiceArea.objects.filter(agency=agency).order_by("name")),
        teams=list(teams),
    )


def _staff_of(agency: Agency) -> QuerySet[User]:
    """Everyone on the agency's staff: a place on it, or a role in one of its teams."""
    return User.objects.filter(
        Q(agency_places__agency=agency) | Q(memberships__team__agency=agency)
    ).distinct()


def staff_count(*, agency: Agency) -> int:
    return _staff_of(agency).filter(is_active=True).count()


def _locked(user_ref: str = "email") -> Exists:
    """Locked out of signing in right now: django-axes counts failures under the lower-cased
    e-mail address (casework.forms.lockout_username), per address."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return Exists(
        AccessAttempt.objects.filter(
            username=OuterRef(f"{user_ref}_lower"),
            failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
            attempt_time__gte=since,
        )
    )


def _with_place(users: QuerySet[User], agency: Agency) -> QuerySet[User]:
    place = AgencyStaff.objects.filter(agency=agency, user=OuterRef("pk"))
    return users.annotate(
        email_lower=Lower("email"),
        place_admin=Subquery(place.values("is_admin")[:1]),
        invited_at=Subquery(place.values("invited_at")[:1]),
        joined_at=Subquery(place.values("joined_at")[:1]),
        deactivated_at=Subquery(place.values("deactivated_at")[:1]),
        place_version=Subquery(place.values("version")[:1]),
    ).annotate(locked=_locked())


class State:
    ACTIVE = "active"
    INVITED = "invited"  # the link is out and still valid
    EXPIRED = "expired"  # the link ran out before a password was set
    DEACTIVATED = "deactivated"


def _with_state(users: list[User]) -> list[User]:
    """`state` and `expires_at` on each person, from what the query brought."""
    now = timezone.now()
    for user in users:
        user.expires_at = invitation_expires_at(user.invited_at)
        user.is_admin = bool(user.place_admin) or any(m.role == Role.ADMIN for m in user.roles)
        if not user.is_active:
            user.state = State.DEACTIVATED
        elif user.has_usable_password() or user.expires_at is None:
            user.state = State.ACTIVE
        else:
            user.state = State.INVITED if user.expires_at > now else State.EXPIRED
    return users


def staff_directory(*, agency: Agency) -> list[User]:
    """The agency's staff with their team roles, onboarding state and lockout: two queries
    at any size."""
    memberships = Membership.objects.filter(team__agency=agency).select_related("team")
    users = _with_place(_staff_of(agency), agency).prefetch_related(
        Prefetch("memberships", queryset=memberships.order_by("team__name"), to_attr="roles")
    )
    return _with_state(list(users.order_by("-is_active", "full_name", "pk")))


def staff_member(*, agency: Agency, user_id: int) -> User:
    """One member of the agency's staff (404 for anyone else), as the directory shows them."""
    memberships = Membership.objects.filter(team__agency=agency).select_related("team")
    user = (
        _with_place(_staff_of(agency).filter(pk=user_id), agency)
        .prefetch_related(
            Prefetch("memberships", queryset=memberships.order_by("team__name"), to_attr="roles")
        )
        .first()
    )
    if user is None:
        raise Http404("No such member of staff.")
    return _with_state([user])[0]


def role_history(*, agency: Agency, user: User) -> QuerySet[StaffRoleChange]:
    return (
        StaffRoleChange.objects.filter(agency=agency, user=user)
        .select_related("team", "changed_by")
        .order_by("-changed_at", "-pk")
    )


@dataclass(frozen=True)
class OpenWork:
    """What a person still holds in one team: counts only, and who can reassign it."""

    team: Team
    primary: int
    secondary: int
    supervisors: list[str]


def open_work(*, user: User) -> list[OpenWork]:
    """Open clients the person serves (current assignments), counted by team and role, with
    each team's supervisors: two queries."""
    rows = (
        Assignment.objects.filter(
            staff=user, ended_on__isnull=True, client__status__in=OPEN_STATUSES
        )
        .values("client__team")
        .annotate(
            primary=Count("pk", filter=Q(role=AssignmentRole.PRIMARY)),
            secondary=Count("pk", filter=Q(role=AssignmentRole.SECONDARY)),
        )
        .order_by()
    )
    counts = {row["client__team"]: row for row in rows}
    teams = Team.objects.filter(pk__in=counts).prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.filter(role=Role.SUPERVISOR, user__is_active=True)
            .exclude(user=user)
            .select_related("user"),
            to_attr="supervisors",
        )
    )
    return [
        OpenWork(
            team=team,
            primary=counts[team.pk]["primary"],
            secondary=counts[team.pk]["secondary"],
            supervisors=[m.user.full_name for m in team.supervisors],
        )
        for team in teams.order_by("name")
    ]


@dataclass(frozen=True)
class HandOver:
    """A person's scheduled appointments from now on: each with the case manager it moves to
    when the person is deactivated (the client's current primary, if another active person),
    or None when nobody takes it and a supervisor must change it first."""

    moves: list[tuple[Appointment, User | None]]

    @property
    def stranded(self) -> int:
        return sum(1 for _a, to in self.moves if to is None)

    def by_team(self) -> list[tuple[str, int, int]]:
        """(team, moving, stranded) counts: what the admin's page shows (never a client)."""
        counts: dict[str, list[int]] = {}
        for appointment, to in self.moves:
            row = counts.setdefault(appointment.team.name, [0, 0])
            row[0 if to is not None else 1] += 1
        return [(team, moving, stranded) for team, (moving, stranded) in sorted(counts.items())]


def appointments_to_hand_over(*, user: User) -> HandOver:
    """Two queries: the person's scheduled appointments from now on, and the primary case
    managers of those clients."""
    appointments = list(
        Appointment.objects.filter(
            staff=user, outcome=Outcome.SCHEDULED, starts_at__gte=timezone.now()
        )
        .select_related("team")
        .order_by("starts_at", "pk")
    )
    primaries = {
        a.client_id: a.staff
        for a in Assignment.objects.filter(
            client_id__in={a.client_id for a in appointments},
            role=AssignmentRole.PRIMARY,
            ended_on__isnull=True,
            staff__is_active=True,
        )
        .exclude(staff=user)
        .select_related("staff")
    }
    return HandOver(moves=[(a, primaries.get(a.client_id)) for a in appointments])


def invitation_expires_at(invited_at: datetime | None) -> datetime | None:
    if invited_at is None:
        return None
    return invited_at + timedelta(hours=INVITATION_HOURS)
