"""The notification centre: badge, list grouped by client, done, snooze, escalations."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.models import AuditEvent, ReminderState
from tests.factories import ClientFactory, ReminderFactory, UserFactory

pytestmark = pytest.mark.django_db

LIST = reverse("notifications:list")


def _today():
    return timezone.localdate()


def test_the_navigation_shows_how_many_reminders_are_open(client, case_manager, client_a):
    ReminderFactory.create_batch(2, recipient=case_manager, client_id=client_a.pk)
    ReminderFactory(recipient=case_manager, state=ReminderState.DONE)
    ReminderFactory(recipient=UserFactory())  # someone else's
    client.force_login(case_manager)
    body = client.get(reverse("dashboard")).content.decode()
    assert 'Reminders <span class="badge rounded-pill text-bg-warning">2<' in body


def test_the_badge_is_one_query_and_absent_when_nothing_is_due(
    client, case_manager, django_assert_num_queries
):
    client.force_login(case_manager)
    client.get(reverse("dashboard"))  # warm the session
    body = client.get(LIST).content.decode()
    assert "text-bg-warning" not in body
    ReminderFactory(recipient=case_manager)
    from casework.notifications.selectors import live_count_for

    with django_assert_num_queries(2):  # memberships (access, once per request) + COUNT
        assert live_count_for(viewer=case_manager) == 1


def test_the_list_groups_reminders_by_client_and_links_to_the_cause(client, case_manager, team_a):
    amara = ClientFactory(team=team_a, given_name="Amara", record_number="A-7")
    zed = ClientFactory(team=team_a, given_name="Zed", record_number="A-8")
    ReminderFactory(recipient=case_manager, client_id=zed.pk, subject="Zed (A-8)",
                    due_on=_today() - timedelta(days=3), url=f"/clients/{zed.pk}/")  # fmt: skip
    ReminderFactory(recipient=case_manager, client_id=amara.pk, subject="Amara (A-7)",
                    due_on=_today() + timedelta(days=1))  # fmt: skip
    ReminderFactory(recipient=case_manager, client_id=zed.pk, subject="Zed (A-8)",
                    kind="clients.unsigned_note", due_on=_today() + timedelta(days=2))  # fmt: skip
    client.force_login(case_manager)
    response = client.get(LIST)
    groups = response.context["groups"]
    # Zed's group first: it holds the most overdue reminder; both of Zed's kinds together.
    assert [subject for subject, _ in groups] == ["Zed (A-8)", "Amara (A-7)"]
    assert [row["label"] for row in groups[0][1]] == ["Check-in", "Unsigned note"]
    body = response.content.decode()
    assert f'href="/clients/{zed.pk}/"' in body and "Overdue" in body


def test_a_snoozed_reminder_is_hidden_until_its_day(client, case_manager):
    ReminderFactory(
        recipient=case_manager,
        state=ReminderState.SNOOZED,
        snoozed_until=_today() + timedelta(days=1),
    )
    ReminderFactory(
        recipient=case_manager, state=ReminderState.SNOOZED, snoozed_until=_today(), subject="Back"
    )
    client.force_login(case_manager)
    groups = client.get(LIST).context["groups"]
    assert [subject for subject, _ in groups] == ["Back"]


def test_the_list_costs_the_same_queries_for_3_or_60_reminders(
    client, case_manager, supervisor, django_assert_max_num_queries
):
    client.force_login(supervisor)
    for n in (3, 60):
        ReminderFactory.create_batch(n, recipient=supervisor)
        ReminderFactory.create_batch(n, recipient=case_manager, escalated=True)
        # session, user, page COUNT, page rows, memberships (access), escalations, badge
        # COUNT, session save (wrapped in a savepoint and its release under the test)
        with django_assert_max_num_queries(10):
            assert client.get(LIST).status_code == 200


def test_marking_done_closes_it_and_audits_without_clinical_text(client, case_manager):
    about = ClientFactory()
    reminder = ReminderFactory(recipient=case_manager, client_id=about.pk)
    client.force_login(case_manager)
    response = client.post(reverse("notifications:done", args=[reminder.pk]), {"next": LIST})
    assert response.status_code == 302 and response.url == LIST
    reminder.refresh_from_db()
    assert reminder.state == ReminderState.DONE and reminder.done_at is not None
    event = AuditEvent.objects.get(action="casework.reminder.done")
    assert event.client_id == about.pk and event.detail == {"kind": reminder.kind}


def test_done_ignores_an_outside_next_url(client, case_manager):
    reminder = ReminderFactory(recipient=case_manager)
    client.force_login(case_manager)
    response = client.post(
        reverse("notifications:done", args=[reminder.pk]), {"next": "https://evil.test/"}
    )
    assert response.url == LIST


def test_nobody_else_may_close_or_snooze_a_reminder(client, case_manager, supervisor, outsider):
    reminder = ReminderFactory(recipient=case_manager, escalated=True)
    for user in (supervisor, outsider):
        client.force_login(user)
        assert client.post(reverse("notifications:done", args=[reminder.pk])).status_code == 404
        url = reverse("notifications:snooze", args=[reminder.pk])
        assert client.post(url, {"until": "2099-01-01"}).status_code == 404
    reminder.refresh_from_db()
    assert reminder.state == ReminderState.OPEN


def test_snoozing_hides_it_until_the_chosen_day(client, case_manager):
    reminder = ReminderFactory(recipient=case_manager)
    client.force_login(case_manager)
    until = _today() + timedelta(days=3)
    response = client.post(
        reverse("notifications:snooze", args=[reminder.pk]), {"until": until.isoformat()}
    )
    assert response.status_code == 302
    reminder.refresh_from_db()
    assert (reminder.state, reminder.snoozed_until) == (ReminderState.SNOOZED, until)
    assert AuditEvent.objects.filter(action="casework.reminder.snoozed").count() == 1


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "This field is required."),
        ("not a date", "Enter a valid date."),
        ("today", "Choose a day after today."),
        ("far", "Snooze for at most 90 days."),
    ],
)
def test_a_bad_snooze_date_is_refused_at_the_field(client, case_manager, value, message):
    value = {
        "today": _today().isoformat(),
        "far": (_today() + timedelta(days=91)).isoformat(),
    }.get(value, value)
    reminder = ReminderFactory(recipient=case_manager)
    client.force_login(case_manager)
    response = client.post(reverse("notifications:snooze", args=[reminder.pk]), {"until": value})
    assert response.status_code == 200
    assert message in response.context["form"].errors["until"][0]
    reminder.refresh_from_db()
    assert reminder.state == ReminderState.OPEN


def test_a_closed_reminder_cannot_be_snoozed(client, case_manager):
    reminder = ReminderFactory(recipient=case_manager, state=ReminderState.RESOLVED)
    client.force_login(case_manager)
    until = (_today() + timedelta(days=2)).isoformat()
    response = client.post(reverse("notifications:snooze", args=[reminder.pk]), {"until": until})
    assert "already closed" in response.content.decode()
    reminder.refresh_from_db()
    assert reminder.state == ReminderState.RESOLVED


def test_the_supervisor_sees_escalations_of_their_teams_only(
    client, supervisor, case_manager, team_a, team_b
):
    ReminderFactory(recipient=case_manager, team_id=team_a.pk, escalated=True, subject="Ana (A-2)")
    ReminderFactory(recipient=case_manager, team_id=team_a.pk, escalated=False, subject="Not yet")
    ReminderFactory(recipient=UserFactory(), team_id=team_b.pk, escalated=True, subject="Bo (B-9)")
    client.force_login(supervisor)
    response = client.get(LIST)
    assert [r["reminder"].subject for r in response.context["escalations"]] == ["Ana (A-2)"]
    body = response.content.decode()
    assert "Casey Manager" in body and "Bo (B-9)" not in body
    assert 'text-bg-warning">1<' in body  # the escalation counts in the supervisor's badge


def test_a_case_manager_sees_no_escalation_section(client, case_manager):
    client.force_login(case_manager)
    response = client.get(LIST)
    assert response.context["escalations"] == []
    assert "Escalated to you" not in response.content.decode()


def test_a_person_can_turn_the_digest_off_and_on(client, case_manager):
    url = reverse("notifications:preferences")
    client.force_login(case_manager)
    assert client.post(url, {}).status_code == 200  # an empty POST changes nothing
    case_manager.refresh_from_db()
    assert case_manager.wants_digest is True
    assert client.post(url, {"wants_digest": "no"}).status_code == 302
    case_manager.refresh_from_db()
    assert case_manager.wants_digest is False
    client.post(url, {"wants_digest": "yes"})
    case_manager.refresh_from_db()
    assert case_manager.wants_digest is True
    assert AuditEvent.objects.filter(action="casework.user.digest_preference").count() == 2


def test_an_escalation_the_case_manager_marked_done_stays_with_the_supervisor(
    client, supervisor, case_manager, team_a
):
    ReminderFactory(
        recipient=case_manager, team_id=team_a.pk, escalated=True, state=ReminderState.DONE
    )
    ReminderFactory(
        recipient=case_manager, team_id=team_a.pk, escalated=True, state=ReminderState.RESOLVED
    )
    client.force_login(supervisor)
    response = client.get(LIST)
    assert len(response.context["escalations"]) == 1
    assert "marked done, no contact logged yet" in response.content.decode()
