"""The caseload import, end to end through its pages: a check that writes no client, then one
transaction; next contacts due right from day one; the same files again change nothing;
possible duplicates wait for a decision; every client audited with its file and line; and
the agency admin who imported them cannot read them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from administration.models import CaseloadImport, ImportState
from casework.audit_chain import audit_chain_verify
from casework.models import AuditEvent, Role
from clients.models import (
    Assignment,
    AssignmentRole,
    Client,
    ConsentRelease,
    Enrolment,
    Episode,
    RecipientKind,
    RelatedPerson,
    StatusChange,
)
from tests.administration.conftest import client_row, csv_bytes
from tests.factories import ClientFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def _ago(days: int) -> date:
    return timezone.localdate() - timedelta(days=days)


def _files(clients: bytes, people: bytes | None = None, releases: bytes | None = None):
    files = {"clients": SimpleUploadedFile("caseload.csv", clients, "text/csv")}
    if people is not None:
        files["people"] = SimpleUploadedFile("people.csv", people, "text/csv")
    if releases is not None:
        files["releases"] = SimpleUploadedFile("releases.csv", releases, "text/csv")
    return files


def _check(client, admin, **files) -> CaseloadImport:
    client.force_login(admin)
    response = client.post(reverse("administration:import"), _files(**files))
    assert response.status_code == 302, response.content.decode()[:2000]
    return CaseloadImport.objects.latest("pk")


@pytest.fixture
def run(client, django_capture_on_commit_callbacks):
    """Ask for the import as the page does; the worker runs it once the request commits
    (Celery runs eagerly under test)."""

    def post(batch, **decisions):
        data = {f"line_{line}": choice for line, choice in decisions.items()}
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("administration:import_run", kwargs={"pk": batch.pk}), data)

    return post


def test_the_check_writes_nothing_and_the_import_writes_everything(
    client, agency_admin, case_manager, team_a, clients_file, run
):
    rows = [
        client_row(1, last_contact_on=_ago(3).isoformat()),
        client_row(2, enrolled_on=_ago(10).isoformat()),
        client_row(3, status="on hold", risk_level="high", last_contact_on=_ago(40).isoformat()),
    ]
    batch = _check(client, agency_admin, clients=clients_file(rows))
    assert batch.state == ImportState.CHECKED
    assert not Client.objects.exists()
    page = client.get(reverse("administration:import_detail", kwargs={"pk": batch.pk}))
    assert "3 clients" in page.content.decode()

    response = run(batch)
    assert response.status_code == 302
    imported = {c.record_number: c for c in Client.objects.all()}
    assert set(imported) == {"OLD-00001", "OLD-00002", "OLD-00003"}
    standard = team_a.program.contact_standard_days
    # Due the program's standard after the last contact, or after enrolment with none.
    assert imported["OLD-00001"].next_contact_due == _ago(3) + timedelta(days=standard)
    assert imported["OLD-00001"].last_contact_on == _ago(3)
    assert imported["OLD-00002"].next_contact_due == _ago(10) + timedelta(days=standard)
    assert imported["OLD-00003"].status == "on_hold"
    assert imported["OLD-00003"].risk_level == "high"
    enrolled = {
        "OLD-00001": date(2025, 1, 15),
        "OLD-00002": _ago(10),
        "OLD-00003": date(2025, 1, 15),
    }
    for number, record in imported.items():
        assert Assignment.objects.get(client=record).staff == case_manager
        assert Episode.objects.get(client=record).opened_on == enrolled[number]
        assert Enrolment.objects.get(client=record).started_on == enrolled[number]
        assert Enrolment.objects.get(client=record).program == team_a.program
        assert StatusChange.objects.get(client=record).to_status == record.status
    batch.refresh_from_db()
    assert batch.state == ImportState.IMPORTED and batch.tables == {}
    assert batch.outcome["clients"] == 3


def test_each_case_manager_sees_their_imported_caseload_with_its_due_dates(
    client, agency_admin, case_manager, team_a, clients_file, run
):
    other = MembershipFactory(team=team_a, role=Role.CASE_MANAGER, user__email="cm2@example.test")
    rows = [
        client_row(1, last_contact_on=_ago(2).isoformat()),
        client_row(2, case_manager="CM2@example.test", last_contact_on=_ago(9).isoformat()),
    ]
    run(_check(client, agency_admin, clients=clients_file(rows)))
    client.force_login(case_manager)
    page = client.get(reverse("clients:caseload"))
    assert [c.record_number for c in page.context["page"]] == ["OLD-00001"]
    client.force_login(other.user)
    (mine,) = client.get(reverse("clients:caseload")).context["page"]
    assert mine.record_number == "OLD-00002"
    assert mine.next_contact_due == _ago(9) + timedelta(days=7)  # overdue by two days


def test_the_agency_admin_who_imported_them_cannot_read_them(
    client, agency_admin, case_manager, clients_file, run
):
    run(_check(client, agency_admin, clients=clients_file([client_row(1)])))
    imported = Client.objects.get()
    assert client.get(reverse("clients:detail", kwargs={"pk": imported.pk})).status_code == 404
    assert (
        client.get(reverse("clients:list"), {"q": "Family1"}).context["page"].paginator.count == 0
    )
    outcome = client.get(reverse("administration:import_detail", kwargs={"pk": 1}))
    assert "Family1" not in outcome.content.decode()


def test_every_imported_client_is_audited_with_its_file_and_line(
    client, agency_admin, case_manager, clients_file, run
):
    batch = _check(client, agency_admin, clients=clients_file([client_row(1), client_row(2)]))
    run(batch)
    events = AuditEvent.objects.filter(action="clients.client.imported").order_by("pk")
    assert [(e.client_id, e.detail["line"]) for e in events] == [
        (Client.objects.get(record_number="OLD-00001").pk, 2),
        (Client.objects.get(record_number="OLD-00002").pk, 3),
    ]
    assert {e.detail["file"] for e in events} == {"caseload.csv"}
    assert {e.detail["sha256"] for e in events} == {batch.clients_sha256}
    assert all(e.actor == agency_admin for e in events)
    assert audit_chain_verify().intact  # the bulk insert chains each row like a single one


def test_importing_the_same_files_again_changes_nothing(
    client, agency_admin, case_manager, clients_file, run
):
    data = clients_file([client_row(1), client_row(2)])
    run(_check(client, agency_admin, clients=data))
    before = list(Client.objects.order_by("pk").values())
    again = _check(client, agency_admin, clients=data)
    assert again.report["clients"] == 0 and again.report["already"] == 2
    run(again)
    assert list(Client.objects.order_by("pk").values()) == before
    assert Assignment.objects.count() == 2


def test_a_record_number_already_used_is_matched_without_case(
    client, agency_admin, case_manager, team_a, clients_file
):
    ClientFactory(team=team_a, record_number="old-00001")
    batch = _check(client, agency_admin, clients=clients_file([client_row(1), client_row(2)]))
    assert (batch.report["clients"], batch.report["already"]) == (1, 1)


def test_a_possible_duplicate_waits_for_a_decision_and_is_never_merged(
    client, agency_admin, case_manager, team_a, clients_file, run
):
    existing = ClientFactory(
        team=team_a, given_name="Maria", family_name="Lopez", date_of_birth=date(1984, 3, 2)
    )
    rows = [
        client_row(1, given_name="María", family_name="Lopes", date_of_birth="1984-03-02"),
        client_row(2, given_name="Mario", family_name="Lopez", date_of_birth="1991-07-07"),
    ]
    batch = _check(client, agency_admin, clients=clients_file(rows))
    assert [d["line"] for d in batch.report["duplicates"]] == [2]
    page = client.get(reverse("administration:import_detail", kwargs={"pk": batch.pk}))
    text = page.content.decode()
    assert f"record {existing.record_number} (Team A)" in text
    assert existing.given_name not in text.replace("María", "")  # the record's own name: no
    shown = AuditEvent.objects.get(action="clients.client.duplicates_shown")
    assert shown.detail["client_ids"] == [existing.pk]

    run(batch)  # no decision
    assert Client.objects.count() == 1
    run(batch, **{"2": "skip"})
    assert set(Client.objects.values_list("record_number", flat=True)) == {
        existing.record_number,
        "OLD-00002",
    }


def test_a_possible_duplicate_may_be_imported_as_a_new_client(
    client, agency_admin, case_manager, team_a, clients_file, run
):
    ClientFactory(
        team=team_a, given_name="Maria", family_name="Lopez", date_of_birth=date(1984, 3, 2)
    )
    row = client_row(1, given_name="Maria", family_name="Lopez", date_of_birth="1984-03-02")
    batch = _check(client, agency_admin, clients=clients_file([row]))
    run(batch, **{"2": "new"})
    assert Client.objects.filter(family_name="Lopez").count() == 2


def test_people_and_releases_come_with_their_clients(
    client, agency_admin, case_manager, clients_file, run
):
    people = csv_bytes(
        [
            {
                "record_number": "OLD-00001",
                "full_name": "Rosa Lopez",
                "role": "family",
                "relationship": "mother",
                "emergency_contact": "yes",
            },
        ]
    )
    releases = csv_bytes(
        [
            {
                "record_number": "OLD-00001",
                "recipient_kind": "related_person",
                "recipient_name": "rosa lopez",
                "categories": "general; mental_health",
                "purpose": "Family support",
                "effective_on": "2025-06-01",
                "expires_on": "2026-06-01",
                "signed_on": "2025-06-01",
                "signature_method": "wet",
                "statements_given": "yes",
            },
            {
                "record_number": "OLD-00001",
                "recipient_kind": "organization",
                "recipient_name": "Alameda Housing",
                "categories": "general",
                "purpose": "Housing application",
                "effective_on": "2025-06-01",
                "expiry_event": "Housing placed",
            },
        ]
    )
    batch = _check(
        client,
        agency_admin,
        clients=clients_file([client_row(1)]),
        people=people,
        releases=releases,
    )
    assert (batch.report["people"], batch.report["releases"]) == (1, 2)
    run(batch)
    mother = RelatedPerson.objects.get()
    assert (mother.kind, mother.is_emergency_contact) == ("family", True)
    to_mother = ConsentRelease.objects.get(recipient_kind=RecipientKind.RELATED_PERSON)
    assert to_mother.related_person == mother and to_mother.is_active_on(date(2025, 12, 1))
    housing = ConsentRelease.objects.get(recipient_kind=RecipientKind.ORGANIZATION)
    assert housing.signed_on is None and housing.expiry_event == "Housing placed"
    assert AuditEvent.objects.filter(action="clients.consent.imported").count() == 2


def _problems(batch):
    return [
        (file.split(" (")[0], line, column) for file, line, column, _ in batch.report["problems"]
    ]


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"case_manager": "nobody@example.test"}, (3, "case_manager_email")),
        ({"date_of_birth": "2099-01-01"}, (3, "date_of_birth")),
        ({"program": "Program Nowhere"}, (3, "program")),
        ({"record_number": "OLD-00001"}, (3, "record_number")),  # as on line 2
        ({"given_name": '=HYPERLINK("http://x")'}, (3, "given_name")),
        ({"team": "Team B"}, (3, "case_manager_email")),  # the case manager is not in it
        ({"enrolled_on": "15/01/2025"}, (3, "enrolled_on")),
        ({"status": "discharged"}, (3, "status")),
    ],
)
def test_bad_input_is_named_with_its_line_and_nothing_is_imported(
    client, agency_admin, case_manager, team_b, clients_file, change, problem, run
):
    rows = [client_row(1), client_row(2, **change), client_row(3)]
    batch = _check(client, agency_admin, clients=clients_file(rows))
    assert batch.state == ImportState.REFUSED
    assert _problems(batch) == [("clients file", *problem)]
    page = client.get(reverse("administration:import_detail", kwargs={"pk": batch.pk}))
    assert "Nothing can be imported" in page.content.decode()
    run(batch)
    assert not Client.objects.exists()


def test_wrong_columns_are_named_before_any_line(client, agency_admin, clients_file):
    rows = [{**client_row(1), "surname": "x"}]
    batch = _check(
        client,
        agency_admin,
        clients=clients_file(rows, [c for c in rows[0] if c != "family_name"]),
    )
    assert _problems(batch) == [
        ("clients file", 1, "family_name"),
        ("clients file", 1, "surname"),
    ]


def test_a_release_line_for_a_client_not_in_the_file_is_refused(
    client, agency_admin, case_manager, clients_file
):
    releases = csv_bytes(
        [
            {
                "record_number": "ELSEWHERE",
                "recipient_kind": "person",
                "recipient_name": "X",
                "categories": "general",
                "purpose": "p",
                "effective_on": "2025-01-01",
                "expires_on": "2026-01-01",
                "signed_on": "2025-01-01",
                "signature_method": "wet",
            }
        ]
    )
    batch = _check(client, agency_admin, clients=clients_file([client_row(1)]), releases=releases)
    assert _problems(batch) == [("releases file", 2, "record_number")]


def test_a_signed_release_needs_the_statements_at_their_column(
    client, agency_admin, case_manager, clients_file
):
    releases = csv_bytes(
        [
            {
                "record_number": "OLD-00001",
                "recipient_kind": "person",
                "recipient_name": "X",
                "categories": "general",
                "purpose": "p",
                "effective_on": "2025-01-01",
                "expires_on": "2026-01-01",
                "signed_on": "2025-01-01",
                "signature_method": "wet",
                "statements_given": "no",
            }
        ]
    )
    batch = _check(client, agency_admin, clients=clients_file([client_row(1)]), releases=releases)
    assert _problems(batch) == [("releases file", 2, "statements_given")]


def test_a_twenty_megabyte_file_is_refused_before_it_is_read(client, agency_admin):
    client.force_login(agency_admin)
    big = b"record_number\n" + b"x" * (20 * 2**20)
    response = client.post(reverse("administration:import"), _files(clients=big))
    assert response.status_code == 200
    assert "larger than 10 MB" in str(response.context["form"].errors["clients"])
    assert not CaseloadImport.objects.exists()


def test_what_changed_since_the_check_stops_the_import(
    client, agency_admin, case_manager, clients_file, run
):
    batch = _check(client, agency_admin, clients=clients_file([client_row(1)]))
    case_manager.is_active = False
    case_manager.save(update_fields=["is_active"])
    response = run(batch)
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.state == ImportState.REFUSED
    assert _problems(batch) == [("clients file", 2, "case_manager_email")]
    assert not Client.objects.exists()


def test_the_import_costs_the_same_queries_for_ten_clients_as_for_two_hundred(
    agency_admin, case_manager, team_a, clients_file
):
    from administration.services.caseload import (
        Upload,
        caseload_import_queue,
        caseload_import_run,
        caseload_upload,
    )

    counts = []
    for start, size in ((0, 10), (1000, 200)):
        rows = [
            client_row(start + n, last_contact_on=_ago(n % 20).isoformat()) for n in range(size)
        ]
        batch = caseload_upload(
            agency=team_a.agency,
            uploaded_by=agency_admin,
            files={"clients": Upload("c.csv", clients_file(rows))},
        )
        caseload_import_queue(
            agency=team_a.agency, import_id=batch.pk, decisions={}, queued_by=agency_admin
        )
        with CaptureQueriesContext(connection) as queries:
            caseload_import_run(agency=team_a.agency, import_id=batch.pk)
        counts.append(len(queries))
    assert Client.objects.count() == 210
    # Per batch of up to 1,000 clients: one INSERT per table, the contact dates read and
    # written, the audit events; plus the check's fixed lookups.
    assert counts[0] == counts[1]
    assert counts[1] <= 40


def test_secondary_assignments_are_not_made_by_the_import(
    client, agency_admin, case_manager, clients_file, run
):
    run(_check(client, agency_admin, clients=clients_file([client_row(1)])))
    assert Assignment.objects.get().role == AssignmentRole.PRIMARY


def test_the_import_gives_the_dates_the_refresh_would(
    client, agency_admin, case_manager, clients_file, run
):
    from clients.services.contact_dates import contact_dates_refresh

    rows = [
        client_row(1, last_contact_on=_ago(4).isoformat()),
        client_row(2),
        client_row(3, status="referred", last_contact_on=_ago(1).isoformat()),
    ]
    run(_check(client, agency_admin, clients=clients_file(rows)))
    written = list(Client.objects.order_by("pk").values_list("last_contact_on", "next_contact_due"))
    contact_dates_refresh(client_ids=Client.objects.values_list("pk", flat=True))
    assert (
        list(Client.objects.order_by("pk").values_list("last_contact_on", "next_contact_due"))
        == written
    )


def test_an_import_waits_for_a_worker_and_runs_once(
    client, agency_admin, case_manager, clients_file, clock
):
    from administration.tasks import run_caseload_import

    batch = _check(client, agency_admin, clients=clients_file([client_row(1)]))
    # Asked for, but the worker has not taken it yet (nothing runs after the commit here).
    client.post(reverse("administration:import_run", kwargs={"pk": batch.pk}))
    page = client.get(reverse("administration:import_detail", kwargs={"pk": batch.pk}))
    text = page.content.decode()
    assert "Importing…" in text and 'http-equiv="refresh"' in text
    assert "Hand it to a worker again" not in text
    clock.advance(minutes=6)
    page = client.get(reverse("administration:import_detail", kwargs={"pk": batch.pk}))
    assert "Hand it to a worker again" in page.content.decode()
    run_caseload_import(batch.pk)
    run_caseload_import(batch.pk)  # a retried task: nothing more
    assert Client.objects.count() == 1
    batch.refresh_from_db()
    assert batch.state == ImportState.IMPORTED and batch.run_by == agency_admin
