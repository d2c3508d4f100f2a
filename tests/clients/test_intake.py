"""Intake: one transaction creates the client and its first episode, status, enrolment and
primary case manager; editing details is guarded by the record's version."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from casework.models import AuditEvent, Role
from clients.models import Assignment, Client, Enrolment, Episode, Status, StatusChange
from clients.services import intake
from clients.services.errors import ClientRecordError, StaleRecordError
from tests.factories import ClientFactory, MembershipFactory, ServiceAreaFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _details(**overrides):
    details = {
        "given_name": "John",
        "family_name": "Smith",
        "preferred_name": "",
        "date_of_birth": date(1980, 5, 17),
        "pronouns": "he/him",
        "primary_language": "English",
        "needs_interpreter": False,
        "phone": "555-0101",
        "address": "1 Main St",
        "record_number": "A-100",
        "service_area": None,
        "risk_level": "moderate",
        "justice_involved": True,
        "co_occurring_substance_use": False,
        "homeless": False,
    }
    details.update(overrides)
    return details


def _create(user, team, **overrides):
    kwargs = {
        "created_by": user,
        "team": team,
        "program": team.program,
        "enrolled_on": TODAY() - timedelta(days=3),
        "primary": user,
        "status": Status.ACTIVE,
        "details": _details(),
        # The default client is justice-involved and nobody here has that training yet, so
        # the choice is against a matching rule (tests/clients/test_matching_rules.py).
        "primary_override_reason": "Covers until a trained colleague has room.",
    }
    kwargs.update(overrides)
    return intake.client_create(**kwargs)


def test_it_creates_the_client_with_episode_status_enrolment_and_primary(case_manager, team_a):
    client = _create(case_manager, team_a)

    assert client.status == Status.ACTIVE
    assert client.status_since == TODAY() - timedelta(days=3)
    assert client.program == team_a.program
    episode = Episode.objects.get(client=client)
    assert episode.number == 1 and episode.opened_on == client.status_since
    change = StatusChange.objects.get(client=client)
    assert (change.from_status, change.to_status, change.episode) == ("", Status.ACTIVE, episode)
    assert Enrolment.objects.get(client=client, ended_on__isnull=True).program == team_a.program
    primary = Assignment.objects.get(client=client)
    assert (primary.staff, primary.role, primary.ended_on) == (case_manager, "primary", None)


def test_it_sets_the_first_contact_due_from_the_program_standard(case_manager, team_a):
    client = _create(case_manager, team_a)
    client.refresh_from_db()
    days = team_a.program.contact_standard_days
    assert client.next_contact_due == TODAY() - timedelta(days=3) + timedelta(days=days)


def test_it_audits_the_creation_with_ids_only(case_manager, team_a):
    client = _create(case_manager, team_a)
    event = AuditEvent.objects.get(action="clients.client.created")
    assert event.client_id == client.pk and event.actor == case_manager
    assert "Smith" not in str(event.detail)


def test_it_refuses_a_record_number_used_anywhere_in_the_agency(case_manager, team_a, client_b):
    with pytest.raises(ClientRecordError) as refused:
        _create(case_manager, team_a, details=_details(record_number="b-1"))
    assert refused.value.field == "record_number"
    # The message names no client: the number may belong to another team.
    assert "Teambee" not in refused.value.message
    assert not Client.objects.filter(family_name="Smith").exists()


def test_a_failure_half_way_leaves_nothing_behind(case_manager, team_a, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("the contact dates could not be computed")

    monkeypatch.setattr(intake, "contact_dates_refresh", broken)
    with pytest.raises(RuntimeError):
        _create(case_manager, team_a)
    assert not Client.objects.exists()
    assert not Episode.objects.exists() and not Assignment.objects.exists()
    assert not StatusChange.objects.exists() and not Enrolment.objects.exists()


def test_it_refuses_a_primary_who_is_not_on_the_team(case_manager, team_a, outsider):
    with pytest.raises(ClientRecordError) as refused:
        _create(case_manager, team_a, primary=outsider)
    assert refused.value.field == "primary"
    assert not Client.objects.exists()


def test_it_refuses_a_compliance_reviewer_as_primary(case_manager, compliance, team_a):
    with pytest.raises(ClientRecordError):
        _create(case_manager, team_a, primary=compliance)


def test_it_refuses_a_team_the_user_cannot_write(case_manager, team_b, outsider):
    with pytest.raises(ClientRecordError) as refused:
        _create(case_manager, team_b, primary=outsider)
    assert refused.value.field == "team"


def test_it_refuses_a_compliance_reviewer_creating(compliance, case_manager, team_a):
    with pytest.raises(ClientRecordError):
        _create(compliance, team_a, primary=case_manager)


@pytest.mark.parametrize("status", [Status.ON_HOLD, Status.DISCHARGED])
def test_a_new_client_starts_referred_or_active_only(case_manager, team_a, status):
    with pytest.raises(ClientRecordError) as refused:
        _create(case_manager, team_a, status=status)
    assert refused.value.field == "status"


def test_it_refuses_a_service_area_of_another_agency(case_manager, team_a):
    elsewhere = ServiceAreaFactory()
    with pytest.raises(ClientRecordError) as refused:
        _create(case_manager, team_a, details=_details(service_area=elsewhere))
    assert refused.value.field == "service_area"


def test_it_refuses_a_start_date_or_birth_date_in_the_future(case_manager, team_a):
    with pytest.raises(ClientRecordError) as refused:
        _create(case_manager, team_a, enrolled_on=TODAY() + timedelta(days=1))
    assert refused.value.field == "enrolled_on"
    with pytest.raises(ClientRecordError) as refused:
        _create(case_manager, team_a, details=_details(date_of_birth=TODAY() + timedelta(days=1)))
    assert refused.value.field == "date_of_birth"


def test_minor_is_derived_from_the_date_of_birth(case_manager, team_a):
    child = _create(
        case_manager, team_a, details=_details(date_of_birth=TODAY() - timedelta(days=365 * 15))
    )
    assert child.is_minor
    assert not _create(case_manager, team_a, details=_details(record_number="A-101")).is_minor


def test_it_refuses_fields_that_are_not_client_details(case_manager, team_a):
    with pytest.raises(ValueError):
        _create(case_manager, team_a, details=_details(status="discharged"))


# --- Editing details --------------------------------------------------------------------


def test_it_saves_edited_details_and_moves_the_version_on(case_manager, client_a):
    details = _details(record_number="A-1", given_name="Amarah")
    intake.client_update_details(
        client_id=client_a.pk, version=client_a.version, details=details, changed_by=case_manager
    )
    client_a.refresh_from_db()
    assert client_a.given_name == "Amarah" and client_a.version == 2
    event = AuditEvent.objects.get(action="clients.client.updated")
    assert "given_name" in event.detail["fields"] and "Amarah" not in str(event.detail)


def test_a_stale_version_is_refused_and_the_other_save_stays(case_manager, supervisor, client_a):
    opened_at = client_a.version
    intake.client_update_details(
        client_id=client_a.pk,
        version=opened_at,
        details=_details(record_number="A-1", phone="555-0199"),
        changed_by=supervisor,
    )
    with pytest.raises(StaleRecordError):
        intake.client_update_details(
            client_id=client_a.pk,
            version=opened_at,
            details=_details(record_number="A-1", phone="555-0000"),
            changed_by=case_manager,
        )
    client_a.refresh_from_db()
    assert client_a.phone == "555-0199"


def test_editing_refuses_another_clients_record_number(case_manager, client_a, team_a):
    ClientFactory(team=team_a, record_number="A-2")
    with pytest.raises(ClientRecordError) as refused:
        intake.client_update_details(
            client_id=client_a.pk,
            version=client_a.version,
            details=_details(record_number="A-2"),
            changed_by=case_manager,
        )
    assert refused.value.field == "record_number"


def test_a_supervisor_of_the_team_may_be_primary(case_manager, supervisor, team_a):
    client = _create(case_manager, team_a, primary=supervisor)
    assert client.assignments.get().staff == supervisor


def test_an_inactive_staff_member_cannot_be_primary(case_manager, team_a):
    gone = MembershipFactory(team=team_a, role=Role.CASE_MANAGER, user=UserFactory(is_active=False))
    with pytest.raises(ClientRecordError):
        _create(case_manager, team_a, primary=gone.user)
