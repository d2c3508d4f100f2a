"""The "My week" page, the team's week, and the private calendar feed.

The week page puts the chosen day's list first (a phone shows it without scrolling), then the
seven days. Queries are constant: the viewer's access, the week's rows with their clients and
providers in one join, and the audit row.

The feed answers a calendar app, not a browser session: the token in the URL is the credential,
a revoked or replaced token answers 404, and an event carries the time, the place and the
client's initials only (never a name or a purpose: calendar apps sync to other servers).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import BadRequest
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe
from icalendar import Calendar, Event

from casework.access import access_for
from casework.audit import audit_record
from casework.input import PlausibleDateField, query_params
from casework.models import Team
from casework.permissions import SAFE, public, requires, signed_in
from clients.models import AppointmentKind, Outcome
from clients.predicates import may_keep_a_week, may_see_team_weeks
from clients.selectors.appointments import (
    Week,
    feed_rows_for,
    team_week_for,
    week_for,
    week_teams_for,
)
from clients.services import appointments as booking


def _day(request: HttpRequest, default: date) -> date:
    """The `day` asked for, or `default` for none, nonsense or a day outside 1900-2100."""
    try:
        return query_params(request, day=PlausibleDateField())["day"] or default
    except BadRequest:
        return default


def _week_context(request: HttpRequest, rows_for) -> dict:
    today = timezone.localdate()
    chosen = _day(request, today)
    week = Week.containing(chosen)
    by_day: dict[date, list] = defaultdict(list)
    rows = list(rows_for(week))
    for appointment in rows:
        by_day[timezone.localdate(appointment.starts_at)].append(appointment)
    return {
        "today": today,
        "chosen": chosen,
        "week": week,
        "days": [(day, by_day.get(day, [])) for day in week.days],
        "chosen_rows": by_day.get(chosen, []),
        "count": len(rows),
        "rides": sum(1 for a in rows if a.transport and a.outcome == Outcome.SCHEDULED),
    }


@requires(may_keep_a_week, methods=SAFE)
def my_week(request: HttpRequest) -> HttpResponse:
    """The signed-in case manager's appointments and planned visits."""
    context = _week_context(request, lambda week: week_for(viewer=request.user, week=week))
    audit_record(
        action="clients.week.view",
        request=request,
        detail={"week": context["week"].monday.isoformat(), "staff_id": request.user.pk},
    )
    context.update(mine=True, not_mine=False, teams=[], can_change=True)
    return render(request, "clients/careteam/week.html", context)


def _week_teams(request: HttpRequest) -> list[Team]:
    return list(week_teams_for(viewer=request.user))


@requires(signed_in)
@require_safe
@requires(may_see_team_weeks, on=_week_teams)
def team_week(request: HttpRequest, teams: list[Team]) -> HttpResponse:
    """A team's week (supervisors, and whoever covers): every case manager's bookings."""
    wanted = request.GET.get("team")
    team = next((t for t in teams if str(t.pk) == wanted), teams[0])
    context = _week_context(
        request, lambda week: team_week_for(viewer=request.user, team=team, week=week)
    )
    audit_record(
        action="clients.team_week.view",
        request=request,
        agency_id=team.agency_id,
        detail={"week": context["week"].monday.isoformat(), "team_id": team.pk},
    )
    # Whoever covers may record outcomes for the team's clients; read-only roles may not.
    can_change = access_for(request.user).can_change_team(team.pk)
    context.update(mine=False, not_mine=True, team=team, teams=teams, can_change=can_change)
    return render(request, "clients/careteam/week.html", context)


# --- The private feed ----------------------------------------------------------------------


@requires(may_keep_a_week, methods=["GET", "HEAD", "POST"])
def feed_settings(request: HttpRequest) -> HttpResponse:
    """GET: whether a link is on. POST: make a new link (the old one stops working); the page
    shows it once."""
    feed_url = None
    if request.method == "POST":
        token = booking.calendar_feed_create(user=request.user)
        feed_url = request.build_absolute_uri(reverse("clients:calendar_feed", args=[token]))
    live = request.user.calendar_feeds.filter(revoked_at__isnull=True).first()
    context = {"live": live, "feed_url": feed_url}
    return render(request, "clients/careteam/feed_settings.html", context)


@requires(signed_in)
@require_POST
def feed_revoke(request: HttpRequest) -> HttpResponse:
    if booking.calendar_feed_revoke(user=request.user):
        messages.success(request, "The calendar link is turned off; calendars using it go empty.")
    else:
        messages.info(request, "There was no calendar link to turn off.")
    return redirect("clients:feed_settings")


def _initials(row: dict) -> str:
    first = row["client__preferred_name"] or row["client__given_name"]
    return f"{first[:1]}.{row['client__family_name'][:1]}.".upper()


def _summary(row: dict) -> str:
    """What a locked phone screen may show: no name, no purpose."""
    initials = _initials(row)
    if row["kind"] == AppointmentKind.PLANNED_VISIT:
        text = f"Visit {initials}"
    else:
        text = f"Appt {initials}"
        if row["transport"]:
            text += " (drive)"
        elif row["attending"]:
            text += " (attend)"
    if row["outcome"] == Outcome.MISSED:
        text += " – missed"
    return text


def _place_kind(row: dict) -> str:
    """Only the kind of place: the typed place ("County Probation, 850 Bryant St") can name a
    provider or the client's street, and a phone calendar is read by more than its owner."""
    if row["kind"] != AppointmentKind.PLANNED_VISIT:
        return "Appointment"
    place = (row["place"] or "").lower()
    if "office" in place:
        return "Office"
    if "home" in place or not place:
        return "Home visit"
    return "Visit in the community"


@require_safe
@public
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    user = booking.calendar_feed_user(token=token)
    if user is None:
        raise Http404
    calendar = Calendar()
    calendar.add("prodid", "-//Casework//My week//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Casework")
    host = request.get_host().split(":")[0]
    for row in feed_rows_for(user=user, now=timezone.now()):
        event = Event()
        event.add("uid", f"appointment-{row['pk']}@{host}")
        event.add("dtstamp", row["updated_at"])
        event.add("dtstart", row["starts_at"])
        event.add("dtend", row["starts_at"] + timedelta(minutes=row["duration_minutes"]))
        event.add("summary", _summary(row))
        event.add("location", _place_kind(row))
        calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "no-store"
    response["Content-Disposition"] = 'inline; filename="casework.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response
