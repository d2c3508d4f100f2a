"""The referral lifecycle, the consent gate on sending, follow-ups and the reminder rules."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from casework import reminders
from casework.models import AuditEvent, Reminder
from clients.models import Disclosure
from referrals.models import Referral, ReferralEvent, ReferralStatus
from referrals.reminders import REFERRAL_FOLLOW_UP, REFERRAL_NO_OUTCOME
from referrals.services import referral as services
from tests.factories import ReferralFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def _send(referral, user, **kwargs):
    return services.referral_send(
        referral_id=referral.pk, version=referral.version, sent_by=user, **kwargs
    )


def _move(referral, user, to, note="", **kwargs):
    referral.refresh_from_db()
    return services.referral_transition(
        referral_id=referral.pk,
        version=referral.version,
        to_status=to,
        changed_by=user,
        note=note,
        **kwargs,
    )


# Creating ------------------------------------------------------------------------------------


def test_it_creates_a_draft_with_its_first_timeline_line(client_a, housing, case_manager):
    referral = services.referral_create(
        client=client_a,
        service=housing,
        reason="Lost her flat; needs housing help",
        categories=["general", "mental_health"],
        need_domain="income_housing",
        created_by=case_manager,
    )
    assert referral.status == ReferralStatus.DRAFT
    assert referral.organization == housing.organization
    assert [e.to_status for e in referral.events.all()] == ["draft"]
    assert AuditEvent.objects.filter(action="referrals.referral.created").count() == 1


def test_it_refers_to_an_outside_provider_by_name(client_a, case_manager):
    referral = services.referral_create(
        client=client_a,
        provider_name="  Dr  Okafor's   clinic ",
        reason="Dental pain",
        categories=["general"],
        created_by=case_manager,
    )
    assert referral.provider_name == "Dr Okafor's clinic"
    assert referral.service is None


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"provider_name": ""}, "provider_name"),
        ({"reason": "  "}, "reason"),
        ({"categories": []}, "categories"),
        ({"categories": ["psychotherapy_notes"]}, "categories"),
        ({"urgency": "whenever"}, "urgency"),
    ],
)
def test_it_refuses_an_incomplete_referral(client_a, case_manager, kwargs, field):
    details = {"provider_name": "Clinic", "reason": "Why", "categories": ["general"]}
    with pytest.raises(services.ReferralError) as error:
        services.referral_create(client=client_a, created_by=case_manager, **{**details, **kwargs})
    assert error.value.field == field
    assert not Referral.objects.exists()


def test_it_refuses_a_service_not_accepting_referrals(client_a, agency, case_manager):
    full = ServiceFactory(organization__agency=agency, accepting_referrals=False)
    with pytest.raises(services.ReferralError, match="not accepting referrals"):
        services.referral_create(
            client=client_a,
            service=full,
            reason="x",
            categories=["general"],
            created_by=case_manager,
        )


def test_it_refuses_another_agencys_service(client_a, case_manager):
    elsewhere = ServiceFactory()
    with pytest.raises(services.ReferralError, match="agency"):
        services.referral_create(
            client=client_a,
            service=elsewhere,
            reason="x",
            categories=["general"],
            created_by=case_manager,
        )


def test_a_draft_edit_with_a_stale_version_is_refused(draft, case_manager):
    services.referral_update(
        referral_id=draft.pk, version=draft.version, changed_by=case_manager,
        service=draft.service, reason="First edit", categories=["general"],
    )  # fmt: skip
    with pytest.raises(services.StaleReferralError):
        services.referral_update(
            referral_id=draft.pk, version=draft.version, changed_by=case_manager,
            service=draft.service, reason="Second tab", categories=["general"],
        )  # fmt: skip
    draft.refresh_from_db()
    assert draft.reason == "First edit"


# Sending through the consent gate ----------------------------------------------------------


def test_sending_without_a_release_is_refused_with_the_reason_and_nothing_is_written(
    draft, case_manager
):
    with pytest.raises(services.ConsentRequiredError) as error:
        _send(draft, case_manager)
    assert "No release of information names Bayview Housing Partners" in str(error.value)
    draft.refresh_from_db()
    assert draft.status == ReferralStatus.DRAFT and draft.sent_on is None
    assert not Disclosure.objects.exists()
    assert not draft.events.exists()


def test_a_release_that_does_not_cover_every_category_refuses_and_names_what_is_missing(
    draft, covered, case_manager
):
    draft.categories = ["general", "substance_use"]
    draft.save()
    with pytest.raises(services.ConsentRequiredError) as error:
        _send(draft, case_manager)
    assert "does not cover substance use" in str(error.value)
    assert error.value.decision.missing == ("substance_use",)
    assert not Disclosure.objects.exists()


def test_a_revoked_release_refuses(draft, covered, case_manager):
    covered.revoked_on = timezone.localdate()
    covered.revocation_method = "written"
    covered.save()
    with pytest.raises(services.ConsentRequiredError, match="revoked"):
        _send(draft, case_manager)


def test_sending_logs_the_disclosure_under_the_covering_release(draft, covered, case_manager):
    referral = _send(draft, case_manager)
    disclosure = Disclosure.objects.get()
    assert disclosure.consent == covered
    assert disclosure.method == "referral"
    assert disclosure.categories == ["general"]
    assert disclosure.recipient_label == "Bayview Housing Partners"
    assert referral.status == ReferralStatus.SENT
    assert referral.consent == covered and referral.disclosure == disclosure
    assert referral.sent_on == timezone.localdate()
    assert AuditEvent.objects.filter(action="referrals.referral.sent").count() == 1
    covered.refresh_from_db()
    assert covered.directory_organization_id == draft.organization_id  # matched by id from now


def test_a_release_linked_to_the_directory_entry_matches_whatever_its_name(
    draft, release_for, client_a, housing, case_manager
):
    release_for(
        client_a, housing.organization, recipient_name="BHP (old name)"
    ).__class__.objects.update(directory_organization_id=housing.organization_id)
    assert _send(draft, case_manager).status == ReferralStatus.SENT


def test_an_outside_provider_is_matched_by_name(client_a, case_manager, release_for):
    referral = ReferralFactory(
        client=client_a, service=None, organization=None, provider_name="Dr Okafor's clinic",
        referred_by=case_manager,
    )  # fmt: skip
    with pytest.raises(services.ConsentRequiredError):
        _send(referral, case_manager)
    release_for(client_a, type("Org", (), {"name": "dr okafor's  clinic"}))
    assert _send(referral, case_manager).status == ReferralStatus.SENT


@pytest.mark.parametrize("urgency, days", [("routine", 7), ("urgent", 2)])
def test_the_first_follow_up_falls_by_urgency(draft, covered, case_manager, urgency, days):
    draft.urgency = urgency
    draft.save()
    referral = _send(draft, case_manager)
    assert referral.follow_up_on == timezone.localdate() + timedelta(days=days)


def test_a_referral_is_sent_once(draft, covered, case_manager):
    _send(draft, case_manager)
    draft.refresh_from_db()
    with pytest.raises(services.ReferralError):
        _send(draft, case_manager)
    assert Disclosure.objects.count() == 1


# The lifecycle -----------------------------------------------------------------------------


@pytest.fixture
def sent(draft, covered, case_manager):
    return _send(draft, case_manager)


def test_it_follows_the_referral_to_an_outcome(sent, case_manager):
    _move(sent, case_manager, ReferralStatus.ACCEPTED, "Intake call booked")
    when = timezone.now() + timedelta(days=3)
    referral = _move(sent, case_manager, ReferralStatus.SCHEDULED, appointment_at=when)
    assert referral.follow_up_on == timezone.localdate(when) + timedelta(days=1)
    referral = _move(sent, case_manager, ReferralStatus.COMPLETED, "Attended; on the waitlist")
    assert not referral.is_open
    assert referral.closed_on == timezone.localdate()
    assert referral.outcome_note == "Attended; on the waitlist"
    history = [(e.from_status, e.to_status) for e in referral.events.order_by("id")]
    assert history == [
        ("draft", "sent"), ("sent", "accepted"),
        ("accepted", "scheduled"), ("scheduled", "completed"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    "path, refused",
    [
        ([], ReferralStatus.COMPLETED),  # sent -> completed skips acceptance
        ([], ReferralStatus.NO_SHOW),  # nothing was scheduled
        ([ReferralStatus.DECLINED], ReferralStatus.ACCEPTED),  # closed is final
        ([ReferralStatus.CANCELLED], ReferralStatus.SCHEDULED),
        ([], ReferralStatus.DRAFT),
    ],
)
def test_only_allowed_transitions_happen(sent, case_manager, path, refused):
    for status in path:
        _move(sent, case_manager, status, "Outcome")
    with pytest.raises(services.ReferralError):
        _move(sent, case_manager, refused, "Outcome", appointment_at=timezone.now())


def test_closing_needs_an_outcome_note(sent, case_manager):
    with pytest.raises(services.ReferralError) as error:
        _move(sent, case_manager, ReferralStatus.DECLINED, "  ")
    assert error.value.field == "note"
    sent.refresh_from_db()
    assert sent.is_open


def test_scheduling_needs_the_appointment(sent, case_manager):
    with pytest.raises(services.ReferralError) as error:
        _move(sent, case_manager, ReferralStatus.SCHEDULED)
    assert error.value.field == "appointment_at"


def test_send_is_not_a_plain_transition(draft, case_manager):
    with pytest.raises(services.ReferralError, match="consent"):
        _move(draft, case_manager, ReferralStatus.SENT)


def test_a_draft_is_cancelled_not_deleted(draft, case_manager):
    referral = _move(draft, case_manager, ReferralStatus.CANCELLED, "Client changed her mind")
    assert referral.status == ReferralStatus.CANCELLED
    for table in (ReferralEvent._meta.db_table, Referral._meta.db_table):
        column = "referral_id" if table == ReferralEvent._meta.db_table else "id"
        with pytest.raises(Exception, match="never deleted"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {table} WHERE {column} = %s", [draft.pk])  # noqa: S608


def test_the_database_refuses_a_closed_referral_without_an_outcome(sent):
    with (
        pytest.raises(IntegrityError, match="referral_closed_with_an_outcome"),
        transaction.atomic(),
    ):
        Referral.objects.filter(pk=sent.pk).update(
            status="completed", closed_on=timezone.localdate()
        )


def test_a_stale_status_change_is_refused(sent, case_manager):
    stale_version = sent.version
    _move(sent, case_manager, ReferralStatus.ACCEPTED)
    with pytest.raises(services.StaleReferralError):
        services.referral_transition(
            referral_id=sent.pk, version=stale_version, to_status="declined",
            changed_by=case_manager, note="Full",
        )  # fmt: skip


def test_a_follow_up_moves_the_next_date(sent, case_manager):
    referral = services.referral_follow_up_log(
        referral_id=sent.pk, version=sent.version, logged_by=case_manager,
        contact="provider", note="Left a message with intake",
    )  # fmt: skip
    assert referral.follow_up_on == timezone.localdate() + timedelta(days=7)
    chosen = timezone.localdate() + timedelta(days=3)
    referral = services.referral_follow_up_log(
        referral_id=sent.pk, version=referral.version, logged_by=case_manager,
        contact="client", note="She will call them", next_follow_up_on=chosen,
    )  # fmt: skip
    assert referral.follow_up_on == chosen
    assert referral.events.filter(kind="follow_up").count() == 2


def test_a_draft_is_not_followed_up(draft, case_manager):
    with pytest.raises(services.ReferralError):
        services.referral_follow_up_log(
            referral_id=draft.pk, version=None, logged_by=case_manager, contact="client", note="x"
        )


# Reminders -----------------------------------------------------------------------------------


def _open_reminders(kind):
    return Reminder.objects.filter(kind=kind, resolved_at__isnull=True)


def _sweep(kind, on=None):
    now = timezone.now() if on is None else on
    reminders.sweep(now=now, kinds=[kind])


def _set_follow_up(referral, day):
    Referral.objects.filter(pk=referral.pk).update(follow_up_on=day)


@pytest.mark.parametrize(
    "offset, reminded",
    [(-3, True), (0, True), (1, True), (2, False)],  # overdue, today, tomorrow, later
)
def test_the_follow_up_reminder_edges(sent, case_manager, offset, reminded):
    _set_follow_up(sent, timezone.localdate() + timedelta(days=offset))
    _sweep(REFERRAL_FOLLOW_UP)
    rows = list(_open_reminders(REFERRAL_FOLLOW_UP))
    assert bool(rows) is reminded
    if reminded:
        [row] = rows
        assert row.recipient == case_manager
        assert row.due_on == timezone.localdate() + timedelta(days=offset)
        assert "Housing" not in row.title and "housing" not in row.title  # no detail in e-mail


def test_closing_the_referral_resolves_its_follow_up_reminder(sent, case_manager):
    _set_follow_up(sent, timezone.localdate())
    _sweep(REFERRAL_FOLLOW_UP)
    assert _open_reminders(REFERRAL_FOLLOW_UP).count() == 1
    _move(sent, case_manager, ReferralStatus.NO_RESPONSE, "Three calls, no answer")
    _sweep(REFERRAL_FOLLOW_UP)
    assert _open_reminders(REFERRAL_FOLLOW_UP).count() == 0


def test_logging_a_follow_up_resolves_the_due_one(sent, case_manager):
    _set_follow_up(sent, timezone.localdate())
    _sweep(REFERRAL_FOLLOW_UP)
    sent.refresh_from_db()
    services.referral_follow_up_log(
        referral_id=sent.pk, version=sent.version, logged_by=case_manager,
        contact="provider", note="Waiting list",
    )  # fmt: skip
    _sweep(REFERRAL_FOLLOW_UP)
    assert _open_reminders(REFERRAL_FOLLOW_UP).count() == 0


def test_a_draft_is_never_reminded(draft):
    _set_follow_up(draft, timezone.localdate())
    _sweep(REFERRAL_FOLLOW_UP)
    assert not _open_reminders(REFERRAL_FOLLOW_UP).exists()


@pytest.mark.parametrize("days_ago, reminded", [(29, False), (30, True), (45, True)])
def test_no_outcome_after_30_days_reminds_the_referrer(sent, case_manager, days_ago, reminded):
    Referral.objects.filter(pk=sent.pk).update(
        sent_on=timezone.localdate() - timedelta(days=days_ago)
    )
    _sweep(REFERRAL_NO_OUTCOME)
    assert _open_reminders(REFERRAL_NO_OUTCOME).exists() is reminded
    if reminded:
        _move(sent, case_manager, ReferralStatus.DECLINED, "Not eligible")
        _sweep(REFERRAL_NO_OUTCOME)
        assert not _open_reminders(REFERRAL_NO_OUTCOME).exists()


def test_a_long_overdue_follow_up_escalates(sent, settings):
    settings.REMINDER_ESCALATE_AFTER_DAYS = 7
    _set_follow_up(sent, timezone.localdate() - timedelta(days=8))
    _sweep(REFERRAL_FOLLOW_UP)
    assert _open_reminders(REFERRAL_FOLLOW_UP).get().escalated
