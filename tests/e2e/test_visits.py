"""A case manager on a phone logs a visit, watches it autosave, signs it and sees it signed.
(The record page's timeline and the caseload come later; the lead extends this test.)"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from clients.models import Visit
from tests.e2e.conftest import PHONE, page_width, signed_in
from tests.factories import ClientFactory, VisitFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _no_sideways_scrolling(page: Page) -> None:
    page.set_viewport_size(PHONE)  # snap() leaves the page at desktop width
    assert page_width(page) <= PHONE["width"]


def test_a_case_manager_logs_and_signs_a_visit_on_a_phone(
    page: Page, live_server, case_manager, client_a, team_a, snap
):
    older = ClientFactory(team=team_a, given_name="Rosa", family_name="Quintero")
    VisitFactory(
        client=older,
        author=case_manager,
        contact_at=timezone.now() - timedelta(days=4),
        sign_due_at=timezone.now() - timedelta(hours=3),
    )
    page.set_viewport_size(PHONE)
    signed_in(page, live_server.url, case_manager)

    page.goto(live_server.url + reverse("clients:visit_create", kwargs={"client_id": client_a.pk}))
    expect(page.get_by_role("heading", name="Log a contact")).to_be_visible()
    _no_sideways_scrolling(page)
    snap(page, "visit-quick-entry")

    page.get_by_label("Housing search").check()
    page.get_by_label("Data").fill("Met at home. Fridge nearly empty; rent letter arrived.")
    page.get_by_label("Assessment").fill("Low mood but engaged; no risk indicators.")
    page.get_by_role("button", name="Save draft").click()

    expect(page.get_by_role("heading", name="Draft note")).to_be_visible()
    expect(page.locator("#autosave-status")).to_contain_text("Saved at")
    visit = Visit.objects.get(client=client_a)
    assert visit.signed_at is None and visit.services == ["housing"]

    # Typing saves by itself: the version moves on and the status says so. (Once the page's
    # scripts have run: htmx binds the form's trigger when the document is ready, and the
    # heading above is visible before that on a busy machine.)
    page.wait_for_load_state("load")
    page.get_by_label("Plan").fill("Food bank Monday; call landlord together.")
    expect(page.locator("#id_version")).to_have_value("2")
    expect(page.locator("#autosave-status")).to_contain_text("Saved at")
    visit.refresh_from_db()
    assert visit.note["plan"] == "Food bank Monday; call landlord together."
    snap(page, "visit-draft-autosaved")

    page.get_by_role("button", name="Sign note…").click()
    expect(page.get_by_role("heading", name="Sign this note?")).to_be_visible()
    page.get_by_role("button", name="Sign", exact=True).click()

    expect(page.get_by_text("Note signed.")).to_be_visible()
    expect(page.locator(".badge", has_text="Signed")).to_be_visible()
    expect(page.get_by_text("Food bank Monday")).to_be_visible()
    visit.refresh_from_db()
    assert visit.signed_at is not None

    page.get_by_label("Late entry").check()
    page.get_by_label("Text").fill("Client also asked about a bus pass.")
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.get_by_text("Client also asked about a bus pass.")).to_be_visible()
    expect(page.locator(".addendum .badge", has_text="LATE ENTRY")).to_be_visible()
    _no_sideways_scrolling(page)
    snap(page, "visit-signed-with-addenda")

    page.goto(live_server.url + reverse("clients:unsigned_notes"))
    expect(page.get_by_role("link", name="Rosa Quintero")).to_be_visible()
    expect(page.get_by_text("Overdue", exact=True)).to_be_visible()
    _no_sideways_scrolling(page)
    snap(page, "unsigned-notes")
    page.get_by_role("link", name="Rosa Quintero").click()
    expect(page.get_by_role("heading", name="Draft note")).to_be_visible()


def test_text_typed_offline_is_kept_and_saved_when_back(
    page: Page, live_server, case_manager, client_a
):
    visit = VisitFactory(client=client_a, author=case_manager)
    signed_in(page, live_server.url, case_manager, "/")
    edit = live_server.url + reverse(
        "clients:visit_edit", kwargs={"client_id": client_a.pk, "pk": visit.pk}
    )
    page.goto(edit)
    expect(page.locator("#autosave-status")).to_contain_text("Saved at")

    page.context.set_offline(True)
    page.get_by_label("Plan").fill("Typed in a basement with no signal.")
    expect(page.get_by_text("Not saved — offline")).to_be_visible()
    visit.refresh_from_db()
    assert visit.note["plan"] == "Call Friday."

    page.context.set_offline(False)
    page.goto(edit)  # e.g. the next morning: the device copy is newer than the server's
    expect(page.get_by_label("Plan")).to_have_value("Typed in a basement with no signal.")
    expect(page.get_by_text("Restored text kept on this device")).to_be_visible()
    expect(page.locator("#id_version")).to_have_value("2")
    visit.refresh_from_db()
    assert visit.note["plan"] == "Typed in a basement with no signal."
    assert page.evaluate("Object.keys(localStorage).length") == 0


def test_signing_out_leaves_no_note_text_on_the_device(
    page: Page, live_server, case_manager, client_a
):
    visit = VisitFactory(client=client_a, author=case_manager)
    signed_in(page, live_server.url, case_manager)
    page.goto(
        live_server.url
        + reverse("clients:visit_edit", kwargs={"client_id": client_a.pk, "pk": visit.pk})
    )
    page.context.set_offline(True)  # the save cannot happen, so the device copy stays
    page.get_by_label("Plan").fill("Private words typed on a shared tablet.")
    expect(page.get_by_text("Not saved — offline")).to_be_visible()
    assert "Private words" in page.evaluate("JSON.stringify(localStorage)")
    page.context.set_offline(False)

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_label("E-mail address")).to_be_visible()
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('casework:'))") == []
