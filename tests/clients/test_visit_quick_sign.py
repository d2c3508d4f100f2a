"""The routine visit made short (issue #22): the form's defaults, signing from the first form,
the error summary, "My recent notes" and the primary / secondary marks."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.models import AuditEvent
from clients.models import AppointmentKind, AssignmentRole, Mode, Place, Visit
from clients.selectors.visit_defaults import visit_defaults_for
from tests.factories import AppointmentFactory, AssignmentFactory, UserFactory, VisitFactory

pytestmark = pytest.mark.django_db


def _form(**changes) -> dict:
    contact = timezone.localtime() - timedelta(minutes=45)
    data = {
        "contact_at": contact.strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": "45",
        "mode": Mode.FACE_TO_FACE,
        "place": Place.HOME,
        "services": ["housing"],
        "note_format": "dap",
        "note_data": "Met at home; fridge empty.",
        "note_assessment": "Low mood, no risk.",
        "note_plan": "Food bank on Monday.",
        "next_contact_due": "",
        "version": "",
    }
    data.update(changes)
    return data


# --- Defaults ------------------------------------------------------------------------------


def test_without_history_the_visit_starts_an_hour_ago(case_manager, client_a):
    defaults = visit_defaults_for(author=case_manager, client=client_a)
    now = timezone.localtime().replace(second=0, microsecond=0)
    assert defaults.duration_minutes == 60 and defaults.place == Place.HOME
    assert defaults.contact_at == now - timedelta(minutes=60)
    assert defaults.source == ""


def test_the_last_contact_gives_place_duration_and_the_start(case_manager, client_a):
    other = UserFactory()
    VisitFactory(client=client_a, author=other, duration_minutes=30, place=Place.COMMUNITY)
    VisitFactory(
        client=client_a,
        author=case_manager,
        contact_at=timezone.now() - timedelta(days=9),
        place=Place.OFFICE,
    )
    defaults = visit_defaults_for(author=case_manager, client=client_a)
    now = timezone.localtime().replace(second=0, microsecond=0)
    # The client's latest contact, whoever made it.
    assert (defaults.place, defaults.duration_minutes) == (Place.COMMUNITY, 30)
    assert defaults.contact_at == now - timedelta(minutes=30)
    assert defaults.source == "the last contact"


def test_an_attempt_or_a_retraction_is_not_the_last_contact(case_manager, client_a):
    VisitFactory(client=client_a, author=case_manager, place=Place.OFFICE, duration_minutes=20)
    VisitFactory(client=client_a, author=case_manager, mode=Mode.ATTEMPTED, place=Place.STREET)
    defaults = visit_defaults_for(author=case_manager, client=client_a)
    assert (defaults.place, defaults.duration_minutes) == (Place.OFFICE, 20)


def test_a_planned_visit_today_gives_its_time_duration_and_place(case_manager, client_a):
    VisitFactory(client=client_a, author=case_manager, place=Place.OFFICE, duration_minutes=20)
    starts = timezone.localtime().replace(hour=14, minute=0, second=0, microsecond=0)
    AppointmentFactory(
        client=client_a,
        staff=case_manager,
        kind=AppointmentKind.PLANNED_VISIT,
        starts_at=starts,
        duration_minutes=50,
        place="Her home, 12 Elm St",
    )
    defaults = visit_defaults_for(author=case_manager, client=client_a)
    assert defaults.contact_at == starts and defaults.duration_minutes == 50
    assert defaults.place == Place.HOME and defaults.mode == Mode.FACE_TO_FACE
    assert defaults.source == "your planned visit at 14:00"


def test_the_booking_named_from_my_week_wins(case_manager, client_a, client_b):
    starts = timezone.localtime().replace(hour=9, minute=30, second=0, microsecond=0)
    booking = AppointmentFactory(
        client=client_a, staff=case_manager, starts_at=starts, place="Harbor Clinic"
    )
    defaults = visit_defaults_for(author=case_manager, client=client_a, appointment_id=booking.pk)
    assert defaults.contact_at == starts and defaults.place == Place.COMMUNITY
    # Another client's booking is not this visit's.
    defaults = visit_defaults_for(author=case_manager, client=client_b, appointment_id=booking.pk)
    assert defaults.source == ""


def test_the_form_offers_the_defaults(client, case_manager, client_a):
    VisitFactory(client=client_a, author=case_manager, place=Place.SHELTER, duration_minutes=25)
    client.force_login(case_manager)
    response = client.get(reverse("clients:visit_create", kwargs={"client_id": client_a.pk}))
    form = response.context["form"]
    assert form.initial["place"] == Place.SHELTER and form.initial["duration_minutes"] == 25
    body = response.content.decode()
    assert "from the last contact" in body
    assert body.count("Required to sign.") == 10  # each section, shown for its formats
    assert reverse("clients:visit_create_sign", kwargs={"client_id": client_a.pk}) in body


# --- Sign from the first form --------------------------------------------------------------


def test_sign_on_the_first_form_saves_and_signs_in_one_step(client, case_manager, client_a):
    client.force_login(case_manager)
    url = reverse("clients:visit_create_sign", kwargs={"client_id": client_a.pk})
    response = client.post(url, _form())
    visit = Visit.objects.get()
    assert response.status_code == 302
    assert response.url == reverse(
        "clients:visit_detail", kwargs={"client_id": client_a.pk, "pk": visit.pk}
    )
    assert visit.signed_at is not None and visit.note["plan"] == "Food bank on Monday."
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"clients.visit.created", "clients.visit.signed"} <= actions


def test_an_incomplete_note_signs_nothing_and_saves_nothing(client, case_manager, client_a):
    client.force_login(case_manager)
    url = reverse("clients:visit_create_sign", kwargs={"client_id": client_a.pk})
    response = client.post(url, _form(note_plan="  "))
    assert response.status_code == 200
    assert not Visit.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="clients.visit.").exists()
    body = response.content.decode()
    # The summary at the top links to the field; the message also stands at the field.
    assert "data-error-summary" in body
    assert 'href="#id_note_plan" data-error-target="id_note_plan">Plan</a>' in body
    message = body.index("Write the Plan section before signing.")
    assert body.index('id="id_note_plan_error"') < message  # beside the field


def test_a_reader_cannot_sign_from_the_first_form(client, compliance, client_a):
    client.force_login(compliance)
    url = reverse("clients:visit_create_sign", kwargs={"client_id": client_a.pk})
    assert client.post(url, _form()).status_code == 403
    assert not Visit.objects.exists()


# --- Errors on every form ------------------------------------------------------------------


def test_an_addendum_without_its_reason_shows_the_summary(client, case_manager, client_a):
    visit = VisitFactory(client=client_a, author=case_manager, signed_at=timezone.now())
    client.force_login(case_manager)
    url = reverse("clients:visit_addendum", kwargs={"client_id": client_a.pk, "pk": visit.pk})
    response = client.post(url, {"kind": "addendum", "text": "Also asked about a bus pass."})
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert 'href="#id_reason" data-error-target="id_reason">Reason</a>' in body
    assert "Give the reason." in body


def test_a_radio_group_in_error_links_to_its_first_box(client, case_manager, client_a):
    visit = VisitFactory(client=client_a, author=case_manager, signed_at=timezone.now())
    client.force_login(case_manager)
    url = reverse("clients:visit_addendum", kwargs={"client_id": client_a.pk, "pk": visit.pk})
    body = client.post(url, {"kind": "nonsense"}).content.decode()
    assert 'href="#id_kind_0"' in body


# --- My recent notes -----------------------------------------------------------------------


def test_my_recent_notes_lists_my_signed_notes_and_drafts_of_30_days(
    client, case_manager, client_a, django_assert_max_num_queries
):
    now = timezone.now()
    signed = VisitFactory(client=client_a, author=case_manager, signed_at=now)
    draft = VisitFactory(client=client_a, author=case_manager)
    old = VisitFactory(client=client_a, author=case_manager, contact_at=now - timedelta(days=31))
    theirs = VisitFactory(client=client_a, author=UserFactory())
    for _ in range(5):
        VisitFactory(client=client_a, author=case_manager)
    client.force_login(case_manager)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("clients:recent_notes"))
    shown = {v.pk for v in response.context["page"].object_list}
    assert {signed.pk, draft.pk} <= shown and old.pk not in shown and theirs.pk not in shown
    body = response.content.decode()
    assert (
        reverse("clients:visit_detail", kwargs={"client_id": client_a.pk, "pk": signed.pk}) in body
    )
    assert reverse("clients:visit_edit", kwargs={"client_id": client_a.pk, "pk": draft.pk}) in body


def test_the_dashboard_leads_to_my_recent_notes(client, case_manager):
    client.force_login(case_manager)
    assert reverse("clients:recent_notes") in client.get(reverse("dashboard")).content.decode()


# --- Due rows: one tap to the form, and whose client it is ---------------------------------


def test_due_rows_offer_log_visit_and_mark_primary_or_secondary(
    client, case_manager, client_a, team_a
):
    from clients.services.contact_dates import contact_dates_refresh
    from tests.factories import ClientFactory

    other = ClientFactory(team=team_a, given_name="Noor", family_name="Haddad")
    AssignmentFactory(client=client_a, staff=case_manager)
    AssignmentFactory(client=other, staff=case_manager, role=AssignmentRole.SECONDARY)
    contact_dates_refresh(client_ids=[client_a.pk, other.pk])
    client.force_login(case_manager)
    for url in (reverse("dashboard"), reverse("clients:caseload")):
        body = client.get(url).content.decode()
        for c in (client_a, other):
            assert reverse("clients:visit_create", kwargs={"client_id": c.pk}) in body, url
        assert ">Primary</span>" in body and ">Secondary</span>" in body, url


def test_my_week_logs_a_planned_visit_in_one_tap_with_its_defaults(client, case_manager, client_a):
    starts = timezone.localtime().replace(hour=11, minute=0, second=0, microsecond=0)
    plan = AppointmentFactory(
        client=client_a,
        staff=case_manager,
        kind=AppointmentKind.PLANNED_VISIT,
        starts_at=starts,
        duration_minutes=30,
        place="Her home",
    )
    client.force_login(case_manager)
    body = client.get(reverse("clients:my_week")).content.decode()
    link = reverse("clients:visit_create", kwargs={"client_id": client_a.pk})
    assert f"{link}?appointment={plan.pk}" in body
    form = client.get(link, {"appointment": plan.pk}).context["form"]
    assert form.initial["contact_at"] == starts and form.initial["duration_minutes"] == 30
