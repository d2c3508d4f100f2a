"""Reads of the care team, appointments and weeks; always through the access policy."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import F, QuerySet
from django.utils import timezone

from casework import access
from casework.models import Team, User
from clients.models import Appointment, CareProvider, Client, Outcome
from clients.selectors.clients import ClientRowsStatement, client_row_get_for, client_rows


def providers_for(*, viewer: User, client: Client) -> QuerySet[CareProvider]:
    """Current relationships first, then ended ones (latest ended first)."""
    return _providers_in_order(client_rows(CareProvider, viewer=viewer, client=client))


def _providers_in_order(providers: QuerySet[CareProvider], _shape: object = ()) -> QuerySet:
    return providers.order_by(F("ended_on").desc(nulls_first=True), "kind", "name", "id")


def current_providers_for(*, viewer: User, client: Client) -> list[CareProvider]:
    """`providers_for`'s current ones, by a statement built once per process (the record's
    care-team card)."""
    return _CURRENT_PROVIDERS.list(viewer=viewer, client=client)


_CURRENT_PROVIDERS = ClientRowsStatement(
    CareProvider, lambda rows, _shape: _providers_in_order(rows).filter(ended_on__isnull=True)
)


def provider_get_for(
    *, viewer: User, client_id: int, pk: int, change: bool = False
) -> tuple[Client, CareProvider]:
    return client_row_get_for(
        CareProvider, viewer=viewer, client_id=client_id, pk=pk, change=change
    )


def appointment_get_for(
    *, viewer: User, client_id: int, pk: int, change: bool = False
) -> tuple[Client, Appointment]:
    rows = Appointment.objects.select_related("provider", "staff", "follow_up_of")
    return client_row_get_for(rows, viewer=viewer, client_id=client_id, pk=pk, change=change)


def appointments_for_client(*, viewer: User, client: Client) -> QuerySet[Appointment]:
    return client_rows(Appointment, viewer=viewer, client=client).select_related(
        "provider", "staff"
    )


def first_upcoming_for(*, viewer: User, client: Client, n: int) -> list[Appointment]:
    """The first `n` of `upcoming_for_client`, by a statement built once per process (the
    record's care-team card)."""
    return _FIRST_UPCOMING.list(n, viewer=viewer, client=client)


def _upcoming(appointments: QuerySet[Appointment]) -> QuerySet[Appointment]:
    return appointments.filter(outcome=Outcome.SCHEDULED).order_by("starts_at", "id")


_FIRST_UPCOMING = ClientRowsStatement(
    Appointment, lambda rows, n: _upcoming(rows.select_related("provider", "staff"))[:n]
)


def upcoming_for_client(*, viewer: User, client: Client, now: datetime) -> QuerySet[Appointment]:
    """Still scheduled (including overdue ones waiting for their outcome), soonest first."""
    return _upcoming(appointments_for_client(viewer=viewer, client=client))


def past_for_client(*, viewer: User, client: Client) -> QuerySet[Appointment]:
    return (
        appointments_for_client(viewer=viewer, client=client)
        .exclude(outcome=Outcome.SCHEDULED)
        .order_by("-starts_at", "-id")
    )


# --- Weeks ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Week:
    monday: date

    @classmethod
    def containing(cls, day: date) -> Week:
        return cls(day - timedelta(days=day.weekday()))

    @property
    def days(self) -> list[date]:
        return [self.monday + timedelta(days=i) for i in range(7)]

    @property
    def previous(self) -> date:
        return self.monday - timedelta(days=7)

    @property
    def next(self) -> date:
        return self.monday + timedelta(days=7)

    def bounds(self) -> tuple[datetime, datetime]:
        tz = timezone.get_current_timezone()
        start = datetime.combine(self.monday, time.min, tzinfo=tz)
        end = datetime.combine(self.next, time.min, tzinfo=tz)
        return start, end


def _week_rows(rows: QuerySet[Appointment], week: Week) -> QuerySet[Appointment]:
    start, end = week.bounds()
    return (
        rows.filter(starts_at__gte=start, starts_at__lt=end)
        .select_related("client", "provider", "staff")
        .order_by("starts_at", "id")
    )


def week_for(*, viewer: User, week: Week) -> QuerySet[Appointment]:
    """The viewer's own appointments and planned visits in the week (one query)."""
    rows = Appointment.objects.filter(access.team_scope(viewer, team_field="client__team"))
    return _week_rows(rows.filter(staff=viewer), week)


def team_week_for(*, viewer: User, team: Team, week: Week) -> QuerySet[Appointment]:
    """Everyone's in one of the viewer's teams: for supervisors, and for cover."""
    rows = Appointment.objects.filter(access.team_scope(viewer, team_field="client__team"))
    return _week_rows(rows.filter(client__team=team), week)


def week_teams_for(*, viewer: User) -> QuerySet[Team]:
    """The teams whose week the viewer may see: those they read."""
    return access.readable_teams(viewer).order_by("name")


def feed_rows_for(*, user: User, now: datetime) -> QuerySet[Appointment]:
    """What the private feed carries: the user's bookings from 30 days back to 180 ahead,
    not cancelled or moved, only the columns it prints (times, places, initials)."""
    return (
        Appointment.objects.filter(access.team_scope(user, team_field="client__team"))
        .filter(
            staff=user,
            starts_at__gte=now - timedelta(days=30),
            starts_at__lte=now + timedelta(days=180),
        )
        .exclude(outcome__in=[Outcome.CANCELLED, Outcome.RESCHEDULED])
        .order_by("starts_at", "id")
        .values(
            "pk",
            "kind",
            "starts_at",
            "duration_minutes",
            "place",
            "transport",
            "attending",
            "outcome",
            "updated_at",
            "client__given_name",
            "client__preferred_name",
            "client__family_name",
        )
    )
