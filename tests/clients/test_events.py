"""Key events: stays with admission and discharge dates, other changes, edits under
optimistic locking, discharge recorded later, void with a reason; every change audited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from casework.models import AuditEvent
from clients.models import EventKind, KeyEvent
from clients.services import events as services
from clients.services.errors import ClientRecordError, StaleRecordError
from clients.services.events import EventInput
from tests.clock import when_run
from tests.factories import ClientFactory, KeyEventFactory

pytestmark = pytest.mark.django_db


def _days_ago(n):
    return timezone.localdate() - timedelta(days=n)


def _record(client_a, user, **fields):
    data = {"kind": EventKind.HOSPITAL, "started_on": _days_ago(10), **fields}
    return services.key_event_record(
        client_id=client_a.pk, data=EventInput(**data), recorded_by=user
    )


def test_the_kind_values_reminders_read_stay_stable():
    assert set(EventKind.values) == {
        "hospital",
        "medical_hospital",
        "crisis",
        "jail",
        "housing",
        "employment",
        "education",
        "other",
    }


def test_it_records_a_hospital_stay_and_audits(client_a, case_manager):
    event = _record(client_a, case_manager, ended_on=_days_ago(3), place="Bayview General")
    assert (event.started_on, event.ended_on, event.recorded_by) == (
        _days_ago(10),
        _days_ago(3),
        case_manager,
    )
    audit = AuditEvent.objects.get(action="clients.event.recorded")
    assert audit.client_id == client_a.pk and audit.detail == {"kind": "hospital"}


def test_a_discharge_on_the_day_of_admission_is_fine(client_a, case_manager):
    assert _record(client_a, case_manager, ended_on=_days_ago(10)).ended_on == _days_ago(10)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"ended_on": lambda: _days_ago(11)}, "ended_on"),
        ({"started_on": lambda: _days_ago(-1)}, "started_on"),
        ({"ended_on": lambda: _days_ago(-1)}, "ended_on"),
        ({"kind": EventKind.HOUSING, "ended_on": lambda: _days_ago(2)}, "ended_on"),
        ({"kind": "vacation"}, "kind"),
    ],
)
def test_it_refuses_impossible_dates_and_kinds(client_a, case_manager, fields, field):
    with pytest.raises(ClientRecordError) as error:
        _record(client_a, case_manager, **when_run(fields))
    assert error.value.field == field
    assert not KeyEvent.objects.exists()


def test_the_database_refuses_a_discharge_before_admission(client_a, case_manager):
    with pytest.raises(IntegrityError, match="key_event_ends_after_start"), transaction.atomic():
        KeyEvent.objects.create(
            client=client_a,
            kind=EventKind.JAIL,
            started_on=_days_ago(5),
            ended_on=_days_ago(6),
            recorded_by=case_manager,
        )


def test_the_form_shows_a_discharge_before_admission_at_the_field(client, case_manager, client_a):
    client.force_login(case_manager)
    response = client.post(
        reverse("clients:event_create", args=[client_a.pk]),
        {"kind": "hospital", "started_on": _days_ago(5), "ended_on": _days_ago(6)},
    )
    assert response.status_code == 200
    assert "on or after the admission" in " ".join(response.context["form"].errors["ended_on"])
    assert not KeyEvent.objects.exists()


def test_the_form_records_an_event(client, case_manager, client_a):
    client.force_login(case_manager)
    response = client.post(
        reverse("clients:event_create", args=[client_a.pk]),
        {
            "kind": "housing",
            "started_on": _days_ago(1),
            "description": "Moved to supported housing",
        },
    )
    assert response.status_code == 302
    assert KeyEvent.objects.get().kind == "housing"


def test_an_edit_bumps_the_version_and_a_stale_edit_is_refused(client_a, case_manager):
    event = KeyEventFactory(client=client_a)
    data = EventInput(kind=EventKind.JAIL, started_on=_days_ago(30), ended_on=_days_ago(20))
    services.key_event_update(
        client_id=client_a.pk, event_id=event.pk, data=data, version=1, changed_by=case_manager
    )
    with pytest.raises(StaleRecordError):
        services.key_event_update(
            client_id=client_a.pk, event_id=event.pk, data=data, version=1, changed_by=case_manager
        )
    event.refresh_from_db()
    assert (event.kind, event.version) == ("jail", 2)
    assert AuditEvent.objects.filter(action="clients.event.changed").count() == 1


def test_a_stale_edit_in_the_form_keeps_the_typed_text(client, case_manager, client_a):
    event = KeyEventFactory(client=client_a)
    KeyEvent.objects.filter(pk=event.pk).update(version=2)
    client.force_login(case_manager)
    response = client.post(
        reverse("clients:event_edit", args=[client_a.pk, event.pk]),
        {
            "kind": "hospital",
            "started_on": _days_ago(20),
            "ended_on": _days_ago(10),
            "description": "My careful correction",
            "version": 1,
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Someone else changed this event" in body and "My careful correction" in body
    event.refresh_from_db()
    assert event.description == ""


def test_a_discharge_is_recorded_later_on_an_open_stay(client, case_manager, client_a):
    stay = KeyEventFactory(client=client_a, started_on=_days_ago(4), ended_on=None)
    client.force_login(case_manager)
    url = reverse("clients:event_discharge", args=[client_a.pk, stay.pk])
    response = client.post(url, {"ended_on": _days_ago(5), "version": 1})
    assert "on or after the admission" in str(response.context["form"].errors)
    response = client.post(url, {"ended_on": _days_ago(1), "version": 1})
    assert response.status_code == 302
    stay.refresh_from_db()
    assert stay.ended_on == _days_ago(1) and stay.version == 2
    assert AuditEvent.objects.filter(action="clients.event.discharged").exists()


def test_a_discharge_is_refused_on_a_closed_stay_and_on_a_non_stay(client_a, case_manager):
    closed = KeyEventFactory(client=client_a)
    housing = KeyEventFactory(client=client_a, kind=EventKind.HOUSING, ended_on=None)
    for event in (closed, housing):
        with pytest.raises(ClientRecordError):
            services.key_event_discharge(
                client_id=client_a.pk,
                event_id=event.pk,
                ended_on=timezone.localdate(),
                version=1,
                recorded_by=case_manager,
            )


def test_void_needs_a_reason_hides_the_event_and_freezes_it(client, case_manager, client_a):
    event = KeyEventFactory(client=client_a, place="Entered In Error Hospital")
    client.force_login(case_manager)
    url = reverse("clients:event_void", args=[client_a.pk, event.pk])
    assert client.post(url, {"reason": " "}).context["form"].errors["reason"]
    client.post(url, {"reason": "Wrong client"})
    event.refresh_from_db()
    assert event.is_voided and event.void_reason == "Wrong client"
    timeline = client.get(reverse("clients:events", args=[client_a.pk])).content.decode()
    voided = client.get(reverse("clients:events", args=[client_a.pk]), {"voided": "1"})
    assert f'id="event-{event.pk}"' not in timeline
    assert "Entered In Error Hospital" in voided.content.decode()
    with pytest.raises(ClientRecordError):
        services.key_event_update(
            client_id=client_a.pk,
            event_id=event.pk,
            data=EventInput(kind="hospital", started_on=_days_ago(3)),
            version=event.version,
            changed_by=case_manager,
        )
    assert AuditEvent.objects.filter(action="clients.event.voided").exists()


def test_compliance_reads_but_cannot_record(client, compliance, client_a):
    KeyEventFactory(client=client_a, place="Seen Hospital")
    client.force_login(compliance)
    page = client.get(reverse("clients:events", args=[client_a.pk])).content.decode()
    assert "Seen Hospital" in page and "Record an event" not in page
    response = client.post(
        reverse("clients:event_create", args=[client_a.pk]),
        {"kind": "housing", "started_on": _days_ago(1)},
    )
    assert response.status_code == 403
    assert KeyEvent.objects.count() == 1


def test_another_team_gets_404(client, outsider, client_a):
    event = KeyEventFactory(client=client_a, place="Hidden Hospital")
    client.force_login(outsider)
    for url in (
        reverse("clients:events", args=[client_a.pk]),
        reverse("clients:events_panel", args=[client_a.pk]),
        reverse("clients:event_edit", args=[client_a.pk, event.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 404
        assert "Hidden Hospital" not in response.content.decode()


def test_an_event_is_not_reached_through_another_client(client, case_manager, client_a):
    other = KeyEventFactory(client=ClientFactory(team=client_a.team))
    client.force_login(case_manager)
    assert (
        client.get(reverse("clients:event_edit", args=[client_a.pk, other.pk])).status_code == 404
    )


def test_the_panel_shows_open_stays_and_links(client, case_manager, client_a):
    KeyEventFactory(client=client_a, ended_on=None, place="Still There Hospital")
    client.force_login(case_manager)
    body = client.get(reverse("clients:events_panel", args=[client_a.pk])).content.decode()
    assert "Still There Hospital" in body and "Still in" in body
    assert reverse("clients:events", args=[client_a.pk]) in body


@pytest.mark.parametrize("name", ["clients:events", "clients:events_panel"])
def test_the_event_pages_take_the_same_queries_for_many_events(
    client, case_manager, client_a, django_assert_max_num_queries, name
):
    client.force_login(case_manager)
    url = reverse(name, args=[client_a.pk])
    KeyEventFactory(client=client_a, recorded_by=case_manager)
    client.get(url)
    # session, user, client, audit insert, count (page only), events with recorder and voider
    # joined, memberships (access), the navigation's reminder count, session save
    # (savepoint, update, release).
    with django_assert_max_num_queries(11):
        client.get(url)
    KeyEventFactory.create_batch(30, client=client_a)
    with django_assert_max_num_queries(11):
        assert client.get(url).status_code == 200
