"""The visit pages: quick entry, autosave, signing, detail with addenda, unsigned and overdue
lists, with their query budgets."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.models import AuditEvent
from clients.models import AddendumKind, Mode, NoteAddendum, Place, Visit
from tests.clock import when_run
from tests.factories import ClientFactory, MembershipFactory, VisitFactory

pytestmark = pytest.mark.django_db


def _form(**changes) -> dict:
    contact = timezone.localtime() - timedelta(hours=1)
    data = {
        "contact_at": contact.strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": "40",
        "mode": Mode.FACE_TO_FACE,
        "place": Place.HOME,
        "services": ["housing", "food"],
        "note_format": "dap",
        "note_data": "Met at home; fridge empty.",
        "note_assessment": "Low mood, no risk.",
        "note_plan": "Food bank on Monday.",
        "next_contact_due": "",
        "version": "1",
    }
    data.update(changes)
    return data


@pytest.fixture
def draft(client_a, case_manager):
    return VisitFactory(client=client_a, author=case_manager)


def _url(name, visit):
    return reverse(name, kwargs={"client_id": visit.client_id, "pk": visit.pk})


# --- Quick entry -------------------------------------------------------------------------


def test_quick_entry_offers_sensible_defaults(client, case_manager, client_a):
    VisitFactory(client=client_a, author=case_manager, mode=Mode.PHONE, place=Place.REMOTE)
    client.force_login(case_manager)
    response = client.get(reverse("clients:visit_create", kwargs={"client_id": client_a.pk}))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["mode"] == Mode.PHONE and form.initial["place"] == Place.REMOTE
    assert form.initial["next_contact_due"] == timezone.localdate() + timedelta(days=7)
    body = response.content.decode()
    assert 'type="datetime-local"' in body and 'data-standard-days="7"' in body
    assert "<script>" not in body and " onclick=" not in body


def test_saving_quick_entry_creates_a_draft_and_opens_it(client, case_manager, client_a):
    client.force_login(case_manager)
    url = reverse("clients:visit_create", kwargs={"client_id": client_a.pk})
    response = client.post(url, _form())
    visit = Visit.objects.get()
    assert response.status_code == 302 and response.url == _url("clients:visit_edit", visit)
    assert visit.author == case_manager and visit.signed_at is None
    assert visit.services == ["housing", "food"]
    client_a.refresh_from_db()
    assert client_a.last_contact_on == timezone.localtime(visit.contact_at).date()


def test_saving_quick_entry_costs_the_same_queries_whatever_the_history(
    client, case_manager, client_a, django_assert_max_num_queries
):
    url = reverse("clients:visit_create", kwargs={"client_id": client_a.pk})
    client.force_login(case_manager)
    client.get(reverse("dashboard"))  # the session's save of the first request
    for visits in (0, 30):
        VisitFactory.create_batch(visits, client=client_a, author=case_manager)
        # session, user; the client in scope (its team's and its own program joined),
        # memberships, the goals offered; savepoint, the client locked (programs and agency
        # joined), the visit, the latest contact read and the client's dates written, missed
        # appointments followed up, a planned visit completed, the audit event, release.
        with django_assert_max_num_queries(14):
            assert client.post(url, _form()).status_code == 302


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"contact_at": lambda: f"{timezone.localtime() + timedelta(days=1):%Y-%m-%dT%H:%M}"},
            "contact_at",
            "cannot be in the future",
        ),
        ({"duration_minutes": "-10"}, "duration_minutes", "duration in minutes"),
        ({"duration_minutes": "2000"}, "duration_minutes", "at most 1440"),
        (
            {"next_contact_due": lambda: (timezone.localdate() + timedelta(days=30)).isoformat()},
            "next_contact_due",
            "every 7 days",
        ),
    ],
)
def test_bad_input_is_explained_at_the_field(
    client, case_manager, client_a, changes, field, message
):
    client.force_login(case_manager)
    url = reverse("clients:visit_create", kwargs={"client_id": client_a.pk})
    response = client.post(url, _form(**when_run(changes)))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not Visit.objects.exists()


def test_compliance_cannot_open_quick_entry(client, compliance, client_a):
    client.force_login(compliance)
    url = reverse("clients:visit_create", kwargs={"client_id": client_a.pk})
    assert client.get(url).status_code == 403


def test_another_teams_client_is_404(client, case_manager, client_b):
    client.force_login(case_manager)
    url = reverse("clients:visit_create", kwargs={"client_id": client_b.pk})
    assert client.get(url).status_code == 404
    assert client.post(url, _form()).status_code == 404


# --- Editing and autosave ----------------------------------------------------------------


def test_the_draft_page_shows_when_it_was_saved(client, case_manager, draft):
    client.force_login(case_manager)
    response = client.get(_url("clients:visit_edit", draft))
    body = response.content.decode()
    assert "Saved at" in body and 'hx-post="' + _url("clients:visit_autosave", draft) in body


def test_autosave_saves_and_returns_the_new_version(client, case_manager, draft):
    client.force_login(case_manager)
    response = client.post(
        _url("clients:visit_autosave", draft),
        _form(note_data="Typed on the bus."),
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert response["X-Casework-Autosave"] == "saved"
    body = response.content.decode()
    assert "Saved at" in body
    assert 'name="version" value="2"' in body and 'hx-swap-oob="true"' in body
    draft.refresh_from_db()
    assert draft.note["data"] == "Typed on the bus." and draft.version == 2


def test_autosave_refuses_a_stale_version_and_says_so(client, case_manager, draft):
    Visit.objects.filter(pk=draft.pk).update(version=3)  # saved from another device
    client.force_login(case_manager)
    response = client.post(
        _url("clients:visit_autosave", draft), _form(note_data="Mine"), HTTP_HX_REQUEST="true"
    )
    assert response["X-Casework-Autosave"] == "refused"
    assert "Not saved" in response.content.decode()
    assert "saved elsewhere" in response.content.decode()
    draft.refresh_from_db()
    assert draft.note["data"] == "Met at home."


def test_autosave_of_invalid_input_names_the_field(client, case_manager, draft):
    client.force_login(case_manager)
    response = client.post(
        _url("clients:visit_autosave", draft),
        _form(duration_minutes="5000"),
        HTTP_HX_REQUEST="true",
    )
    assert response["X-Casework-Autosave"] == "refused"
    assert "Duration (minutes): A contact lasts at most 1440" in response.content.decode()


def test_autosave_after_the_session_ended_redirects_to_sign_in(client, draft):
    response = client.post(_url("clients:visit_autosave", draft), _form())
    assert response.status_code == 302 and "/login/" in response.url
    assert "X-Casework-Autosave" not in response


def test_only_the_author_edits_a_draft(client, supervisor, draft):
    client.force_login(supervisor)
    assert client.get(_url("clients:visit_edit", draft)).status_code == 403
    assert client.post(_url("clients:visit_autosave", draft), _form()).status_code == 403


def test_a_stale_form_save_keeps_the_users_text(client, case_manager, draft):
    Visit.objects.filter(pk=draft.pk).update(version=5)
    client.force_login(case_manager)
    response = client.post(_url("clients:visit_edit", draft), _form(note_data="My long text"))
    assert response.status_code == 200
    assert "saved elsewhere" in response.content.decode()
    assert "My long text" in response.content.decode()


def test_a_signed_note_has_no_edit_page(client, case_manager, client_a):
    signed = VisitFactory(client=client_a, author=case_manager, signed_at=timezone.now())
    client.force_login(case_manager)
    response = client.get(_url("clients:visit_edit", signed))
    assert response.status_code == 302 and response.url == _url("clients:visit_detail", signed)


# --- Signing -----------------------------------------------------------------------------


def test_signing_saves_the_text_as_shown_and_locks_it(client, case_manager, draft):
    client.force_login(case_manager)
    response = client.post(_url("clients:visit_sign", draft), _form(note_plan="Final plan."))
    assert response.status_code == 302 and response.url == _url("clients:visit_detail", draft)
    draft.refresh_from_db()
    assert draft.signed_at is not None and draft.note["plan"] == "Final plan."
    assert AuditEvent.objects.filter(action="clients.visit.signed").count() == 1


def test_signing_with_an_empty_section_is_refused_at_the_section(client, case_manager, draft):
    client.force_login(case_manager)
    response = client.post(_url("clients:visit_sign", draft), _form(note_assessment=""))
    assert response.status_code == 200
    assert "Write the Assessment section" in " ".join(
        response.context["form"].errors["note_assessment"]
    )
    draft.refresh_from_db()
    assert draft.signed_at is None


def test_nobody_but_the_author_signs(client, supervisor, draft):
    client.force_login(supervisor)
    assert client.post(_url("clients:visit_sign", draft), _form()).status_code == 403
    draft.refresh_from_db()
    assert draft.signed_at is None


def test_a_late_signature_is_marked_late_entry(client, case_manager, client_a):
    old = VisitFactory(
        client=client_a, author=case_manager, contact_at=timezone.now() - timedelta(days=2)
    )
    contact = timezone.localtime(old.contact_at).strftime("%Y-%m-%dT%H:%M")
    client.force_login(case_manager)
    client.post(_url("clients:visit_sign", old), _form(contact_at=contact))
    response = client.get(_url("clients:visit_detail", old))
    assert "LATE ENTRY" in response.content.decode()


# --- Detail and addenda ------------------------------------------------------------------


@pytest.fixture
def signed(client_a, case_manager):
    return VisitFactory(client=client_a, author=case_manager, signed_at=timezone.now())


def test_the_detail_page_audits_the_view(client, supervisor, signed):
    client.force_login(supervisor)
    response = client.get(_url("clients:visit_detail", signed))
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="clients.visit.view")
    assert event.object_id == str(signed.pk) and event.actor == supervisor
    assert event.client_id == signed.client_id


def test_the_detail_page_is_404_for_another_team(client, outsider, signed):
    client.force_login(outsider)
    assert client.get(_url("clients:visit_detail", signed)).status_code == 404
    assert not AuditEvent.objects.filter(action="clients.visit.view").exists()


def test_addenda_show_under_the_original(client, case_manager, supervisor, signed):
    client.force_login(case_manager)
    response = client.post(
        _url("clients:visit_addendum", signed),
        {
            "kind": AddendumKind.LATE_ENTRY,
            "text": "Client also asked about bus passes.",
            "reason": "",
        },
    )
    assert response.status_code == 302
    client.force_login(supervisor)
    client.post(
        _url("clients:visit_addendum", signed),
        {"kind": AddendumKind.CORRECTION, "text": "The visit was at the park.", "reason": "Place"},
    )
    body = client.get(_url("clients:visit_detail", signed)).content.decode()
    assert body.index("Met at home.") < body.index("bus passes") < body.index("at the park")
    assert "LATE ENTRY" in body and "Correction" in body


def test_an_addendum_without_its_reason_is_refused_at_the_field(client, case_manager, signed):
    client.force_login(case_manager)
    response = client.post(
        _url("clients:visit_addendum", signed),
        {"kind": AddendumKind.ADDENDUM, "text": "More", "reason": ""},
    )
    assert response.status_code == 200
    assert "Give the reason" in " ".join(response.context["addendum_form"].errors["reason"])
    assert not NoteAddendum.objects.exists()


def test_a_colleague_who_is_not_the_author_or_supervisor_gets_403(client, team_a, signed):
    colleague = MembershipFactory(team=team_a).user
    client.force_login(colleague)
    response = client.post(
        _url("clients:visit_addendum", signed),
        {"kind": AddendumKind.ADDENDUM, "text": "x", "reason": "y"},
    )
    assert response.status_code == 403
    assert (
        "Add to this note" not in client.get(_url("clients:visit_detail", signed)).content.decode()
    )


def test_entered_in_error_keeps_the_note_readable(client, case_manager, signed):
    client.force_login(case_manager)
    client.post(
        _url("clients:visit_addendum", signed),
        {"kind": AddendumKind.ENTERED_IN_ERROR, "text": "", "reason": "Wrong client"},
    )
    body = client.get(_url("clients:visit_detail", signed)).content.decode()
    assert "Entered in error" in body and "Met at home." in body and "Wrong client" in body


def test_the_detail_page_costs_the_same_with_many_addenda(
    client, case_manager, signed, django_assert_max_num_queries
):
    for n in range(20):
        NoteAddendum.objects.create(
            visit=signed, kind=AddendumKind.ADDENDUM, text=f"n{n}", reason="r", author=case_manager
        )
    client.force_login(case_manager)
    # session, user, memberships, client, visit+author, addenda+authors, audit insert,
    # plus the navigation's own reads.
    with django_assert_max_num_queries(12):
        assert client.get(_url("clients:visit_detail", signed)).status_code == 200


# --- Unsigned and overdue lists ----------------------------------------------------------


def test_my_unsigned_notes_are_my_drafts_oldest_first(client, case_manager, supervisor, client_a):
    newer = VisitFactory(client=client_a, author=case_manager)
    older = VisitFactory(
        client=client_a, author=case_manager, contact_at=timezone.now() - timedelta(days=5)
    )
    VisitFactory(client=client_a, author=case_manager, signed_at=timezone.now())
    VisitFactory(client=client_a, author=supervisor)
    client.force_login(case_manager)
    response = client.get(reverse("clients:unsigned_notes"))
    assert list(response.context["page"]) == [older, newer]
    body = response.content.decode()
    assert "Amara Teamay" in body and _url("clients:visit_edit", older) in body


def test_an_overdue_draft_is_marked(client, case_manager, client_a):
    VisitFactory(
        client=client_a,
        author=case_manager,
        contact_at=timezone.now() - timedelta(days=9),
        sign_due_at=timezone.now() - timedelta(days=2),
    )
    client.force_login(case_manager)
    assert "Overdue" in client.get(reverse("clients:unsigned_notes")).content.decode()


@pytest.mark.parametrize("count", [1, 30])
def test_the_unsigned_list_costs_the_same_at_any_size(
    client, case_manager, team_a, count, django_assert_max_num_queries
):
    for _ in range(count):
        VisitFactory(client=ClientFactory(team=team_a), author=case_manager)
    client.force_login(case_manager)
    # session, user, memberships, count, one page of drafts with their clients, the session
    # save (savepoint, update, release), and one for the navigation's reminder badge.
    with django_assert_max_num_queries(10):
        assert client.get(reverse("clients:unsigned_notes")).status_code == 200


def test_supervisors_see_the_teams_overdue_notes_and_case_managers_their_own(
    client, case_manager, supervisor, team_a, client_a, client_b, outsider
):
    late = timezone.now() - timedelta(days=1)
    mine = VisitFactory(client=client_a, author=case_manager, sign_due_at=late)
    colleague = MembershipFactory(team=team_a).user
    theirs = VisitFactory(client=client_a, author=colleague, sign_due_at=late)
    VisitFactory(client=client_a, author=colleague)  # not yet due
    VisitFactory(client=client_b, author=outsider, sign_due_at=late)  # another team

    client.force_login(supervisor)
    assert set(client.get(reverse("clients:overdue_notes")).context["page"]) == {mine, theirs}
    client.force_login(case_manager)
    assert list(client.get(reverse("clients:overdue_notes")).context["page"]) == [mine]


@pytest.mark.parametrize("count", [1, 30])
def test_the_overdue_list_costs_the_same_at_any_size(
    client, supervisor, case_manager, team_a, count, django_assert_max_num_queries
):
    for _ in range(count):
        VisitFactory(
            client=ClientFactory(team=team_a),
            author=case_manager,
            sign_due_at=timezone.now() - timedelta(hours=1),
        )
    client.force_login(supervisor)
    # session, user, memberships, count, one page with clients and authors, the session
    # save (savepoint, update, release), and one for the navigation's reminder badge.
    with django_assert_max_num_queries(10):
        assert client.get(reverse("clients:overdue_notes")).status_code == 200
