"""Prepared statements (casework.prepared): the queryset's own SQL, built once per shape, run
with each call's values; the rows and instances are the queryset's."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from casework.models import EmergencyAccess, User
from casework.prepared import Prepared
from clients.models import Client
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db

_VIEWER, _NOW = -2_000_000_101, datetime(1901, 1, 2, tzinfo=UTC)
built: list[tuple] = []


def _scoped(shape, *, viewer_id: int, now: datetime):
    built.append(shape)
    clients = Client.objects.visible_to(User(pk=viewer_id, is_active=True), now=now)
    clients = clients.select_related("team", "team__program")
    return clients.order_by("family_name", "pk") if shape == "by name" else clients.order_by("pk")


SCOPED = Prepared(Client, _scoped, viewer_id=_VIEWER, now=_NOW)


def _orm(viewer, shape, now):
    return list(_scoped(shape, viewer_id=viewer.pk, now=now))


def test_it_answers_what_the_queryset_answers_for_each_viewer(
    case_manager, outsider, client_a, client_b
):
    ClientFactory(team=client_a.team, family_name="Aardvark")
    now = timezone.now()
    for viewer in (case_manager, outsider):
        for shape in ("by id", "by name"):
            got = SCOPED.objects(shape, viewer_id=viewer.pk, now=now)
            assert got == _orm(viewer, shape, now)
            assert [c.family_name for c in got] == [c.family_name for c in _orm(viewer, shape, now)]


def test_its_instances_carry_the_select_related_objects(case_manager, client_a):
    (found,) = SCOPED.objects("by id", viewer_id=case_manager.pk, now=timezone.now())
    with CaptureQueriesContext(connection) as queries:
        assert found.team == client_a.team
        assert found.team.program == client_a.team.program
    assert len(queries) == 0


def test_the_call_values_replace_the_stand_ins(outsider, client_a):
    """The emergency grant's expiry is read at the `now` the call gives."""
    expires = timezone.now() + timedelta(hours=1)
    EmergencyAccess.objects.create(
        user=outsider,
        client=client_a,
        team=client_a.team,
        agency=client_a.agency,
        reason="crisis line call",
        expires_at=expires,
    )
    before = SCOPED.objects("by id", viewer_id=outsider.pk, now=expires - timedelta(minutes=1))
    after = SCOPED.objects("by id", viewer_id=outsider.pk, now=expires + timedelta(minutes=1))
    assert before == [client_a]
    assert after == []


def test_each_shape_is_built_once(case_manager, client_a):
    # Built by the first call of this process, here or in an earlier test (twice: the build
    # checks itself against a second one), and never again.
    for shape in ("by id", "by name"):
        SCOPED.objects(shape, viewer_id=case_manager.pk, now=timezone.now())
    built.clear()
    for _ in range(3):
        SCOPED.objects("by id", viewer_id=case_manager.pk, now=timezone.now())
        SCOPED.rows("by name", viewer_id=case_manager.pk, now=timezone.now())
    assert built == []


def test_it_refuses_a_build_that_changes_a_slots_value(client_a):
    """A value derived from a slot would stay behind as a constant: refused when built."""
    changed = Prepared(
        Client, lambda _s, *, pk: Client.objects.filter(record_number=f"R-{pk}"), pk=-2_000_000_103
    )
    with pytest.raises(ValueError, match="slot's value, changed"):
        changed.rows(pk=client_a.pk)


def test_it_refuses_a_build_whose_sql_depends_on_a_slots_value(client_a):
    def build(_s, *, pk):
        clients = Client.objects.filter(pk=pk)
        return clients if pk % 2 else clients.filter(status="active")

    with pytest.raises(ValueError, match="depends on a slot's value"):
        Prepared(Client, build, pk=-2_000_000_105).rows(pk=client_a.pk)


def test_it_refuses_a_build_that_reads_a_value_of_its_own(client_a):
    """Such as the present time, which must be a slot instead."""
    own = Prepared(
        Client,
        lambda _s, *, pk: Client.objects.filter(pk=pk, created_at__lt=timezone.now()),
        pk=-2_000_000_107,
    )
    with pytest.raises(ValueError):
        own.rows(pk=client_a.pk)
