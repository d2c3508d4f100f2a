"""Next-due arithmetic as the visit services drive it: every save, sign and retraction
refreshes the client's last contact and next-due date in the same transaction."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from clients.models import AddendumKind, Client, Mode, NoteFormat, Place
from clients.services.visits import (
    VisitInput,
    visit_addendum_add,
    visit_create,
    visit_draft_save,
    visit_sign,
)
from tests.factories import ClientFactory, ProgramFactory, TeamFactory

pytestmark = pytest.mark.django_db

NOTE = {"data": "Seen.", "assessment": "Stable.", "plan": "Next week."}


def _at(days_ago: int):
    return timezone.now() - timedelta(days=days_ago)


def _day(days_ago: int):
    return timezone.localtime(_at(days_ago)).date()


def _log(client, author, days_ago, *, mode=Mode.FACE_TO_FACE, next_due=None, sign=False):
    data = VisitInput(
        contact_at=_at(days_ago),
        duration_minutes=0 if mode == Mode.ATTEMPTED else 30,
        mode=mode,
        place=Place.HOME,
        note_format=NoteFormat.DAP,
        note=dict(NOTE),
        next_contact_due=next_due,
    )
    visit = visit_create(client=client, author=author, data=data)
    if sign:
        visit = visit_sign(visit=visit, signed_by=author, data=data, version=visit.version)
    return visit


def _dates(client):
    client = Client.objects.get(pk=client.pk)
    return client.last_contact_on, client.next_contact_due


def test_an_fsp_client_is_due_seven_days_after_a_draft_visit(client_a, case_manager):
    _log(client_a, case_manager, 2)
    assert _dates(client_a) == (_day(2), _day(2) + timedelta(days=7))


def test_a_standard_program_client_is_due_thirty_days_later(agency, case_manager, team_a):
    standard = ProgramFactory(agency=agency, kind="standard", contact_standard_days=30)
    client = ClientFactory(team=team_a, program=standard)
    _log(client, case_manager, 2, sign=True)
    assert _dates(client) == (_day(2), _day(2) + timedelta(days=30))


def test_attempts_do_not_move_the_last_contact_or_the_due_date(client_a, case_manager):
    _log(client_a, case_manager, 10, sign=True)
    before = _dates(client_a)
    _log(client_a, case_manager, 1, mode=Mode.ATTEMPTED)
    _log(client_a, case_manager, 0, mode=Mode.ATTEMPTED, sign=True)
    assert _dates(client_a) == before == (_day(10), _day(10) + timedelta(days=7))


def test_an_explicit_next_contact_date_wins(client_a, case_manager):
    _log(client_a, case_manager, 2, next_due=_day(2) + timedelta(days=3))
    assert _dates(client_a) == (_day(2), _day(2) + timedelta(days=3))


def test_moving_a_drafts_date_moves_the_due_date(client_a, case_manager):
    visit = _log(client_a, case_manager, 2)
    data = VisitInput(
        contact_at=_at(1),
        duration_minutes=30,
        mode=Mode.PHONE,
        place=Place.REMOTE,
        note=dict(NOTE),
    )
    visit_draft_save(visit=visit, editor=case_manager, data=data, version=visit.version)
    assert _dates(client_a) == (_day(1), _day(1) + timedelta(days=7))


def test_retraction_moves_the_due_date_back(client_a, case_manager):
    _log(client_a, case_manager, 10, sign=True)
    wrong = _log(client_a, case_manager, 2, sign=True)
    assert _dates(client_a)[0] == _day(2)
    visit_addendum_add(
        visit=wrong,
        author=case_manager,
        kind=AddendumKind.ENTERED_IN_ERROR,
        text="",
        reason="Logged on the wrong client",
    )
    assert _dates(client_a) == (_day(10), _day(10) + timedelta(days=7))


def test_the_team_program_applies_without_an_enrolment(agency, case_manager, team_a):
    team_a.program.contact_standard_days = 14
    team_a.program.save()
    client = ClientFactory(team=team_a, program=None)
    _log(client, case_manager, 3)
    assert _dates(client) == (_day(3), _day(3) + timedelta(days=14))


def test_another_teams_program_is_not_involved(client_a, case_manager, agency):
    TeamFactory(agency=agency)  # a second program with other numbers exists
    _log(client_a, case_manager, 1)
    assert _dates(client_a)[1] == _day(1) + timedelta(days=7)
