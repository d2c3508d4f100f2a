from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone
from kombu import Connection

from casework.celery import app
from casework.settings import _kombu_url
from casework.tasks import clear_expired_sessions

pytestmark = pytest.mark.django_db


def test_it_clears_only_expired_sessions():
    for _ in range(2):
        SessionStore().create()
    Session.objects.filter(pk__in=Session.objects.values("pk")[:1]).update(
        expire_date=timezone.now() - timedelta(minutes=1)
    )
    assert clear_expired_sessions.delay().get() == 1
    assert Session.objects.count() == 1
    assert clear_expired_sessions() == 0  # a second run is harmless


def test_the_broker_is_the_configured_redis():
    assert app.conf.broker_url == _kombu_url(settings.REDIS_URL)
    with Connection(app.conf.broker_url, connect_timeout=3) as conn:
        conn.ensure_connection(max_retries=1)


def test_tasks_are_acknowledged_late_so_a_killed_worker_loses_nothing():
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.worker_prefetch_multiplier == 1


def test_a_unix_socket_becomes_kombus_spelling():
    assert _kombu_url("unix:///tmp/r.sock") == "redis+socket:///tmp/r.sock"
    assert _kombu_url("redis://h:6379/0") == "redis://h:6379/0"
