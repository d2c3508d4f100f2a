"""The status lifecycle: allowed moves, dates, discharge, re-opening and program changes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from casework.models import AuditEvent
from clients.models import (
    Assignment,
    AssignmentRole,
    Enrolment,
    Episode,
    Status,
    StatusChange,
)
from clients.services import lifecycle
from clients.services.errors import ClientRecordError
from tests.factories import (
    AssignmentFactory,
    ClientFactory,
    EpisodeFactory,
    ProgramFactory,
    VisitFactory,
)

pytestmark = pytest.mark.django_db


def _today():
    return timezone.localdate()


@pytest.fixture
def open_client(team_a, case_manager, supervisor):
    """An active client of team A since 30 days, with episode 1, an enrolment, a primary and
    a secondary."""
    started = _today() - timedelta(days=30)
    client = ClientFactory(team=team_a, status=Status.ACTIVE, status_since=started)
    EpisodeFactory(client=client, number=1, opened_on=started)
    Enrolment.objects.create(client=client, program=team_a.program, started_on=started)
    AssignmentFactory(client=client, staff=case_manager, started_on=started)
    AssignmentFactory(
        client=client, staff=supervisor, role=AssignmentRole.SECONDARY, started_on=started
    )
    return client


def _change(client, to_status, user, days_ago=1, reason="Engaged well"):
    return lifecycle.status_change(
        client_id=client.pk,
        to_status=to_status,
        effective_on=_today() - timedelta(days=days_ago),
        reason=reason,
        changed_by=user,
    )


def test_the_transition_table_is_the_documented_lifecycle():
    assert lifecycle.can_move(Status.REFERRED, Status.ACTIVE)
    assert lifecycle.can_move(Status.ACTIVE, Status.ON_HOLD)
    assert lifecycle.can_move(Status.ON_HOLD, Status.ACTIVE)
    for status in (Status.REFERRED, Status.ACTIVE, Status.ON_HOLD):
        assert lifecycle.can_move(status, Status.DISCHARGED)
    assert not lifecycle.can_move(Status.REFERRED, Status.ON_HOLD)
    assert not lifecycle.can_move(Status.ACTIVE, Status.REFERRED)
    assert not any(lifecycle.can_move(Status.DISCHARGED, s) for s in Status.values)


def test_it_moves_active_to_on_hold_and_back_keeping_each_step(open_client, case_manager):
    _change(open_client, Status.ON_HOLD, case_manager, days_ago=5)
    _change(open_client, Status.ACTIVE, case_manager, days_ago=1)

    open_client.refresh_from_db()
    assert open_client.status == Status.ACTIVE
    assert open_client.status_since == _today() - timedelta(days=1)
    steps = list(
        open_client.status_changes.order_by("effective_on").values_list("from_status", "to_status")
    )
    assert steps == [(Status.ACTIVE, Status.ON_HOLD), (Status.ON_HOLD, Status.ACTIVE)]
    assert AuditEvent.objects.filter(action="clients.client.status_changed").count() == 2


def test_it_refuses_an_illegal_move_with_a_clear_message(open_client, case_manager):
    with pytest.raises(ClientRecordError) as refused:
        _change(open_client, Status.REFERRED, case_manager)
    assert refused.value.field == "to_status"
    assert "cannot be moved to referred" in refused.value.message
    assert not StatusChange.objects.filter(client=open_client).exists()


def test_the_status_form_does_not_discharge(open_client, case_manager):
    with pytest.raises(ClientRecordError) as refused:
        _change(open_client, Status.DISCHARGED, case_manager)
    assert "discharge form" in refused.value.message


def test_it_refuses_a_date_in_the_future(open_client, case_manager):
    with pytest.raises(ClientRecordError) as refused:
        _change(open_client, Status.ON_HOLD, case_manager, days_ago=-1)
    assert refused.value.field == "effective_on"


def test_it_refuses_a_date_before_the_current_status_began(open_client, case_manager):
    with pytest.raises(ClientRecordError) as refused:
        _change(open_client, Status.ON_HOLD, case_manager, days_ago=31)
    assert "before the current status began" in refused.value.message


def test_it_requires_a_reason(open_client, case_manager):
    with pytest.raises(ClientRecordError) as refused:
        _change(open_client, Status.ON_HOLD, case_manager, reason="   ")
    assert refused.value.field == "reason"


def _discharge(client, user, days_ago=0, reason="goals_met", summary="Housed and stable."):
    return lifecycle.client_discharge(
        client_id=client.pk,
        effective_on=_today() - timedelta(days=days_ago),
        reason=reason,
        summary=summary,
        discharged_by=user,
    )


def test_discharge_closes_the_episode_enrolment_and_assignments(open_client, case_manager):
    VisitFactory(client=open_client, author=case_manager)
    episode = _discharge(open_client, case_manager, days_ago=2)
    day = _today() - timedelta(days=2)

    open_client.refresh_from_db()
    assert open_client.status == Status.DISCHARGED and open_client.status_since == day
    assert open_client.next_contact_due is None  # a discharged client is due nothing
    assert (episode.closed_on, episode.discharge_reason) == (day, "goals_met")
    assert episode.discharge_summary == "Housed and stable."
    assert not open_client.enrolments.filter(ended_on__isnull=True).exists()
    assert set(open_client.assignments.values_list("ended_on", flat=True)) == {day}
    change = open_client.status_changes.get(to_status=Status.DISCHARGED)
    assert change.episode == episode
    assert AuditEvent.objects.get(action="clients.client.discharged").detail == {
        "episode": 1,
        "reason": "goals_met",
    }


def test_discharge_requires_a_known_reason_and_a_summary(open_client, case_manager):
    with pytest.raises(ClientRecordError) as refused:
        _discharge(open_client, case_manager, reason="bored")
    assert refused.value.field == "reason"
    with pytest.raises(ClientRecordError) as refused:
        _discharge(open_client, case_manager, summary=" ")
    assert refused.value.field == "summary"
    open_client.refresh_from_db()
    assert open_client.status == Status.ACTIVE
    assert open_client.episodes.get().closed_on is None


def test_a_discharged_client_cannot_be_discharged_or_moved_again(open_client, case_manager):
    _discharge(open_client, case_manager)
    with pytest.raises(ClientRecordError):
        _discharge(open_client, case_manager)
    with pytest.raises(ClientRecordError):
        _change(open_client, Status.ACTIVE, case_manager, days_ago=0)


def _reopen(client, user, days_ago=0, status=Status.ACTIVE, program=None, primary=None):
    return lifecycle.client_reopen(
        client_id=client.pk,
        effective_on=_today() - timedelta(days=days_ago),
        reason="Re-referred by the hospital",
        program=program or client.team.program,
        status=status,
        primary=primary or user,
        reopened_by=user,
    )


def test_reopening_starts_episode_two_and_keeps_the_history(open_client, case_manager, supervisor):
    _discharge(open_client, case_manager, days_ago=10)
    episode = _reopen(open_client, case_manager, primary=supervisor, status=Status.REFERRED)

    open_client.refresh_from_db()
    assert episode.number == 2 and episode.opened_on == _today()
    assert open_client.status == Status.REFERRED and open_client.status_since == _today()
    assert Episode.objects.filter(client=open_client).count() == 2
    assert open_client.episodes.get(number=1).closed_on == _today() - timedelta(days=10)
    assert open_client.enrolments.count() == 2
    current = open_client.assignments.get(ended_on__isnull=True)
    assert (current.staff, current.role) == (supervisor, AssignmentRole.PRIMARY)
    assert open_client.assignments.count() == 3  # the two ended ones stay
    assert open_client.next_contact_due is not None
    assert StatusChange.objects.filter(client=open_client, episode=episode).get().from_status == (
        Status.DISCHARGED
    )
    assert AuditEvent.objects.filter(action="clients.client.reopened").exists()


def test_only_a_discharged_client_is_reopened(open_client, case_manager):
    with pytest.raises(ClientRecordError):
        _reopen(open_client, case_manager)


def test_reopening_refuses_a_primary_from_another_team(open_client, case_manager, outsider):
    _discharge(open_client, case_manager, days_ago=3)
    with pytest.raises(ClientRecordError) as refused:
        _reopen(open_client, case_manager, primary=outsider)
    assert refused.value.field == "primary"
    assert open_client.episodes.count() == 1


def test_reopening_refuses_on_hold_and_a_date_before_the_discharge(open_client, case_manager):
    _discharge(open_client, case_manager, days_ago=3)
    with pytest.raises(ClientRecordError) as refused:
        _reopen(open_client, case_manager, status=Status.ON_HOLD)
    assert refused.value.field == "status"
    with pytest.raises(ClientRecordError) as refused:
        _reopen(open_client, case_manager, days_ago=5)
    assert refused.value.field == "effective_on"


def test_a_program_change_ends_one_enrolment_and_starts_the_next(open_client, case_manager, agency):
    standard = ProgramFactory(agency=agency, kind="standard", contact_standard_days=30)
    start = _today() - timedelta(days=2)
    lifecycle.enrolment_change(
        client_id=open_client.pk,
        program=standard,
        started_on=start,
        reason="Stepped down",
        changed_by=case_manager,
    )
    open_client.refresh_from_db()
    assert open_client.program == standard
    old, new = open_client.enrolments.order_by("started_on")
    assert (old.ended_on, new.started_on, new.ended_on) == (start, start, None)
    # No contact yet: due from the episode start plus the new program's 30 days.
    assert open_client.next_contact_due == _today() - timedelta(days=30) + timedelta(days=30)
    assert AuditEvent.objects.filter(action="clients.enrolment.changed").exists()


def test_a_program_change_refuses_the_same_program_and_an_early_date(
    open_client, case_manager, agency
):
    with pytest.raises(ClientRecordError) as refused:
        lifecycle.enrolment_change(
            client_id=open_client.pk,
            program=open_client.team.program,
            started_on=_today(),
            reason="x",
            changed_by=case_manager,
        )
    assert refused.value.field == "program"
    other = ProgramFactory(agency=agency)
    with pytest.raises(ClientRecordError) as refused:
        lifecycle.enrolment_change(
            client_id=open_client.pk,
            program=other,
            started_on=_today() - timedelta(days=40),
            reason="x",
            changed_by=case_manager,
        )
    assert refused.value.field == "started_on"
    assert open_client.enrolments.count() == 1


def test_a_program_of_another_agency_is_refused(open_client, case_manager):
    with pytest.raises(ClientRecordError):
        lifecycle.enrolment_change(
            client_id=open_client.pk,
            program=ProgramFactory(),
            started_on=_today(),
            reason="x",
            changed_by=case_manager,
        )


def test_a_client_without_an_episode_gets_one_on_the_first_change(team_a, case_manager):
    legacy = ClientFactory(team=team_a, status=Status.REFERRED)
    _change(legacy, Status.ACTIVE, case_manager, days_ago=0)
    assert legacy.episodes.get().number == 1
    assert not Assignment.objects.filter(client=legacy).exists()
