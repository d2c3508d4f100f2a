"""Assessments and instrument results: drafts, signing, immutability, addenda, scoring on
save, safety flags and who is told, due dates and the reassessment reminder."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from careplans import reminders as rules
from careplans.models import DOMAIN_KEYS, Administration, Assessment, SafetyFlag
from careplans.selectors.assessments import assessment_due_for
from careplans.services import assessments as services
from careplans.services import instruments as instrument_services
from careplans.services.assessments import AssessmentInput
from careplans.services.errors import AssessmentError, StaleAssessmentError
from casework import reminders as engine
from casework.models import AuditEvent, Reminder, ReminderState
from tests.factories import (
    AdministrationFactory,
    AssessmentFactory,
    AssignmentFactory,
    EpisodeFactory,
)

pytestmark = pytest.mark.django_db

PHQ9_WITH_ITEM9 = {**{f"phq9_{n}": 1 for n in range(1, 9)}, "phq9_9": 1}


def _full(need: str = "moderate") -> AssessmentInput:
    return AssessmentInput(
        assessed_on=timezone.localdate(),
        domains={
            k: {"need": need, "strengths": "Has a sister nearby.", "notes": ""} for k in DOMAIN_KEYS
        },
        summary="Met at home.",
    )


def test_it_starts_a_draft_and_returns_the_same_one_next_time(case_manager, client_a):
    first = services.assessment_start(client=client_a, author=case_manager)
    again = services.assessment_start(client=client_a, author=case_manager)
    assert first.pk == again.pk
    assert first.kind == "initial" and not first.is_signed
    assert AuditEvent.objects.filter(action="careplans.assessment.created").count() == 1


def test_it_refuses_a_compliance_reviewer(compliance, client_a):
    with pytest.raises(PermissionDenied):
        services.assessment_start(client=client_a, author=compliance)


def test_it_signs_a_complete_assessment(case_manager, client_a):
    draft = services.assessment_start(client=client_a, author=case_manager)
    signed = services.assessment_sign(
        assessment=draft, signed_by=case_manager, data=_full(), version=draft.version
    )
    assert signed.is_signed
    assert signed.domains["coping"]["need"] == "moderate"
    assert AuditEvent.objects.filter(action="careplans.assessment.signed").exists()


def test_it_refuses_to_sign_with_a_domain_unrated(case_manager, client_a):
    draft = services.assessment_start(client=client_a, author=case_manager)
    data = _full()
    data.domains["coping"]["need"] = ""
    with pytest.raises(AssessmentError) as caught:
        services.assessment_sign(
            assessment=draft, signed_by=case_manager, data=data, version=draft.version
        )
    assert set(caught.value.errors) == {"coping_need"}
    draft.refresh_from_db()
    assert not draft.is_signed


def test_a_stale_save_is_refused(case_manager, client_a):
    draft = services.assessment_start(client=client_a, author=case_manager)
    services.assessment_draft_save(
        assessment=draft, editor=case_manager, data=_full("low"), version=1
    )
    with pytest.raises(StaleAssessmentError):
        services.assessment_draft_save(
            assessment=draft, editor=case_manager, data=_full(), version=1
        )


def test_only_the_author_edits_a_draft(case_manager, supervisor, client_a):
    draft = services.assessment_start(client=client_a, author=case_manager)
    with pytest.raises(PermissionDenied):
        services.assessment_draft_save(
            assessment=draft, editor=supervisor, data=_full(), version=draft.version
        )


def test_a_new_assessment_starts_from_the_last_signed_one(case_manager, client_a):
    draft = services.assessment_start(client=client_a, author=case_manager)
    services.assessment_sign(
        assessment=draft, signed_by=case_manager, data=_full("high"), version=draft.version
    )
    again = services.assessment_start(client=client_a, author=case_manager, from_last=True)
    assert again.pk != draft.pk
    assert again.kind == "reassessment"
    assert again.started_from_id == draft.pk
    assert again.domains["safety"]["need"] == "high"


def test_the_database_refuses_to_change_or_delete_a_signed_assessment(case_manager, client_a):
    signed = AssessmentFactory(client=client_a, author=case_manager, signed_at=timezone.now())
    with (
        pytest.raises(IntegrityError, match="signed assessment cannot be changed"),
        transaction.atomic(),
    ):
        Assessment.objects.filter(pk=signed.pk).update(summary="rewritten")
    with (
        pytest.raises(IntegrityError, match="signed assessment cannot be changed"),
        transaction.atomic(),
    ):
        Assessment.objects.filter(pk=signed.pk).delete()


def test_addenda_follow_a_signed_assessment_and_are_append_only(case_manager, client_a):
    signed = AssessmentFactory(client=client_a, author=case_manager, signed_at=timezone.now())
    addendum = services.assessment_addendum_add(
        assessment=signed, author=case_manager, text="Also: new tenancy.", reason="Omitted"
    )
    assert signed.addenda.count() == 1
    from careplans.models import AssessmentAddendum

    with pytest.raises(IntegrityError, match="append-only: UPDATE refused"), transaction.atomic():
        AssessmentAddendum.objects.filter(pk=addendum.pk).update(text="changed")


def test_a_draft_takes_no_addendum(case_manager, client_a):
    draft = AssessmentFactory(client=client_a, author=case_manager)
    with pytest.raises(AssessmentError):
        services.assessment_addendum_add(
            assessment=draft, author=case_manager, text="x", reason="y"
        )


# Instruments ---------------------------------------------------------------------------------


def test_it_scores_and_stores_a_phq9(case_manager, client_a):
    answers = {**{f"phq9_{n}": 2 for n in range(1, 9)}, "phq9_9": 0}
    result = instrument_services.administration_record(
        client=client_a,
        author=case_manager,
        instrument_code="phq9",
        answers=answers,
        administered_on=timezone.localdate(),
    )
    assert (result.score, result.band, result.band_level) == (16, "moderately_severe", 3)
    assert not SafetyFlag.objects.exists()


def test_an_incomplete_instrument_cannot_be_completed(case_manager, client_a):
    with pytest.raises(AssessmentError) as caught:
        instrument_services.administration_record(
            client=client_a,
            author=case_manager,
            instrument_code="phq9",
            answers={"phq9_1": 1},
            administered_on=timezone.localdate(),
        )
    assert set(caught.value.errors) == {f"phq9_{n}" for n in range(2, 10)}
    assert not Administration.objects.exists()


def test_a_result_cannot_be_changed_afterwards(case_manager, client_a):
    row = AdministrationFactory(client=client_a, author=case_manager)
    with pytest.raises(IntegrityError, match="append-only: UPDATE refused"), transaction.atomic():
        Administration.objects.filter(pk=row.pk).update(score=3)


def test_phq9_item9_raises_a_flag_and_tells_the_case_manager_and_supervisor_at_once(
    case_manager, supervisor, client_a
):
    AssignmentFactory(client=client_a, staff=case_manager)
    administration = instrument_services.administration_record(
        client=client_a,
        author=case_manager,
        instrument_code="phq9",
        answers=PHQ9_WITH_ITEM9,
        administered_on=timezone.localdate(),
    )
    flag = SafetyFlag.objects.get()
    assert flag.administration == administration and flag.reasons == ["phq9_item9"]
    told = set(
        Reminder.objects.filter(kind=rules.SAFETY_FLAG, state=ReminderState.OPEN).values_list(
            "recipient_id", flat=True
        )
    )
    assert told == {case_manager.pk, supervisor.pk}
    assert AuditEvent.objects.filter(action="careplans.safetyflag.raised").exists()


def test_a_moderate_cssrs_screen_raises_a_flag_but_a_low_one_does_not(case_manager, client_a):
    low = {"cssrs_1": 1, "cssrs_2": 0, "cssrs_6": 0}
    moderate = {"cssrs_1": 1, "cssrs_2": 0, "cssrs_6": 1, "cssrs_6_recent": 0}
    for answers in (low, moderate):
        instrument_services.administration_record(
            client=client_a,
            author=case_manager,
            instrument_code="cssrs",
            answers=answers,
            administered_on=timezone.localdate(),
        )
    assert list(SafetyFlag.objects.values_list("level", flat=True)) == ["moderate"]


def test_acknowledging_records_who_and_what_and_closes_the_reminders(
    case_manager, supervisor, client_a
):
    instrument_services.administration_record(
        client=client_a,
        author=case_manager,
        instrument_code="phq9",
        answers=PHQ9_WITH_ITEM9,
        administered_on=timezone.localdate(),
    )
    flag = SafetyFlag.objects.get()
    with pytest.raises(AssessmentError):
        instrument_services.safety_flag_acknowledge(
            flag=flag, acknowledged_by=supervisor, actions=[], note="Seen."
        )
    instrument_services.safety_flag_acknowledge(
        flag=flag,
        acknowledged_by=supervisor,
        actions=["risk_assessment", "safety_plan"],
        note="Full risk assessment; safety plan made with the client.",
    )
    flag.refresh_from_db()
    assert flag.acknowledged_by == supervisor and flag.acknowledged_at is not None
    assert flag.actions == ["risk_assessment", "safety_plan"]
    assert not Reminder.objects.filter(kind=rules.SAFETY_FLAG, state=ReminderState.OPEN).exists()
    with pytest.raises(AssessmentError):
        instrument_services.safety_flag_acknowledge(
            flag=flag, acknowledged_by=case_manager, actions=["follow_up"], note="Again"
        )
    with (
        pytest.raises(IntegrityError, match="only an open flag is acknowledged"),
        transaction.atomic(),
    ):
        SafetyFlag.objects.filter(pk=flag.pk).update(action_note="rewritten")


# Due dates and the reassessment reminder ----------------------------------------------------


def test_the_initial_assessment_is_due_within_the_intake_window(client_a):
    EpisodeFactory(client=client_a, opened_on=timezone.localdate() - timedelta(days=10))
    due = assessment_due_for(client=client_a, last_on=None)
    assert due.kind == "initial"
    assert due.on == timezone.localdate() + timedelta(days=20)


def test_reassessment_is_due_after_the_programs_interval(client_a):
    client_a.team.program.reassessment_days = 90
    client_a.team.program.save()
    last = timezone.localdate() - timedelta(days=100)
    due = assessment_due_for(client=client_a, last_on=last)
    assert (due.kind, due.on, due.overdue) == ("reassessment", last + timedelta(days=90), True)


def test_the_reassessment_reminder_reaches_the_case_manager(case_manager, client_a):
    AssignmentFactory(client=client_a, staff=case_manager)
    AssessmentFactory(
        client=client_a,
        author=case_manager,
        assessed_on=timezone.localdate() - timedelta(days=200),
        signed_at=timezone.now() - timedelta(days=200),
    )
    rule = next(r for r in engine.rules() if r.kind == rules.REASSESSMENT)
    engine.sweep_rule(rule, now=timezone.now())
    reminder = Reminder.objects.get(kind=rules.REASSESSMENT)
    assert reminder.recipient == case_manager
    assert reminder.due_on == timezone.localdate() - timedelta(days=20)


def test_a_recent_assessment_asks_for_no_reminder(case_manager, client_a):
    AssignmentFactory(client=client_a, staff=case_manager)
    AssessmentFactory(client=client_a, author=case_manager, signed_at=timezone.now())
    assert rules.reassessment_candidates(timezone.now()) == []


def test_a_discharged_client_is_not_assessed(case_manager, client_a):
    client_a.status = "discharged"
    client_a.save(update_fields=["status"])
    with pytest.raises(AssessmentError):
        services.assessment_start(client=client_a, author=case_manager)
    with pytest.raises(AssessmentError):
        instrument_services.administration_record(
            client=client_a,
            author=case_manager,
            instrument_code="phq2",
            answers={"phq9_1": 0, "phq9_2": 0},
            administered_on=timezone.localdate(),
        )
