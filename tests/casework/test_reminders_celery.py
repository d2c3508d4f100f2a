"""Reminders through real Celery: a worker against the configured Redis runs a sweep end to
end; with the broker unreachable, saving a visit and the pages still work."""

from __future__ import annotations

import logging
import time
from contextlib import contextmanager
from datetime import timedelta

import kombu.pools
import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from casework.celery import app
from casework.models import Reminder
from casework.settings import _kombu_url
from casework.tasks import enqueue_on_commit, reminders_send_digests, reminders_sweep
from clients.models import Client, Mode, Place, Visit
from clients.reminders import CHECKIN
from clients.services.visits import VisitInput, visit_create
from tests.factories import AssignmentFactory, MembershipFactory

CLOSED_PORT = "redis://127.0.0.1:1/0"


@contextmanager
def _broker(url: str):
    """Publish for real (not eagerly) to `url`, with a fresh connection pool."""
    saved = (app.conf.broker_url, app.conf.task_always_eager)
    app.conf.broker_url, app.conf.task_always_eager = url, False
    _forget_connections()
    try:
        yield
    finally:
        _forget_connections()
        app.conf.broker_url, app.conf.task_always_eager = saved


def _forget_connections() -> None:
    """Drop pooled broker connections so the next publish connects to the current URL."""
    kombu.pools.reset()  # kombu keeps connection and producer pools per URL, globally
    app._pool = None
    app.amqp._producer_pool = None


def _wait_for(condition, seconds: float = 20.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_the_sweep_from_the_broker(client_a, case_manager):
    AssignmentFactory(client=client_a, staff=case_manager)
    Client.objects.filter(pk=client_a.pk).update(next_contact_due=timezone.localdate())
    with _broker(_kombu_url(settings.REDIS_URL)):
        with app.connection_for_write() as conn:
            conn.default_channel.queue_purge("celery")  # leftovers of an earlier run
        finished = []

        def count(sender, **_kwargs):
            finished.append(sender.name)

        task_postrun.connect(count)
        try:
            with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=20):
                reminders_sweep.delay()
                reminders_sweep.delay()  # a second, as from a second beat
                # Both sweeps have run to the end (the worker runs in this process).
                assert _wait_for(lambda: finished.count(reminders_sweep.name) == 2)
        finally:
            task_postrun.disconnect(count)
    assert Reminder.objects.filter(kind=CHECKIN, recipient=case_manager).count() == 1


@pytest.mark.django_db(transaction=True)
def test_with_the_broker_down_a_visit_is_still_saved(client_a, case_manager, caplog):
    data = VisitInput(
        contact_at=timezone.now() - timedelta(hours=1),
        duration_minutes=30,
        mode=Mode.PHONE,
        place=Place.REMOTE,
        note={"data": "Talked.", "assessment": "Well.", "plan": "Next week."},
    )
    started = time.monotonic()
    with _broker(CLOSED_PORT), caplog.at_level(logging.WARNING, logger="casework.tasks"):
        from django.db import transaction

        with transaction.atomic():
            visit = visit_create(client=client_a, author=case_manager, data=data)
            enqueue_on_commit(reminders_sweep)
    assert time.monotonic() - started < 10  # gave up quickly
    assert Visit.objects.filter(pk=visit.pk).exists()
    assert "Could not enqueue casework.tasks.reminders_sweep" in caplog.text


@pytest.mark.django_db
def test_with_the_broker_down_the_pages_still_work(client, case_manager, client_a):
    client.force_login(case_manager)
    with _broker(CLOSED_PORT):
        assert client.get(reverse("notifications:list")).status_code == 200
        assert client.get(reverse("dashboard")).status_code == 200
        assert client.get(reverse("clients:list")).status_code == 200


@pytest.mark.django_db
def test_nothing_is_enqueued_when_the_transaction_rolls_back(
    client_a, case_manager, django_capture_on_commit_callbacks
):
    from django.db import transaction

    with django_capture_on_commit_callbacks() as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            enqueue_on_commit(reminders_sweep)
            raise RuntimeError("rolled back")
    assert callbacks == []


def test_beat_runs_the_sweep_hourly_and_the_digest_daily():
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert schedule["reminders-sweep"]["task"] == reminders_sweep.name
    assert schedule["reminders-sweep"]["schedule"] == timedelta(hours=1)
    assert schedule["reminders-digest"]["task"] == reminders_send_digests.name
    assert schedule["reminders-digest"]["schedule"].hour == {settings.REMINDER_DIGEST_HOUR}
    assert reminders_sweep.acks_late is True


@pytest.mark.django_db
def test_the_sweep_task_reports_its_counts(client_a, team_a):
    supervisor = MembershipFactory(team=team_a, role="supervisor").user
    Client.objects.filter(pk=client_a.pk).update(next_contact_due=timezone.localdate())
    assert reminders_sweep.delay().get() == {"created": 1, "resolved": 0, "escalated": 0}
    assert Reminder.objects.get().recipient == supervisor  # no primary: the supervisor


@pytest.mark.django_db
def test_many_changes_ask_for_one_sweep_soon(django_capture_on_commit_callbacks, monkeypatch):
    import redis

    from casework import tasks

    redis.Redis.from_url(settings.REDIS_URL).delete(tasks._SWEEP_SOON_KEY)
    sent = []
    monkeypatch.setattr(tasks.reminders_sweep, "apply_async", lambda **kw: sent.append(kw))
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            tasks.reminders_sweep_soon()
    assert len(sent) == 1 and sent[0]["countdown"] == tasks.SWEEP_SOON_SECONDS
    redis.Redis.from_url(settings.REDIS_URL).delete(tasks._SWEEP_SOON_KEY)


@pytest.mark.django_db
def test_asking_for_a_sweep_with_redis_down_only_logs(
    settings, django_capture_on_commit_callbacks, caplog
):
    from casework import tasks

    settings.REDIS_URL = CLOSED_PORT
    with django_capture_on_commit_callbacks(execute=True):
        tasks.reminders_sweep_soon()
    assert "Could not ask for a reminder sweep" in caplog.text
