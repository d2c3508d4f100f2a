""" "My week", the team's week, and the private calendar feed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from casework.models import AuditEvent
from clients.models import AppointmentKind, CalendarFeed
from clients.services.appointments import calendar_feed_create, calendar_feed_revoke
from tests.factories import AppointmentFactory, CareProviderFactory, ClientFactory

pytestmark = pytest.mark.django_db


def _at(days: int, hour: int):
    day = timezone.localtime() + timedelta(days=days)
    return day.replace(hour=hour, minute=0, second=0, microsecond=0)


def test_my_week_lists_my_bookings_of_the_week_and_the_day_first(
    client, case_manager, supervisor, client_a
):
    today_ride = AppointmentFactory(
        client=client_a, staff=case_manager, starts_at=_at(0, 9), transport=True
    )
    AppointmentFactory(
        client=client_a,
        staff=case_manager,
        kind=AppointmentKind.PLANNED_VISIT,
        starts_at=_at(0, 14),
        purpose="",
    )
    AppointmentFactory(client=client_a, staff=supervisor, starts_at=_at(0, 11))  # not mine
    AppointmentFactory(client=client_a, staff=case_manager, starts_at=_at(21, 9))  # later
    client.force_login(case_manager)
    response = client.get(reverse("clients:my_week"))
    assert response.status_code == 200
    assert [a.pk for a in response.context["chosen_rows"]][0] == today_ride.pk
    assert len(response.context["chosen_rows"]) == 2
    assert response.context["count"] == 2
    assert response.context["rides"] == 1
    body = response.content.decode()
    assert "I drive" in body and "Planned visit" in body
    assert AuditEvent.objects.filter(action="clients.week.view", actor=case_manager).exists()


def test_the_week_navigates_by_day(client, case_manager, client_a):
    later = AppointmentFactory(client=client_a, staff=case_manager, starts_at=_at(21, 9))
    client.force_login(case_manager)
    day = timezone.localdate(later.starts_at).isoformat()
    response = client.get(reverse("clients:my_week"), {"day": day})
    assert [a.pk for a in response.context["chosen_rows"]] == [later.pk]
    assert client.get(reverse("clients:my_week"), {"day": "nonsense"}).status_code == 200


def test_the_team_week_shows_everyones_bookings(client, case_manager, supervisor, client_a):
    AppointmentFactory(client=client_a, staff=case_manager, starts_at=_at(0, 9))
    AppointmentFactory(client=client_a, staff=supervisor, starts_at=_at(0, 11))
    client.force_login(supervisor)
    response = client.get(reverse("clients:team_week"))
    assert response.context["count"] == 2
    assert "Casey Manager" in response.content.decode()


def test_another_teams_bookings_never_show(client, case_manager, outsider, client_b):
    AppointmentFactory(client=client_b, staff=outsider, starts_at=_at(0, 9))
    client.force_login(case_manager)
    for name in ("clients:my_week", "clients:team_week"):
        response = client.get(reverse(name))
        assert response.context["count"] == 0
        assert "Teambee" not in response.content.decode()
    # Asking for team B's week by id falls back to the viewer's own team.
    response = client.get(reverse("clients:team_week"), {"team": client_b.team_id})
    assert response.context["team"].pk == case_manager.memberships.get().team_id


def _fill_week(staff, team, n):
    # Monday to Friday of THIS week, whatever day the test runs on.
    monday = -timezone.localdate().weekday()
    for i in range(n):
        other = ClientFactory(team=team)
        provider = CareProviderFactory(client=other)
        starts_at = _at(monday + i % 5, 9)
        AppointmentFactory(client=other, staff=staff, provider=provider, starts_at=starts_at)


@pytest.mark.parametrize("name", ["clients:my_week", "clients:team_week"])
def test_the_week_costs_the_same_queries_whatever_its_size(
    client, case_manager, team_a, name, django_assert_max_num_queries
):
    client.force_login(case_manager)
    _fill_week(case_manager, team_a, 2)
    client.get(reverse(name))  # warm the session
    # session, user, [the teams for the team week], the week's rows with clients, providers
    # and staff joined, the audit row (with its chain), memberships for the navigation, the
    # reminder count in the bar.
    with django_assert_max_num_queries(10) as small:
        client.get(reverse(name))
    _fill_week(case_manager, team_a, 30)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse(name))
    assert response.context["count"] == 32


# --- The private feed -----------------------------------------------------------------------


def test_the_feed_carries_times_places_and_initials_only(client, case_manager, client_a):
    AppointmentFactory(
        client=client_a,
        staff=case_manager,
        transport=True,
        purpose="Psychiatric medication review",
        with_name="Dr. Rosa Prescott",
    )
    token = calendar_feed_create(user=case_manager)
    response = client.get(reverse("clients:calendar_feed", args=[token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode()
    for secret in ("Amara", "Teamay", "A-1", "Psychiatric", "medication", "Prescott"):
        assert secret not in body
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert len(events) == 1
    assert str(events[0]["summary"]) == "Appt A.T. (drive)"
    # Only the kind of place: the typed place may name a provider (issue #23).
    assert str(events[0]["location"]) == "Appointment"
    assert "Pier St" not in body


def test_the_feed_names_a_planned_visits_kind_of_place_only(client, case_manager, client_a):
    for place in ("Client's home, 12 Elm St", "Team office", "Library on 5th"):
        AppointmentFactory(client=client_a, staff=case_manager, kind="planned_visit", place=place)
    token = calendar_feed_create(user=case_manager)
    response = client.get(reverse("clients:calendar_feed", args=[token]))
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert sorted(str(e["location"]) for e in events) == [
        "Home visit",
        "Office",
        "Visit in the community",
    ]
    for typed in ("Elm St", "Team office", "Library"):
        assert typed not in response.content.decode()


def test_a_revoked_or_replaced_link_answers_404(client, case_manager):
    first = calendar_feed_create(user=case_manager)
    second = calendar_feed_create(user=case_manager)
    assert client.get(reverse("clients:calendar_feed", args=[first])).status_code == 404
    assert client.get(reverse("clients:calendar_feed", args=[second])).status_code == 200
    calendar_feed_revoke(user=case_manager)
    assert client.get(reverse("clients:calendar_feed", args=[second])).status_code == 404
    assert client.get(reverse("clients:calendar_feed", args=["guess"])).status_code == 404


def test_only_the_hash_of_the_token_is_stored(case_manager):
    token = calendar_feed_create(user=case_manager)
    assert not CalendarFeed.objects.filter(token_hash__contains=token[:20]).exists()


def test_a_deactivated_account_has_no_feed(client, case_manager):
    token = calendar_feed_create(user=case_manager)
    case_manager.is_active = False
    case_manager.save(update_fields=["is_active"])
    assert client.get(reverse("clients:calendar_feed", args=[token])).status_code == 404


def test_the_feed_leaves_out_clients_the_user_no_longer_serves(
    client, case_manager, outsider, client_b
):
    # Booked by someone who has since left team B: not theirs to see any more.
    AppointmentFactory(client=client_b, staff=case_manager)
    token = calendar_feed_create(user=case_manager)
    events = Calendar.from_ical(
        client.get(reverse("clients:calendar_feed", args=[token])).content
    ).walk("VEVENT")
    assert events == []


def test_the_link_page_shows_a_new_link_once(client, case_manager):
    client.force_login(case_manager)
    response = client.post(reverse("clients:feed_settings"))
    url = response.context["feed_url"]
    assert "/calendar/" in url and url.endswith(".ics")
    again = client.get(reverse("clients:feed_settings"))
    assert again.context["feed_url"] is None and again.context["live"] is not None


def test_cover_records_outcomes_from_the_team_week_but_compliance_only_reads(
    client, case_manager, supervisor, compliance, client_a
):
    AppointmentFactory(client=client_a, staff=case_manager, starts_at=_at(0, 9))
    client.force_login(supervisor)
    assert "Record outcome" in client.get(reverse("clients:team_week")).content.decode()
    client.force_login(compliance)
    body = client.get(reverse("clients:team_week")).content.decode()
    assert "Amara Teamay" in body and "Record outcome" not in body
