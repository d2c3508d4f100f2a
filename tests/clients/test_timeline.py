"""The record's timeline: what it merges, how entries read, cursor paging and its budget."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from clients.models import Mode, Status, StatusChange, Transfer
from clients.selectors.timeline import BadCursor, Key, timeline_for
from tests.factories import EpisodeFactory, KeyEventFactory, TeamFactory, VisitFactory

pytestmark = pytest.mark.django_db


def _at(days_ago: int, hour: int = 10) -> datetime:
    day = timezone.localdate() - timedelta(days=days_ago)
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def _day(days_ago: int):
    return timezone.localdate() - timedelta(days=days_ago)


def _status_change(client_obj, days_ago, to=Status.ACTIVE, reason="Engaged in services"):
    episode = client_obj.episodes.first() or EpisodeFactory(client=client_obj, number=1)
    return StatusChange.objects.create(
        client=client_obj,
        episode=episode,
        from_status=Status.REFERRED,
        to_status=to,
        effective_on=_day(days_ago),
        reason=reason,
    )


def _kinds(page) -> list[tuple[str, int]]:
    return [(e.kind, e.obj.pk) for e in page.entries]


def test_it_merges_visits_events_status_changes_and_transfers_newest_first(
    case_manager, client_a, team_a
):
    old_visit = VisitFactory(client=client_a, contact_at=_at(9))
    event = KeyEventFactory(client=client_a, started_on=_day(6), ended_on=_day(4))
    status = _status_change(client_a, 8)
    transfer = Transfer.objects.create(
        client=client_a,
        from_team=TeamFactory(agency=team_a.agency, name="Old team"),
        to_team=team_a,
        effective_on=_day(3),
        reason="Moved",
    )
    new_visit = VisitFactory(client=client_a, contact_at=_at(1))
    page = timeline_for(viewer=case_manager, client=client_a)
    assert _kinds(page) == [
        ("visit", new_visit.pk),
        ("transfer", transfer.pk),
        ("event", event.pk),
        ("status", status.pk),
        ("visit", old_visit.pk),
    ]
    assert page.next_cursor is None


def test_voided_events_and_other_clients_history_stay_out(case_manager, client_a, team_a):
    KeyEventFactory(client=client_a, voided_at=timezone.now(), void_reason="Wrong client")
    VisitFactory(client__team=team_a)
    assert timeline_for(viewer=case_manager, client=client_a).entries == []


def test_date_rows_stand_above_the_same_days_visits(case_manager, client_a):
    visit = VisitFactory(client=client_a, contact_at=_at(2, hour=23))
    event = KeyEventFactory(client=client_a, started_on=_day(2), ended_on=None)
    assert _kinds(timeline_for(viewer=case_manager, client=client_a)) == [
        ("event", event.pk),
        ("visit", visit.pk),
    ]


def test_paging_with_the_cursor_shows_every_entry_once_in_order(case_manager, client_a):
    # Ties on purpose: several rows on the same days and at the same instant.
    same_moment = _at(5)
    for n in range(7):
        VisitFactory(client=client_a, contact_at=same_moment if n < 3 else _at(n))
        KeyEventFactory(client=client_a, started_on=_day(n % 3), ended_on=None)
        _status_change(client_a, n % 4)
    full = timeline_for(viewer=case_manager, client=client_a, size=100).entries
    seen, cursor = [], ""
    while True:
        page = timeline_for(viewer=case_manager, client=client_a, cursor=cursor, size=4)
        seen.extend(page.entries)
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert [(e.kind, e.obj.pk) for e in seen] == [(e.kind, e.obj.pk) for e in full]
    assert len(full) == 21
    assert [e.key for e in full] == sorted((e.key for e in full), reverse=True)


def test_a_malformed_cursor_is_refused(case_manager, client_a, client):
    with pytest.raises(BadCursor):
        timeline_for(viewer=case_manager, client=client_a, cursor="yesterday")
    with pytest.raises(BadCursor):
        Key.decode("2026-01-01T00:00:00|0|1")  # no time zone
    client.force_login(case_manager)
    url = reverse("clients:timeline", args=[client_a.pk])
    assert client.get(url, {"before": "nonsense"}).status_code == 400


def test_visits_show_mode_author_state_and_the_notes_first_line(client, case_manager, client_a):
    now = timezone.now()
    VisitFactory(
        client=client_a,
        author=case_manager,
        contact_at=_at(1),
        note={"data": "\nSaw her at the shelter.\nMore detail.", "plan": "Call"},
    )
    VisitFactory(client=client_a, contact_at=_at(2), signed_at=now)
    VisitFactory(client=client_a, contact_at=_at(3), signed_at=now, is_late_entry=True)
    VisitFactory(client=client_a, contact_at=_at(4), signed_at=now, retracted_at=now)
    VisitFactory(client=client_a, contact_at=_at(5), mode=Mode.ATTEMPTED, note={})
    client.force_login(case_manager)
    body = client.get(reverse("clients:detail", args=[client_a.pk])).content.decode()
    assert "Saw her at the shelter." in body and "More detail." not in body
    assert "Casey Manager" in body and "Face to face" in body and "45 min" in body
    for badge in ("Draft", "Signed", "LATE ENTRY", "Entered in error"):
        assert badge in body, badge
    # An attempt reads differently from a completed contact.
    assert "timeline-attempt" in body
    assert "Attempt · not a completed contact" in body
    assert body.count("timeline-attempt") == 1


def test_a_compliance_reviewer_sees_the_entries_without_note_previews(client, compliance, client_a):
    VisitFactory(client=client_a, note={"data": "Private words.", "plan": "x"})
    client.force_login(compliance)
    body = client.get(reverse("clients:detail", args=[client_a.pk])).content.decode()
    assert "Face to face" in body
    assert "Private words." not in body


def test_load_more_answers_htmx_with_rows_and_no_js_with_a_page(client, case_manager, client_a):
    for n in range(25):
        VisitFactory(client=client_a, contact_at=_at(n + 1))
    client.force_login(case_manager)
    first = client.get(reverse("clients:detail", args=[client_a.pk]))
    cursor = first.context["timeline"].next_cursor
    assert cursor
    url = reverse("clients:timeline", args=[client_a.pk])
    assert 'hx-target="closest li" hx-swap="outerHTML">Load more' in first.content.decode()
    rows = client.get(url, {"before": cursor}, HTTP_HX_REQUEST="true")
    assert "<html" not in rows.content.decode()
    assert len(rows.context["timeline"].entries) == 5
    assert rows.context["timeline"].next_cursor is None
    page = client.get(url, {"before": cursor})
    assert "<html" in page.content.decode() and "Earlier timeline" in page.content.decode()


def test_reading_more_of_the_timeline_is_audited(client, case_manager, client_a):
    from casework.models import AuditEvent

    client.force_login(case_manager)
    client.get(reverse("clients:timeline", args=[client_a.pk]))
    assert AuditEvent.objects.filter(
        action="clients.client.timeline.view", client_id=client_a.pk
    ).exists()


@pytest.mark.parametrize("history", [5, 60])
def test_a_timeline_page_costs_the_same_queries_whatever_the_history(
    client, case_manager, client_a, history, django_assert_max_num_queries
):
    for n in range(history):
        VisitFactory(client=client_a, contact_at=_at(n + 1))
        KeyEventFactory(client=client_a, started_on=_day(n), ended_on=None)
        _status_change(client_a, n)
    client.force_login(case_manager)
    url = reverse("clients:timeline", args=[client_a.pk])
    # session, user, client (scoped), memberships (access policy: note previews), visits,
    # key events, status changes, transfers, audit insert, session save (update) in a
    # savepoint pair.
    with django_assert_max_num_queries(12):
        response = client.get(url, HTTP_HX_REQUEST="true")
    assert len(response.context["timeline"].entries) == min(3 * history, 20)
