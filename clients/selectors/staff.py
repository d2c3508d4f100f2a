"""Who may serve a team's clients (its case managers and supervisors), and who serves a
client: current staff, staff history, episode and enrolment."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import F, QuerySet

from casework import access
from casework.access import WRITE_ROLES
from casework.models import Team, User
from casework.prepared import Prepared, first_of
from clients.models import Assignment, AssignmentRole, Client, Enrolment, Episode, StatusChange
from clients.selectors.timeline import first_page_rows


def assignable_staff(*, teams: QuerySet[Team] | list[Team]) -> QuerySet[User]:
    """Active staff holding a case manager or supervisor role in any of the teams."""
    return (
        User.objects.filter(
            is_active=True,
            memberships__team__in=teams,
            memberships__role__in=WRITE_ROLES,
        )
        .distinct()
        .order_by("full_name", "pk")
    )


def is_assignable(*, staff: User, team: Team) -> bool:
    return (
        staff.is_active
        and staff.memberships.filter(team=team, role__in=WRITE_ROLES, team__is_active=True).exists()
    )


@dataclass(frozen=True)
class ServiceSummary:
    """What the status panel and the staff page show, read in a fixed number of queries."""

    episode: Episode | None
    enrolment: Enrolment | None
    primary: Assignment | None
    secondaries: list[Assignment]
    recent_changes: list[StatusChange]


_CURRENT_STAFF = "_clients_current_staff"


def current_staff_for(*, viewer: User, client: Client) -> list[Assignment]:
    """The client's current assignments with their staff, primary first, then by name. Read
    once per client instance (one request's): the record's status and care-team cards both
    show them."""
    cached = getattr(client, _CURRENT_STAFF, None)
    if cached is None or cached[0] != viewer.pk:
        rows = (
            _CURRENT_STAFF_OF.objects(client_id=client.pk)
            if access.found_for(client, viewer)
            else list(_current_staff(Assignment.objects.filter(access.client_rows(viewer, client))))
        )
        cached = (viewer.pk, rows)
        setattr(client, _CURRENT_STAFF, cached)
    return list(cached[1])


def _current_staff(assignments: QuerySet[Assignment]) -> QuerySet[Assignment]:
    return (
        assignments.filter(ended_on__isnull=True)
        .select_related("staff")
        .order_by("role", "staff__full_name")
    )


# The record's status card: statements built once per process (casework.prepared), each with
# a client id no request passes. The client was found through the access policy.
_CLIENT = -2_000_000_047
_CURRENT_STAFF_OF = Prepared(
    Assignment,
    lambda _shape, *, client_id: _current_staff(Assignment.objects.filter(client_id=client_id)),
    client_id=_CLIENT,
)
_EPISODE = Prepared(
    Episode,
    lambda _shape, *, client_id: first_of(
        Episode.objects.filter(client_id=client_id).order_by("-number")
    ),
    client_id=_CLIENT,
)
_ENROLMENT = Prepared(
    Enrolment,
    lambda _shape, *, client_id: first_of(
        Enrolment.objects.filter(client_id=client_id, ended_on__isnull=True).select_related(
            "program"
        )
    ),
    client_id=_CLIENT,
)


def service_summary(*, viewer: User, client: Client, changes: int = 5) -> ServiceSummary:
    """The current episode, enrolment and staff of a client already found through
    `client_get_for` (so already in the viewer's scope): four queries, or three when the
    care-team card already read the staff."""
    current = sorted(
        current_staff_for(viewer=viewer, client=client),
        key=lambda a: (a.role, a.started_on, a.pk),
    )
    return ServiceSummary(
        episode=_EPISODE.first(client_id=client.pk),
        enrolment=_ENROLMENT.first(client_id=client.pk),
        primary=next((a for a in current if a.role == AssignmentRole.PRIMARY), None),
        secondaries=[a for a in current if a.role == AssignmentRole.SECONDARY],
        recent_changes=_recent_changes(viewer, client, changes),
    )


def _recent_changes(viewer: User, client: Client, changes: int) -> list[StatusChange]:
    """The latest `changes` status changes: from the rows the record's timeline read when
    they hold all of them (the timeline breaks a day's ties by id, this card by recording
    time), else one query."""
    read = first_page_rows(viewer=viewer, client=client, kind="status")
    if read is not None:
        rows, complete = read
        latest = sorted(rows, key=lambda c: (c.effective_on, c.recorded_at, c.pk), reverse=True)
        # Every row of the last shown day is among those read when an older day ends them.
        if complete or (
            len(rows) > changes and rows[-1].effective_on < latest[changes - 1].effective_on
        ):
            return latest[:changes]
    return list(
        client.status_changes.select_related("changed_by").order_by(
            "-effective_on", "-recorded_at", "-pk"
        )[:changes]
    )


def assignment_history(*, client: Client) -> QuerySet[Assignment]:
    """Every staff period of the client, current first, then by start date: one query."""
    return client.assignments.select_related("staff", "assigned_by").order_by(
        F("ended_on").desc(nulls_first=True), "-started_on", "-pk"
    )
