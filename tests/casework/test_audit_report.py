"""The compliance reviewer's audit report, its CSV export, and who opened a record."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.audit import audit_record
from casework.audit_chain import audit_link_pending
from casework.models import AuditEvent, AuditLink
from casework.security.services import csv_cell
from tests.db_owner import as_owner

pytestmark = pytest.mark.django_db


def _viewed(actor, client, *, days_ago=0):
    event = audit_record(
        action="clients.client.view",
        actor=actor,
        obj=client,
        client_id=client.pk,
        agency_id=client.agency_id,
    )
    if days_ago:
        # The trail is append-only; tests move an event back in time behind the triggers.
        with as_owner() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
            cursor.execute(
                "UPDATE casework_auditevent SET occurred_at = %s WHERE id = %s",
                [timezone.now() - timedelta(days=days_ago), event.pk],
            )
            cursor.execute("SET LOCAL session_replication_role = origin")
    return event


def _rows(response):
    body = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(body)))


def test_it_filters_by_staff_member_client_action_and_dates(
    client, compliance, case_manager, supervisor, client_a
):
    _viewed(case_manager, client_a)
    _viewed(supervisor, client_a)
    _viewed(case_manager, client_a, days_ago=40)
    audit_record(action="clients.visit.signed", actor=case_manager, client_id=client_a.pk)
    client.force_login(compliance)
    today = timezone.localdate()

    response = client.get(
        reverse("security:audit_report"),
        {
            "staff": case_manager.pk,
            "client": "a-1",
            "action": "clients.client.view",
            "date_from": (today - timedelta(days=7)).isoformat(),
            "date_to": today.isoformat(),
        },
    )
    events = list(response.context["page"])
    assert [(e.actor, e.action) for e in events] == [(case_manager, "clients.client.view")]
    body = response.content.decode()
    assert "Amara Teamay" in body and "A-1" in body


def test_a_case_manager_cannot_open_the_report(client, case_manager):
    client.force_login(case_manager)
    assert client.get(reverse("security:audit_report")).status_code == 403


def test_it_refuses_an_unknown_record_number_clearly(client, compliance, client_b):
    client.force_login(compliance)
    response = client.get(reverse("security:audit_report"), {"client": "B-1"})
    assert "No client you may see has that record number." in response.content.decode()
    assert response.context["page"] is None


def test_it_sorts_by_any_column(client, compliance, case_manager, supervisor, client_a):
    _viewed(supervisor, client_a)
    _viewed(case_manager, client_a)
    client.force_login(compliance)
    response = client.get(reverse("security:audit_report"), {"sort": "staff"})
    names = [e.actor.full_name for e in response.context["page"]]
    assert names == sorted(names)


def test_the_report_runs_in_a_constant_number_of_queries(
    client, compliance, case_manager, client_a, django_assert_max_num_queries
):
    for _ in range(60):
        _viewed(case_manager, client_a)
    client.force_login(compliance)
    # session, user, memberships (access), reminder count, staff choices, client by record
    # number, count, one page of events with actor and client labels (subqueries), + spare.
    with django_assert_max_num_queries(10):
        response = client.get(reverse("security:audit_report"), {"client": "A-1"})
    assert len(response.context["page"]) == 50


def test_the_export_is_csv_audited_and_neutralises_formulas(
    client, compliance, case_manager, client_a
):
    audit_record(action='=HYPERLINK("http://evil")', actor=case_manager, client_id=client_a.pk)
    _viewed(case_manager, client_a)
    audit_link_pending()  # as beat does every few seconds
    client.force_login(compliance)
    response = client.get(reverse("security:audit_export"), {"client": "A-1"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="audit-')
    rows = _rows(response)
    assert rows[0][0] == "event id"
    actions = [r[4] for r in rows[1:]]
    assert '\'=HYPERLINK("http://evil")' in actions
    assert all(not cell.startswith(("=", "+", "-", "@")) for r in rows for cell in r)
    assert {r[8] for r in rows[1:]} == {"A-1"}
    hashes = dict(AuditLink.objects.values_list("event_id", "hash"))
    # The chain's hash; the export's own event, written just now, is not linked yet.
    assert [r[-1] for r in rows[1:]] == [hashes.get(int(r[0]), "") for r in rows[1:]]
    assert sum(1 for r in rows[1:] if len(r[-1]) == 64) == len(rows) - 2
    exported = AuditEvent.objects.get(action="casework.audit.exported")
    assert exported.actor == compliance
    assert exported.client_id == client_a.pk


def test_exports_are_rate_limited(client, compliance, settings):
    settings.AUDIT_EXPORTS_PER_HOUR = 2
    client.force_login(compliance)
    url = reverse("security:audit_export")
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 429


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("plain", "plain"),
        (None, ""),
        (7, "7"),
    ],
)
def test_csv_cells_never_start_a_formula(value, cell):
    assert csv_cell(value) == cell


def test_a_supervisor_sees_who_opened_the_record_from_its_panel(
    client, supervisor, case_manager, outsider, client_a
):
    _viewed(case_manager, client_a)
    client.force_login(supervisor)
    panel = client.get(reverse("security:client_audit_panel", kwargs={"client_id": client_a.pk}))
    body = panel.content.decode()
    assert "Casey Manager" in body
    assert reverse("security:client_audit", kwargs={"client_id": client_a.pk}) in body


def test_a_case_manager_is_told_who_may_see_the_log(client, case_manager, client_a):
    _viewed(case_manager, client_a)
    client.force_login(case_manager)
    panel = client.get(reverse("security:client_audit_panel", kwargs={"client_id": client_a.pk}))
    assert "Casey Manager" not in panel.content.decode()
    assert "Supervisors and compliance reviewers" in panel.content.decode()


def test_compliance_answers_who_saw_the_record_last_month_in_one_page(
    client, compliance, case_manager, supervisor, client_a, django_assert_max_num_queries
):
    _viewed(case_manager, client_a, days_ago=20)
    _viewed(supervisor, client_a, days_ago=45)
    client.force_login(compliance)
    url = reverse("security:client_audit", kwargs={"client_id": client_a.pk})
    # session, user, client, memberships, the audit insert, count, reminder count, one page,
    # the people summary, and the session save (savepoint, update, release).
    with django_assert_max_num_queries(12):
        response = client.get(url)
    names = [e.actor.full_name for e in response.context["page"]]
    assert names == ["Casey Manager"]
    today = timezone.localdate()
    response = client.get(url, {"date_from": (today - timedelta(days=60)).isoformat()})
    assert [e.actor.full_name for e in response.context["page"]] == [
        "Casey Manager",
        "Sandra Supervisor",
    ]
    assert AuditEvent.objects.filter(
        action="casework.client_access_log.view", actor=compliance, client_id=client_a.pk
    ).exists()
