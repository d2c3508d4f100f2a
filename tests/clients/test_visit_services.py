"""The visit services: drafts, validation, documentation windows, signing, addenda."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from casework.models import AuditEvent
from clients.models import AddendumKind, Mode, NoteAddendum, NoteFormat, Place, Visit
from clients.services.errors import ClientRecordError, StaleRecordError
from clients.services.visits import (
    VisitInput,
    business_days_after,
    sign_due_at_for,
    visit_addendum_add,
    visit_create,
    visit_draft_save,
    visit_sign,
)
from tests.clock import when_run
from tests.factories import ProgramFactory, VisitFactory

pytestmark = pytest.mark.django_db

NOTE = {"data": "Met at the park.", "assessment": "Calmer.", "plan": "Call on Friday."}


def _input(**changes) -> VisitInput:
    base = VisitInput(
        contact_at=timezone.now() - timedelta(hours=2),
        duration_minutes=45,
        mode=Mode.FACE_TO_FACE,
        place=Place.COMMUNITY,
        services=["housing", "transport"],
        note_format=NoteFormat.DAP,
        note=dict(NOTE),
    )
    return replace(base, **changes)


def _aware(*args) -> datetime:
    return timezone.make_aware(datetime(*args))


# --- Documentation windows ---------------------------------------------------------------


def test_business_days_skip_the_weekend():
    friday = date(2026, 3, 6)
    assert business_days_after(friday, 1) == date(2026, 3, 9)
    assert business_days_after(friday, 3) == date(2026, 3, 11)
    assert business_days_after(date(2026, 3, 7), 3) == date(2026, 3, 11)  # from a Saturday


def test_a_note_is_due_by_the_end_of_the_third_business_day(agency):
    program = ProgramFactory(agency=agency, note_window_business_days=3)
    due = sign_due_at_for(contact_at=_aware(2026, 3, 6, 10, 0), is_crisis=False, program=program)
    local = timezone.localtime(due)
    assert (local.date(), local.hour, local.minute) == (date(2026, 3, 11), 23, 59)


def test_a_crisis_note_is_due_within_the_crisis_window(agency):
    program = ProgramFactory(agency=agency, crisis_note_window_hours=24)
    contact = _aware(2026, 3, 6, 22, 30)
    due = sign_due_at_for(contact_at=contact, is_crisis=True, program=program)
    assert due == contact + timedelta(hours=24)


def test_it_recomputes_the_window_when_the_draft_becomes_a_crisis(client_a, case_manager):
    visit = visit_create(client=client_a, author=case_manager, data=_input())
    normal_due = visit.sign_due_at
    visit = visit_draft_save(
        visit=visit, editor=case_manager, data=_input(is_crisis=True), version=visit.version
    )
    assert visit.sign_due_at == visit.contact_at + timedelta(hours=24)
    assert visit.sign_due_at < normal_due


# --- Drafts ------------------------------------------------------------------------------


def test_it_saves_a_draft_and_audits_it(client_a, case_manager):
    visit = visit_create(client=client_a, author=case_manager, data=_input())
    visit.refresh_from_db()
    assert visit.signed_at is None
    assert visit.team_id == client_a.team_id
    assert visit.services == ["housing", "transport"]
    assert visit.note == NOTE
    assert AuditEvent.objects.filter(
        action="clients.visit.created", object_id=str(visit.pk)
    ).exists()


def test_it_keeps_only_the_chosen_formats_sections(client_a, case_manager):
    note = {**NOTE, "subjective": "not a DAP section"}
    visit = visit_create(client=client_a, author=case_manager, data=_input(note=note))
    assert set(visit.note) == {"data", "assessment", "plan"}


def test_a_draft_save_bumps_the_version(client_a, case_manager):
    visit = visit_create(client=client_a, author=case_manager, data=_input())
    saved = visit_draft_save(
        visit=visit, editor=case_manager, data=_input(duration_minutes=50), version=1
    )
    assert saved.version == 2
    assert Visit.objects.get(pk=visit.pk).duration_minutes == 50


def test_it_refuses_a_stale_version_and_keeps_the_other_save(client_a, case_manager):
    visit = visit_create(client=client_a, author=case_manager, data=_input())
    visit_draft_save(visit=visit, editor=case_manager, data=_input(duration_minutes=50), version=1)
    with pytest.raises(StaleRecordError, match="saved elsewhere"):
        visit_draft_save(
            visit=visit, editor=case_manager, data=_input(duration_minutes=90), version=1
        )
    assert Visit.objects.get(pk=visit.pk).duration_minutes == 50


def test_only_the_author_changes_a_draft(client_a, case_manager, supervisor):
    visit = visit_create(client=client_a, author=case_manager, data=_input())
    with pytest.raises(PermissionDenied):
        visit_draft_save(visit=visit, editor=supervisor, data=_input(), version=1)


def test_a_read_only_member_cannot_log_a_visit(client_a, compliance):
    with pytest.raises(PermissionDenied):
        visit_create(client=client_a, author=compliance, data=_input())


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"contact_at": lambda: timezone.now() + timedelta(hours=2)}, "contact_at", "future"),
        ({"duration_minutes": 0}, "duration_minutes", "0 only for an attempted"),
        ({"duration_minutes": -5}, "duration_minutes", "duration in minutes"),
        ({"duration_minutes": 1441}, "duration_minutes", "at most 1440"),
        ({"mode": Mode.ATTEMPTED, "duration_minutes": -1}, "duration_minutes", "negative"),
        ({"next_contact_due": date(2000, 1, 1)}, "next_contact_due", "before this contact"),
    ],
)
def test_bad_input_is_refused_at_its_field_and_saves_nothing(
    client_a, case_manager, changes, field, message
):
    changes = when_run(changes)
    with pytest.raises(ClientRecordError, match=message) as refused:
        visit_create(client=client_a, author=case_manager, data=_input(**changes))
    assert refused.value.field == field
    assert not Visit.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="clients.visit").exists()


def test_an_attempted_contact_may_last_zero_minutes(client_a, case_manager):
    data = _input(mode=Mode.ATTEMPTED, duration_minutes=0)
    assert visit_create(client=client_a, author=case_manager, data=data).duration_minutes == 0


def test_the_next_contact_cannot_be_later_than_the_program_standard(client_a, case_manager):
    contact = timezone.now() - timedelta(hours=1)
    latest = timezone.localtime(contact).date() + timedelta(days=7)
    data = _input(contact_at=contact, next_contact_due=latest + timedelta(days=1))
    with pytest.raises(ClientRecordError) as refused:
        visit_create(client=client_a, author=case_manager, data=data)
    assert refused.value.field == "next_contact_due"
    assert "every 7 days" in refused.value.message
    assert client_a.team.program.name in refused.value.message
    # On the limit itself it is fine.
    visit_create(client=client_a, author=case_manager, data=replace(data, next_contact_due=latest))


# --- Signing -----------------------------------------------------------------------------


def test_it_signs_the_note_and_audits_it(client_a, case_manager):
    visit = visit_create(client=client_a, author=case_manager, data=_input())
    signed = visit_sign(visit=visit, signed_by=case_manager, data=_input(), version=1)
    signed.refresh_from_db()
    assert signed.signed_at is not None
    assert signed.is_late_entry is False
    event = AuditEvent.objects.get(action="clients.visit.signed")
    assert event.object_id == str(visit.pk) and event.client_id == client_a.pk


def test_a_note_signed_more_than_24_hours_later_is_a_late_entry(client_a, case_manager):
    data = _input(contact_at=timezone.now() - timedelta(hours=25))
    visit = visit_create(client=client_a, author=case_manager, data=data)
    assert visit_sign(visit=visit, signed_by=case_manager, data=data, version=1).is_late_entry


def test_the_late_entry_limit_is_a_setting(client_a, case_manager, settings):
    settings.LATE_ENTRY_HOURS = 48
    data = _input(contact_at=timezone.now() - timedelta(hours=25))
    visit = visit_create(client=client_a, author=case_manager, data=data)
    assert not visit_sign(visit=visit, signed_by=case_manager, data=data, version=1).is_late_entry


def test_it_refuses_to_sign_an_empty_section(client_a, case_manager):
    data = _input(note={**NOTE, "assessment": "   "})
    visit = visit_create(client=client_a, author=case_manager, data=data)
    with pytest.raises(ClientRecordError, match="Assessment") as refused:
        visit_sign(visit=visit, signed_by=case_manager, data=data, version=1)
    assert refused.value.field == "note_assessment"
    assert Visit.objects.get(pk=visit.pk).signed_at is None


def test_only_the_author_signs(client_a, case_manager, supervisor):
    visit = visit_create(client=client_a, author=case_manager, data=_input())
    with pytest.raises(PermissionDenied):
        visit_sign(visit=visit, signed_by=supervisor, data=_input(), version=1)
    assert Visit.objects.get(pk=visit.pk).signed_at is None


def test_a_signed_note_is_not_saved_as_a_draft_again(client_a, case_manager):
    visit = visit_create(client=client_a, author=case_manager, data=_input())
    visit_sign(visit=visit, signed_by=case_manager, data=_input(), version=1)
    with pytest.raises(ClientRecordError, match="signed"):
        visit_draft_save(visit=visit, editor=case_manager, data=_input(), version=2)


# --- Addenda -----------------------------------------------------------------------------


@pytest.fixture
def signed(client_a, case_manager):
    return VisitFactory(client=client_a, author=case_manager, signed_at=timezone.now())


def test_the_author_adds_an_addendum_with_a_reason(signed, case_manager):
    addendum = visit_addendum_add(
        visit=signed,
        author=case_manager,
        kind=AddendumKind.ADDENDUM,
        text="Lab results came.",
        reason="Not available at the visit",
    )
    assert addendum.visit_id == signed.pk
    assert AuditEvent.objects.filter(action="clients.visit.addendum_added").exists()
    signed.refresh_from_db()
    assert signed.note["data"] == "Met at home."  # the original is untouched


def test_a_supervisor_of_the_team_may_add_a_correction(signed, supervisor):
    visit_addendum_add(
        visit=signed,
        author=supervisor,
        kind=AddendumKind.CORRECTION,
        text="It was Tuesday.",
        reason="Wrong day",
    )
    assert NoteAddendum.objects.filter(visit=signed, author=supervisor).exists()


def test_another_case_manager_of_the_team_may_not_add(signed, team_a):
    from tests.factories import MembershipFactory

    colleague = MembershipFactory(team=team_a).user
    with pytest.raises(PermissionDenied):
        visit_addendum_add(
            visit=signed, author=colleague, kind=AddendumKind.ADDENDUM, text="x", reason="y"
        )


@pytest.mark.parametrize(
    ("kind", "text", "reason", "field"),
    [
        (AddendumKind.ADDENDUM, "Text", "", "reason"),
        (AddendumKind.CORRECTION, "Text", "", "reason"),
        (AddendumKind.ENTERED_IN_ERROR, "", "", "reason"),
        (AddendumKind.LATE_ENTRY, "", "", "text"),
    ],
)
def test_an_addendum_needs_its_reason_or_text(signed, case_manager, kind, text, reason, field):
    with pytest.raises(ClientRecordError) as refused:
        visit_addendum_add(visit=signed, author=case_manager, kind=kind, text=text, reason=reason)
    assert refused.value.field == field
    assert not NoteAddendum.objects.exists()


def test_a_draft_takes_no_addendum(client_a, case_manager):
    draft = VisitFactory(client=client_a, author=case_manager)
    with pytest.raises(ClientRecordError, match="draft"):
        visit_addendum_add(
            visit=draft, author=case_manager, kind=AddendumKind.LATE_ENTRY, text="x", reason=""
        )


def test_entered_in_error_retracts_the_note_and_keeps_it_readable(signed, case_manager):
    visit_addendum_add(
        visit=signed,
        author=case_manager,
        kind=AddendumKind.ENTERED_IN_ERROR,
        text="",
        reason="Wrong client",
    )
    signed.refresh_from_db()
    assert signed.retracted_at is not None
    assert signed.note["data"] == "Met at home."
    assert AuditEvent.objects.filter(action="clients.visit.retracted").exists()
    with pytest.raises(ClientRecordError, match="already"):
        visit_addendum_add(
            visit=signed,
            author=case_manager,
            kind=AddendumKind.ENTERED_IN_ERROR,
            text="",
            reason="Again",
        )
