"""The sweep: never a duplicate (reruns, two at once), resolution, escalation, isolation."""

from __future__ import annotations

import threading
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, connections, transaction
from django.utils import timezone

from casework import reminders
from casework.models import Reminder, ReminderState
from clients.models import Client
from clients.reminders import CHECKIN
from tests.factories import AssignmentFactory, ClientFactory

pytestmark = pytest.mark.django_db


def _overdue(client, days: int) -> None:
    Client.objects.filter(pk=client.pk).update(
        next_contact_due=timezone.localdate() - timedelta(days=days)
    )


@pytest.fixture
def due_client(client_a, case_manager):
    AssignmentFactory(client=client_a, staff=case_manager)
    _overdue(client_a, 1)
    return client_a


def test_a_rerun_creates_nothing_new(due_client):
    first = reminders.sweep()
    second = reminders.sweep()
    assert first.kinds[CHECKIN].created == 1
    assert second.created == 0 and second.resolved == 0
    assert Reminder.objects.count() == 1


def test_a_reminder_marked_done_stays_done_while_its_cause_lasts(due_client):
    reminders.sweep()
    Reminder.objects.update(state=ReminderState.DONE, done_at=timezone.now())
    reminders.sweep()
    assert list(Reminder.objects.values_list("state", flat=True)) == [ReminderState.DONE]


def test_a_new_due_date_is_a_new_reminder_and_the_old_one_resolves(due_client):
    reminders.sweep()
    _overdue(due_client, 0)
    reminders.sweep()
    states = dict(Reminder.objects.values_list("due_on", "state"))
    today = timezone.localdate()
    assert states == {
        today - timedelta(days=1): ReminderState.RESOLVED,
        today: ReminderState.OPEN,
    }


def test_a_snoozed_reminder_resolves_too_when_its_cause_goes(due_client):
    reminders.sweep()
    Reminder.objects.update(
        state=ReminderState.SNOOZED, snoozed_until=timezone.localdate() + timedelta(days=3)
    )
    Client.objects.filter(pk=due_client.pk).update(next_contact_due=None)
    reminders.sweep()
    assert Reminder.objects.get().state == ReminderState.RESOLVED


def test_an_overdue_check_in_is_escalated_after_the_set_number_of_days(settings, due_client):
    settings.REMINDER_ESCALATE_AFTER_DAYS = 3
    _overdue(due_client, 3)
    reminders.sweep()
    assert Reminder.objects.get().escalated is False
    _overdue(due_client, 4)
    result = reminders.sweep()
    assert result.kinds[CHECKIN].escalated == 1
    assert Reminder.objects.get(state=ReminderState.OPEN).escalated is True
    assert reminders.sweep().escalated == 0  # once


def test_a_failing_rule_does_not_stop_the_others(due_client, caplog):
    def broken(now):
        raise RuntimeError("boom")

    reminders.register(reminders.Rule("test.broken", "Broken", "x.y", broken, order=1))
    try:
        result = reminders.sweep()
    finally:
        reminders._rules.pop("test.broken")
    assert result.failed == ["test.broken"]
    assert result.kinds[CHECKIN].created == 1
    assert "test.broken failed" in caplog.text


def test_a_later_app_adds_a_kind_without_changing_the_engine(due_client, case_manager):
    def consent_expiring(now):
        yield reminders.Candidate(
            recipient_id=case_manager.pk,
            object_id=42,
            due_on=timezone.localdate(now) + timedelta(days=30),
            client_id=due_client.pk,
            team_id=due_client.team_id,
            subject="Amara (A-1)",
            title="Consent expires",
            url="/",
        )

    reminders.register(reminders.Rule("test.consent", "Consent", "x.consent", consent_expiring))
    try:
        reminders.sweep()
        assert reminders.label_for("test.consent") == "Consent"
    finally:
        reminders._rules.pop("test.consent")
    assert Reminder.objects.filter(kind="test.consent").count() == 1


def test_the_command_runs_a_sweep_and_reports_each_kind(due_client):
    out = StringIO()
    call_command("run_reminders", stdout=out)
    assert CHECKIN in out.getvalue() and "up to date" in out.getvalue()
    assert Reminder.objects.count() == 1
    call_command("run_reminders", "--kind", CHECKIN, stdout=out)
    assert Reminder.objects.count() == 1
    with pytest.raises(CommandError, match="Unknown kind"):
        call_command("run_reminders", "--kind", "nope", stdout=out)


def test_the_sweep_is_a_handful_of_queries_however_many_clients(
    team_a, case_manager, django_assert_max_num_queries
):
    clients = [ClientFactory(team=team_a) for _ in range(30)]
    for c in clients:
        AssignmentFactory(client=c, staff=case_manager)
    Client.objects.update(next_contact_due=timezone.localdate())
    # Per kind: candidates, count before, insert, count after, live keys (+ update, escalate);
    # every registered kind runs (other apps' kinds find nothing here, and cost less).
    with django_assert_max_num_queries(7 * len(reminders.rules()) + 6):
        reminders.sweep()
    assert Reminder.objects.count() == 30


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_create_no_duplicates(team_a, case_manager):
    for _ in range(40):
        AssignmentFactory(client=ClientFactory(team=team_a), staff=case_manager)
    Client.objects.update(next_contact_due=timezone.localdate() - timedelta(days=1))

    barrier = threading.Barrier(3)
    results, errors = [], []

    def run():
        try:
            barrier.wait()
            results.append(reminders.sweep())  # a rule's failure is caught and reported
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()  # this thread's own connection

    threads = [threading.Thread(target=run) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert [r.failed for r in results] == [[], [], []]
    assert sum(r.created for r in results) == 40
    assert Reminder.objects.count() == 40
    connection.close()


def test_a_check_in_marked_done_still_escalates_until_a_contact_is_logged(settings, due_client):
    _overdue(due_client, 4)
    settings.REMINDER_ESCALATE_AFTER_DAYS = 10
    reminders.sweep()
    Reminder.objects.update(state=ReminderState.DONE, done_at=timezone.now())
    settings.REMINDER_ESCALATE_AFTER_DAYS = 3  # as if six days went by
    reminders.sweep()
    done = Reminder.objects.get()
    assert (done.state, done.escalated) == (ReminderState.DONE, True)

    Client.objects.filter(pk=due_client.pk).update(next_contact_due=None)  # contact logged
    reminders.sweep()
    done.refresh_from_db()
    assert done.state == ReminderState.RESOLVED


def test_a_resolved_reminder_reopens_when_its_cause_comes_back_with_the_same_key(due_client):
    reminders.sweep()
    due_on = Client.objects.get(pk=due_client.pk).next_contact_due
    Client.objects.filter(pk=due_client.pk).update(next_contact_due=None)  # a contact...
    reminders.sweep()
    assert Reminder.objects.get().state == ReminderState.RESOLVED
    Client.objects.filter(pk=due_client.pk).update(next_contact_due=due_on)  # ...retracted
    result = reminders.sweep()
    assert result.kinds[CHECKIN].reopened == 1
    reminder = Reminder.objects.get()
    assert (reminder.state, reminder.resolved_at) == (ReminderState.OPEN, None)


def test_the_steady_state_sweep_writes_nothing(due_client, django_assert_max_num_queries):
    reminders.sweep()
    # Per kind: the rule's query, the unresolved reminders, the escalation update; the
    # savepoint pair of each kind's transaction.
    with django_assert_max_num_queries(5 * len(reminders.rules())):
        result = reminders.sweep()
    assert (result.created, result.resolved) == (0, 0)


def test_a_reminder_names_its_team_by_a_real_foreign_key(due_client):
    reminders.sweep()
    reminder = Reminder.objects.select_related("team").get()
    assert reminder.team == due_client.team  # the row, not a number to look up
    missing = reminder.team_id + 10_000
    with pytest.raises(IntegrityError), transaction.atomic():
        Reminder.objects.filter(pk=reminder.pk).update(team_id=missing)
        connection.check_constraints()  # the constraint is deferred to the commit
