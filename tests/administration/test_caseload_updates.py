"""Clients already in Casework, matched by record number: a file that changes their own
details updates them, each change shown in the dry run by line and column first; an empty
cell changes nothing; their lines are checked like any other, so a bad one stops the whole
import; and a client changed since the check stops the import until it is checked again."""

from __future__ import annotations

import pytest
from django.urls import reverse

from administration.models import ImportState
from casework.models import AuditEvent
from clients.models import Client
from tests.administration.conftest import client_row
from tests.administration.test_caseload_import import _check, _problems

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(client, django_capture_on_commit_callbacks):
    """Ask for the import as the page does; the worker runs it once the request commits."""

    def post(batch):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("administration:import_run", kwargs={"pk": batch.pk}))

    return post


@pytest.fixture
def imported(client, agency_admin, case_manager, clients_file, run):
    run(_check(client, agency_admin, clients=clients_file([client_row(1), client_row(2)])))
    return {c.record_number: c for c in Client.objects.all()}


def test_changed_details_are_shown_by_line_then_updated_and_audited(
    client,
    agency_admin,
    clients_file,
    run,
    imported,
):
    rows = [
        client_row(1, phone="+1 510 555 0199", address="12 Elm St", team="Team A"),
        client_row(2),
    ]
    batch = _check(client, agency_admin, clients=clients_file(rows))
    assert batch.state == ImportState.CHECKED
    assert batch.report["updates"] == [
        {"line": 2, "record_number": "OLD-00001", "fields": ["address", "phone"]}
    ]
    page = client.get(reverse("administration:import_detail", kwargs={"pk": batch.pk}))
    body = page.content.decode()
    assert "that the import changes: 1" in body and "address, phone" in body
    assert "1 line already in Casework (same record number) and unchanged" in body
    assert Client.objects.get(record_number="OLD-00001").phone == "+1 510 555 0100"  # dry run
    run(batch)
    changed = Client.objects.get(record_number="OLD-00001")
    assert (changed.phone, changed.address) == ("+1 510 555 0199", "12 Elm St")
    assert changed.version == imported["OLD-00001"].version + 1
    assert changed.team_id == imported["OLD-00001"].team_id
    untouched = Client.objects.get(record_number="OLD-00002")
    assert untouched.version == imported["OLD-00002"].version
    event = AuditEvent.objects.get(action="clients.client.updated_by_import")
    assert event.client_id == changed.pk and event.actor == agency_admin
    assert event.detail["fields"] == ["address", "phone"] and event.detail["line"] == 2
    batch.refresh_from_db()
    assert batch.outcome["updated"] == 1


def test_an_empty_cell_leaves_the_clients_value(client, agency_admin, clients_file, imported):
    batch = _check(client, agency_admin, clients=clients_file([client_row(1, phone="")]))
    assert batch.report["updates"] == [] and batch.report["already"] == 1


def test_a_bad_line_of_a_client_already_in_casework_stops_everything(
    client, agency_admin, clients_file, imported
):
    rows = [client_row(1, date_of_birth="2999-01-01"), client_row(3)]
    batch = _check(client, agency_admin, clients=clients_file(rows))
    assert batch.state == ImportState.REFUSED
    assert _problems(batch) == [("clients file", 2, "date_of_birth")]


def test_a_client_changed_since_the_check_stops_the_import(
    client,
    agency_admin,
    clients_file,
    run,
    imported,
):
    batch = _check(client, agency_admin, clients=clients_file([client_row(1, phone="555-0111")]))
    assert batch.report["updates"][0]["fields"] == ["phone"]
    Client.objects.filter(record_number="OLD-00001").update(phone="555-0111")  # by staff
    run(batch)
    batch.refresh_from_db()
    assert batch.state == ImportState.CHECKED and "changed since the check" in batch.run_error
    assert batch.report["updates"] == []
    assert not AuditEvent.objects.filter(action="clients.client.updated_by_import").exists()
