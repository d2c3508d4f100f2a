"""casework.session_store: Django's database sessions, read with a plain statement; what a
session holds, when it ends and what a stale key gets are Django's."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from casework.session_store import SessionStore

pytestmark = pytest.mark.django_db


def _saved(**data) -> str:
    store = SessionStore()
    store.update(data)
    store.save()
    return store.session_key


def test_it_is_the_session_engine():
    assert settings.SESSION_ENGINE == "casework.session_store"


def test_a_live_session_reads_back_in_one_statement():
    key = _saved(answer=42, name="x")
    store = SessionStore(key)
    with CaptureQueriesContext(connection) as queries:
        assert store["answer"] == 42 and store["name"] == "x"
    assert len(queries) == 1
    assert store.session_key == key


def test_an_expired_session_reads_empty_and_forgets_its_key():
    key = _saved(answer=42)
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - timedelta(1))
    store = SessionStore(key)
    assert "answer" not in store
    assert store.session_key is None


def test_an_unknown_key_reads_empty_and_is_never_adopted():
    store = SessionStore("x" * 32)
    assert dict(store.items()) == {}
    assert store.session_key is None
    store["answer"] = 1
    store.save()
    assert store.session_key != "x" * 32
    assert not Session.objects.filter(session_key="x" * 32).exists()


def test_a_deleted_session_reads_empty():
    key = _saved(answer=42)
    Session.objects.filter(session_key=key).delete()
    assert "answer" not in SessionStore(key)


def test_a_tampered_row_reads_empty():
    key = _saved(answer=42)
    Session.objects.filter(session_key=key).update(session_data="not-signed")
    assert "answer" not in SessionStore(key)
