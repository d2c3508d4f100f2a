"""Working without signal (issue #26), in a browser whose network is switched off: today's
clients taken onto the device, visits logged and signed offline, uploaded once when the
signal returns, a conflict shown and decided, and nothing readable left after sign-out."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from playwright.sync_api import Page, expect

from casework.models import AuditEvent, Reminder
from clients.models import Visit, VisitHandoff
from tests.e2e.conftest import PHONE, signed_in, wait_until
from tests.factories import (
    AssignmentFactory,
    CareProviderFactory,
    ClientFactory,
    transfer,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Everything a test reads from the device's storage, as text: IndexedDB's stores (typed
# arrays spelled out as numbers) and localStorage.
READ_STORAGE = """async () => {
  const db = await new Promise((ok, fail) => {
    const r = indexedDB.open("casework-offline");
    r.onsuccess = () => ok(r.result);
    r.onerror = () => fail(r.error);
  });
  const dump = {};
  for (const name of db.objectStoreNames) {
    dump[name] = await new Promise((ok) => {
      const r = db.transaction(name).objectStore(name).getAll();
      r.onsuccess = () => ok(r.result);
    });
  }
  db.close();
  const local = {};
  for (const key of Object.keys(localStorage)) local[key] = localStorage.getItem(key);
  return JSON.stringify({ indexedDB: dump, localStorage: local, session: sessionStorage.length },
    (k, v) => (v instanceof Uint8Array ? Array.from(v) : v));
}"""


@pytest.fixture
def today_clients(case_manager, team_a):
    """Two of the case manager's clients due today, one with a care team phone."""
    ana = ClientFactory(
        team=team_a,
        given_name="Anabel",
        family_name="Okafor",
        address="14 Harbor Road",
        phone="555-0101",
        next_contact_due=timezone.localdate(),
    )
    ben = ClientFactory(team=team_a, given_name="Benedikt", family_name="Marsh")
    for client in (ana, ben):
        AssignmentFactory(client=client, staff=case_manager)
    CareProviderFactory(client=ana, name="Dr. Rosa Prescott", phone="555-0142")
    return ana, ben


def _open_offline_page(page: Page, live_server, case_manager) -> None:
    signed_in(page, live_server.url, case_manager)
    page.goto(live_server.url + reverse("clients:offline"))
    expect(page.get_by_role("heading", name="Today, offline")).to_be_visible()
    # The service worker is in charge before the signal goes.
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    # ...with the page's scripts kept, though the page fetched them before the worker ran.
    script = page.locator("script[src*='offline/today']").get_attribute("src")
    assert page.evaluate("(url) => caches.match(url).then((found) => Boolean(found))", script)
    page.get_by_role("button", name="Take today offline").click()


def _card(page: Page, name: str):
    return page.locator("#today-list li", has_text=name)


def _log_visit(page: Page, name: str, *, plan: str, sign: bool = True) -> None:
    _card(page, name).get_by_role("button", name="Log a visit").click()
    form = page.locator("#offline-visit-form")
    form.get_by_label("Housing search").check()
    form.get_by_label("Data").fill(f"Met {name} in the shelter basement.")
    form.get_by_label("Assessment").fill("Calmer than last week.")
    form.get_by_label("Plan").fill(plan)
    if sign:
        page.once("dialog", lambda dialog: dialog.accept())
    form.get_by_role("button", name="Sign note" if sign else "Keep as draft").click()
    expect(page.locator("#visit-entry")).to_be_hidden()


def test_two_visits_signed_offline_reach_the_record_once(
    page: Page, live_server, case_manager, today_clients, snap
):
    ana, ben = today_clients
    _open_offline_page(page, live_server, case_manager)
    expect(page.locator("#today-list li")).to_have_count(2)
    card = _card(page, "Anabel Okafor")
    expect(card).to_contain_text("14 Harbor Road")
    ana.refresh_from_db()  # dates as the server writes them, not in the browser's locale
    expect(card).to_contain_text(f"Due {date_format(ana.next_contact_due, 'DATE_FORMAT')}")
    card.get_by_text("Crisis plan, care team, last plan").click()
    expect(card).to_contain_text("Dr. Rosa Prescott · 555-0142")
    taken = AuditEvent.objects.get(action="clients.offline.taken")
    assert sorted(taken.detail["clients"]) == sorted([ana.pk, ben.pk])
    snap(page, "offline-today")

    uploads: list[str] = []
    page.on(
        "request",
        lambda r: uploads.append(r.post_data) if r.url.endswith("/sync/visits/") else None,
    )
    page.context.set_offline(True)
    expect(page.locator("#signal")).to_have_text("No signal")
    _log_visit(page, "Anabel Okafor", plan="Call the housing office on Monday.")
    page.set_viewport_size(PHONE)
    _log_visit(page, "Benedikt Marsh", plan="Bring the bus pass form.")
    expect(page.locator("#count-waiting")).to_have_text("2")
    expect(page.locator("#sync-waiting")).to_contain_text("Anabel Okafor")
    snap(page, "offline-queued")
    assert not Visit.objects.exists()

    # The page reopened without signal comes from the service worker; its keys were in the
    # closed page's memory only, so the list and the queue stay sealed until the signal.
    page.reload()
    expect(page.get_by_role("heading", name="Today, offline")).to_be_visible()
    expect(page.locator("#today-status")).to_contain_text("locked")
    expect(page.locator("#count-waiting")).to_have_text("2")
    expect(page.locator("#sync-waiting")).not_to_contain_text("Anabel")

    page.context.set_offline(False)
    expect(page.locator("#count-synced")).to_have_text("2")
    expect(page.locator("#count-waiting")).to_have_text("0")
    snap(page, "offline-synced")
    plans = {ana: "Call the housing office on Monday.", ben: "Bring the bus pass form."}
    for client, plan in plans.items():
        visit = Visit.objects.get(client=client)
        assert visit.note["plan"] == plan and visit.signed_at is not None
        assert visit.device_id is not None and visit.device_signed_at is not None

    # The same uploads again (a retry after a lost answer): answered, never written twice.
    assert len(uploads) == 2
    token = page.evaluate("document.querySelector('[name=csrfmiddlewaretoken]').value")
    for body in list(uploads):
        answer = page.evaluate(
            """async ([url, body, token]) => {
                const r = await fetch(url, {method: "POST", body: body, headers: {
                  "Content-Type": "application/json", "X-CSRFToken": token}});
                return [r.status, await r.json()];
            }""",
            [live_server.url + reverse("clients:sync_visit_upload"), body, token],
        )
        assert answer[0] == 200 and answer[1]["status"] == "already_synced"
    assert Visit.objects.filter(client__in=[ana, ben]).count() == 2

    # Each is on its client's record, once, with both signing times.
    for client in (ana, ben):
        page.goto(live_server.url + reverse("clients:detail", kwargs={"pk": client.pk}))
        expect(page.locator(".timeline-visit")).to_have_count(1)
        expect(page.locator(".timeline-visit")).to_contain_text("Signed")
    visit = Visit.objects.get(client=ben)
    page.goto(
        live_server.url
        + reverse("clients:visit_detail", kwargs={"client_id": ben.pk, "pk": visit.pk})
    )
    expect(page.get_by_text("on a device without signal")).to_be_visible()
    expect(page.get_by_text("Bring the bus pass form.")).to_be_visible()
    snap(page, "offline-visit-on-record")


def test_a_client_transferred_while_offline_waits_for_a_decision(
    page: Page, live_server, case_manager, today_clients, team_b, outsider, snap
):
    ana, _ben = today_clients
    _open_offline_page(page, live_server, case_manager)
    expect(page.locator("#today-list li")).to_have_count(2)
    page.context.set_offline(True)
    _log_visit(page, "Anabel Okafor", plan="Call the housing office on Monday.")
    _log_visit(page, "Anabel Okafor", plan="A second try.", sign=False)
    expect(page.locator("#count-waiting")).to_have_text("2")

    # Meanwhile, with signal at the office, the client moves to team B.
    transfer(ana, to_team=team_b, by=case_manager, reason="Moved across town")
    AssignmentFactory(client=ana, staff=outsider)  # team B names its case manager
    page.context.set_offline(False)
    decide = page.locator("#sync-decide li")
    expect(decide).to_have_count(2)
    expect(decide.first).to_contain_text("moved to another team")
    # The text waits with the decision, readable to its author.
    expect(decide.first).to_contain_text("Call the housing office on Monday.")
    expect(decide.first.get_by_role("button", name="Keep as a late entry")).to_have_count(0)
    expect(page.locator("#count-synced")).to_have_text("0")
    snap(page, "offline-conflict")
    assert not Visit.objects.exists()

    decide.first.get_by_role("button", name="Send to the new case manager").click()
    expect(page.locator("#sync-synced")).to_contain_text("Sent to the client's new case manager")
    handoff = VisitHandoff.objects.get(client=ana)
    assert handoff.sent_to == outsider and handoff.sent_by == case_manager
    assert handoff.visit["note"]["plan"] == "Call the housing office on Monday."
    assert Reminder.objects.filter(recipient=outsider, object_id=handoff.pk).exists()

    last = page.locator("#sync-decide li")
    expect(last).to_have_count(1)
    last.get_by_label("Reason for discarding").fill("Told the new team by phone")
    last.get_by_role("button", name="Discard").click()
    expect(page.locator("#sync-decide li")).to_have_count(0)
    event = AuditEvent.objects.get(action="clients.visit.sync_discarded")
    assert event.detail["reason"] == "Told the new team by phone"
    assert not Visit.objects.exists() and VisitHandoff.objects.count() == 1
    snap(page, "offline-decided")


def test_signing_out_offline_leaves_nothing_readable(
    page: Page, live_server, case_manager, today_clients
):
    _open_offline_page(page, live_server, case_manager)
    expect(page.locator("#today-list li")).to_have_count(2)
    page.context.set_offline(True)
    _log_visit(page, "Anabel Okafor", plan="Call the housing office on Monday.")
    expect(page.locator("#count-waiting")).to_have_text("1")
    before = page.evaluate(READ_STORAGE)
    assert json.loads(before)["indexedDB"]["today"], "the list was on the device"

    page.get_by_role("button", name="Sign out").click()
    expect(page.locator("#signed-out-offline")).to_be_visible()
    stored = page.evaluate(READ_STORAGE)
    for readable in (
        "Anabel",
        "Okafor",
        "Benedikt",
        "Harbor Road",
        "555-0101",
        "Prescott",
        "housing office",
        "shelter basement",
    ):
        assert readable not in stored, f"{readable!r} left on the device"
    dump = json.loads(stored)
    assert dump["indexedDB"]["today"] == []
    # The visit not yet sent stays, sealed, for its author's next sign-in.
    assert [row["state"] for row in dump["indexedDB"]["queue"]] == ["waiting"]
    # Two marks, no client information: finish the sign-out, and a sealed queue is here.
    assert dump["localStorage"] == {
        "casework:signout-pending": "1",
        "casework:offline-holds-data": "1",
    }
    assert dump["session"] == 0
    assert page.evaluate("window.CaseworkOffline.memory().user") is None
    assert page.locator("#main").inner_text().strip().startswith("Signed out on this device")
    # With signal again, the next page finishes the sign-out on the server.
    page.context.set_offline(False)
    page.goto(live_server.url + reverse("dashboard"))
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    page.goto(live_server.url + reverse("clients:offline_keys"))
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()


def test_the_usual_visit_form_keeps_a_visit_signed_without_signal(
    page: Page, live_server, case_manager, today_clients, snap
):
    ana, _ben = today_clients
    signed_in(page, live_server.url, case_manager, "/")
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + reverse("clients:visit_create", kwargs={"client_id": ana.pk}))
    assert wait_until(lambda: page.evaluate("window.CaseworkOffline.hasKeys()"))
    page.context.set_offline(True)
    page.get_by_label("Data").fill("Met at the library; phone lost.")
    page.get_by_label("Assessment").fill("Worried, no risk indicators.")
    page.get_by_label("Plan").fill("Replace the phone on Friday.")
    page.get_by_role("button", name="Sign note…").click()
    page.locator("#sign-modal").get_by_role("button", name="Sign", exact=True).click()
    expect(page.locator("#offline-queued")).to_be_visible()
    snap(page, "visit-form-kept-offline")
    assert not Visit.objects.exists()
    # Only the sealed copy is left: the autosave's copy in clear is gone.
    assert "library" not in page.evaluate(READ_STORAGE)

    page.context.set_offline(False)
    assert wait_until(lambda: Visit.objects.filter(client=ana).exists())
    visit = Visit.objects.get(client=ana)
    assert visit.note["plan"] == "Replace the phone on Friday."
    assert visit.signed_at is not None and visit.device_signed_at is not None
