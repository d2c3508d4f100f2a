"""The status, discharge, re-open and program pages, and the status panel."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.models import AuditEvent
from clients.models import AssignmentRole, Enrolment, Status
from tests.factories import AssignmentFactory, ClientFactory, EpisodeFactory, ProgramFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_client(team_a, case_manager):
    started = timezone.localdate() - timedelta(days=30)
    client = ClientFactory(
        team=team_a, status=Status.ACTIVE, status_since=started, given_name="Amara"
    )
    EpisodeFactory(client=client, number=1, opened_on=started)
    Enrolment.objects.create(client=client, program=team_a.program, started_on=started)
    AssignmentFactory(client=client, staff=case_manager, started_on=started)
    return client


def test_it_changes_the_status_and_says_so(client, case_manager, open_client):
    client.force_login(case_manager)
    response = client.post(
        reverse("clients:status_change", args=[open_client.pk]),
        {"to_status": "on_hold", "effective_on": timezone.localdate(), "reason": "In hospital"},
        follow=True,
    )
    assert "Status changed to On hold" in response.content.decode()
    open_client.refresh_from_db()
    assert open_client.status == Status.ON_HOLD


def test_the_status_form_offers_only_allowed_moves(client, case_manager, open_client):
    client.force_login(case_manager)
    form = client.get(reverse("clients:status_change", args=[open_client.pk])).context["form"]
    assert [value for value, _ in form.fields["to_status"].choices] == ["on_hold"]


def test_an_illegal_move_posted_anyway_is_a_field_error(client, case_manager, open_client):
    client.force_login(case_manager)
    response = client.post(
        reverse("clients:status_change", args=[open_client.pk]),
        {"to_status": "referred", "effective_on": timezone.localdate(), "reason": "x"},
    )
    assert response.status_code == 200
    assert "to_status" in response.context["form"].errors
    assert not open_client.status_changes.exists()


def test_a_date_before_the_status_began_is_shown_at_the_field(client, case_manager, open_client):
    client.force_login(case_manager)
    response = client.post(
        reverse("clients:status_change", args=[open_client.pk]),
        {
            "to_status": "on_hold",
            "effective_on": timezone.localdate() - timedelta(days=90),
            "reason": "x",
        },
    )
    assert "before the current status began" in response.context["form"].errors["effective_on"][0]


def test_the_discharge_page_needs_reason_and_summary(
    client, case_manager, open_client, django_assert_max_num_queries
):
    client.force_login(case_manager)
    url = reverse("clients:discharge", args=[open_client.pk])
    # session, user, client, memberships, audit insert, open reminders (navigation),
    # session save in a savepoint pair.
    with django_assert_max_num_queries(9):
        assert client.get(url).status_code == 200
    response = client.post(url, {"effective_on": timezone.localdate(), "reason": "", "summary": ""})
    assert {"reason", "summary"} <= set(response.context["form"].errors)
    open_client.refresh_from_db()
    assert open_client.status == Status.ACTIVE


def test_it_discharges_through_the_page(client, case_manager, open_client):
    client.force_login(case_manager)
    response = client.post(
        reverse("clients:discharge", args=[open_client.pk]),
        {"effective_on": timezone.localdate(), "reason": "moved", "summary": "Moved to Ohio."},
    )
    assert response.status_code == 302
    open_client.refresh_from_db()
    assert open_client.status == Status.DISCHARGED
    assert not open_client.assignments.filter(ended_on__isnull=True).exists()


def test_it_reopens_through_the_page(client, case_manager, open_client):
    client.force_login(case_manager)
    client.post(
        reverse("clients:discharge", args=[open_client.pk]),
        {"effective_on": timezone.localdate(), "reason": "moved", "summary": "Moved."},
    )
    response = client.post(
        reverse("clients:reopen", args=[open_client.pk]),
        {
            "effective_on": timezone.localdate(),
            "reason": "Came back",
            "program": open_client.team.program_id,
            "status": "active",
            "primary": case_manager.pk,
        },
    )
    assert response.status_code == 302
    open_client.refresh_from_db()
    assert open_client.status == Status.ACTIVE
    assert open_client.episodes.count() == 2


def test_the_reopen_page_explains_when_the_client_is_open(client, case_manager, open_client):
    client.force_login(case_manager)
    response = client.get(reverse("clients:reopen", args=[open_client.pk]))
    assert "only a discharged client is re-opened" in response.content.decode()


def test_it_changes_the_program_through_the_page(client, case_manager, open_client, agency):
    standard = ProgramFactory(agency=agency, name="Standard")
    client.force_login(case_manager)
    response = client.post(
        reverse("clients:enrolment_change", args=[open_client.pk]),
        {"program": standard.pk, "started_on": timezone.localdate(), "reason": "Step down"},
    )
    assert response.status_code == 302
    open_client.refresh_from_db()
    assert open_client.program == standard


def test_a_program_of_another_agency_is_not_a_choice(client, case_manager, open_client):
    foreign = ProgramFactory()
    client.force_login(case_manager)
    response = client.post(
        reverse("clients:enrolment_change", args=[open_client.pk]),
        {"program": foreign.pk, "started_on": timezone.localdate(), "reason": "x"},
    )
    assert "program" in response.context["form"].errors
    assert open_client.enrolments.count() == 1


@pytest.mark.parametrize(
    "name", ["clients:status_change", "clients:discharge", "clients:enrolment_change"]
)
def test_compliance_may_not_post_changes(client, compliance, open_client, name):
    client.force_login(compliance)
    response = client.post(
        reverse(name, args=[open_client.pk]),
        {
            "to_status": "on_hold",
            "effective_on": timezone.localdate(),
            "reason": "moved",
            "summary": "x",
        },
    )
    assert response.status_code == 403
    open_client.refresh_from_db()
    assert open_client.status == Status.ACTIVE


def test_another_team_gets_404_and_changes_nothing(client, outsider, open_client):
    client.force_login(outsider)
    response = client.post(
        reverse("clients:discharge", args=[open_client.pk]),
        {"effective_on": timezone.localdate(), "reason": "moved", "summary": "x"},
    )
    assert response.status_code == 404
    open_client.refresh_from_db()
    assert open_client.status == Status.ACTIVE


# --- The status panel -------------------------------------------------------------------


def test_the_panel_is_the_record_pages_first():
    from pages import record

    panel = record.PANELS[0]
    assert (panel.title, panel.url_name) == ("Status, program and staff", "clients:status_panel")


def test_the_panel_shows_status_episode_program_and_staff(
    client, case_manager, supervisor, open_client, django_assert_max_num_queries
):
    AssignmentFactory(client=open_client, staff=supervisor, role=AssignmentRole.SECONDARY)
    client.force_login(case_manager)
    url = reverse("clients:status_panel", args=[open_client.pk])
    # session, user, client, audit insert, current assignments (staff joined), latest
    # episode, open enrolment (program joined), recent status changes, memberships (access),
    # session save in a savepoint pair. A fragment has no navigation.
    with django_assert_max_num_queries(12):
        response = client.get(url, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body
    assert "Active" in body and case_manager.full_name in body and supervisor.full_name in body
    assert reverse("clients:discharge", args=[open_client.pk]) in body
    assert AuditEvent.objects.filter(action="clients.client.view").exists()


def test_the_panel_offers_no_forms_to_a_reader(client, compliance, open_client):
    client.force_login(compliance)
    body = client.get(reverse("clients:status_panel", args=[open_client.pk])).content.decode()
    assert reverse("clients:discharge", args=[open_client.pk]) not in body
    assert reverse("clients:status_change", args=[open_client.pk]) not in body


def test_the_panel_of_another_teams_client_is_404(client, outsider, open_client):
    client.force_login(outsider)
    assert client.get(reverse("clients:status_panel", args=[open_client.pk])).status_code == 404
