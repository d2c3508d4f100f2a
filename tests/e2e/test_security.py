"""Security in the browser: compliance answers "who saw this client last month" in one page;
a staff member enrols an authenticator app and signs in with a code; emergency access with a
reason shows the banner."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.db import transaction
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from casework.audit import audit_record
from tests.db_owner import as_owner
from tests.e2e.conftest import PHONE, sign_in, signed_in, wait_until
from tests.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BLOCKING = {"serious", "critical"}


def _blocking_violations(page: Page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
        for v in results.response["violations"]
        if v["impact"] in BLOCKING
    ]


def _viewed(actor, client, days_ago):
    event = audit_record(
        action="clients.client.view",
        actor=actor,
        obj=client,
        client_id=client.pk,
        agency_id=client.agency_id,
    )
    # Back-date behind the append-only trigger, with the owner's rights.
    with transaction.atomic(), as_owner() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(
            "UPDATE casework_auditevent SET occurred_at = %s WHERE id = %s",
            [timezone.now() - timedelta(days=days_ago), event.pk],
        )


def test_compliance_sees_who_opened_a_record_last_month(
    page: Page, live_server, compliance, case_manager, supervisor, client_a, snap
):
    _viewed(case_manager, client_a, days_ago=12)
    _viewed(supervisor, client_a, days_ago=26)
    _viewed(case_manager, client_a, days_ago=70)
    signed_in(page, live_server.url, compliance)
    page.goto(f"{live_server.url}/clients/{client_a.pk}/")
    panel_link = page.get_by_role("link", name="Who opened this record", exact=True)
    expect(panel_link).to_be_visible()
    panel_link.click()

    expect(page.get_by_role("heading", name=re.compile("Who opened Amara Teamay"))).to_be_visible()
    # The last 30 days: the reviewer herself (just now), Casey (12 days ago; not 70) and
    # Sandra (26 days ago).
    people = page.get_by_role("table")
    expect(people.get_by_role("row")).to_have_count(4)
    expect(people.get_by_role("row", name=re.compile(r"Casey Manager 1 "))).to_be_visible()
    expect(people.get_by_role("row", name=re.compile(r"Sandra Supervisor 1 "))).to_be_visible()
    expect(people.get_by_role("row", name=re.compile(r"Cora Compliance"))).to_be_visible()
    snap(page, "security-who-opened")
    assert _blocking_violations(page) == []

    page.get_by_role("link", name="Every event for this client").click()
    expect(page.get_by_role("heading", name="Audit report")).to_be_visible()
    expect(page.get_by_role("link", name="Export CSV")).to_be_visible()
    snap(page, "security-audit-report")
    assert _blocking_violations(page) == []


def test_a_staff_member_enrols_totp_and_signs_in_with_a_code(
    page: Page, live_server, case_manager, settings, snap
):
    settings.REQUIRE_2FA = True
    sign_in(page, live_server.url, case_manager.email, PASSWORD)
    expect(page.get_by_role("heading", name="Set up two-factor sign-in")).to_be_visible()
    expect(page.locator(".totp-qr svg")).to_be_visible()
    snap(page, "security-two-factor-setup")
    assert _blocking_violations(page) == []

    device = TOTPDevice.objects.get(user=case_manager)
    secret = page.get_by_test_id("totp-secret").inner_text().replace(" ", "")
    assert secret  # the key a person would type into the app by hand
    now = f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"
    page.locator("#id_code").fill(now)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="Two-factor sign-in is on")).to_be_visible()
    expect(page.get_by_test_id("recovery-codes").locator("li")).to_have_count(10)
    snap(page, "security-recovery-codes")

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, live_server.url, case_manager.email, PASSWORD)
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
    snap(page, "security-two-factor-verify")
    assert _blocking_violations(page) == []
    page.locator("#id_code").fill(now)  # the same code again: refused
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("already used")).to_be_visible()
    # django-otp slows guessing: after a failure the next try must wait until the device
    # allows one again (a second later).
    assert wait_until(lambda: TOTPDevice.objects.get(pk=device.pk).verify_is_allowed()[0])
    later = f"{totp(device.bin_key, device.step, device.t0 - device.step, device.digits):06d}"
    page.locator("#id_code").fill(later)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Good to see you, Casey")).to_be_visible()


def test_emergency_access_with_a_reason_shows_the_banner_and_is_reviewed(
    page: Page, live_server, outsider, supervisor, client_a, snap
):
    page.set_viewport_size(PHONE)
    signed_in(page, live_server.url, outsider, "/")
    page.get_by_role("link", name="Emergency access to another team's client").click()
    expect(page.get_by_role("heading", name="Emergency access to a client")).to_be_visible()
    snap(page, "security-emergency-start")
    assert _blocking_violations(page) == []

    page.get_by_label("Client record number").fill("A-1")
    page.get_by_label("Why do you need this record now?").fill("short")
    page.get_by_role("button", name="Open the record").click()
    expect(page.get_by_text("at least 20 characters")).to_be_visible()

    page.get_by_label("Why do you need this record now?").fill(
        "Client called the crisis line; on-call worker needs the safety plan"
    )
    page.get_by_role("button", name="Open the record").click()
    expect(page.get_by_role("heading", name="Amara Teamay")).to_be_visible()
    banner = page.get_by_test_id("emergency-banner")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("A-1")
    snap(page, "security-emergency-banner")
    assert _blocking_violations(page) == []

    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="Sign out").click()
    signed_in(page, live_server.url, supervisor, "/")
    # Supervisors reach the review from their team's dashboard (its emergency queue).
    page.get_by_role("link", name="Team", exact=True).click()
    page.get_by_role("link", name="All emergency access").click()
    expect(page.get_by_text("Otto Outsider")).to_be_visible()
    expect(page.get_by_text("on-call worker needs the safety plan")).to_be_visible()
    snap(page, "security-emergency-review")
    assert _blocking_violations(page) == []
    page.get_by_role("button", name="Mark reviewed").click()
    expect(page.get_by_text("Reviewed by Sandra Supervisor")).to_be_visible()


def test_compliance_reads_failed_sign_ins_and_a_lockout_in_words(
    page: Page, live_server, compliance, case_manager, settings, snap
):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(page, live_server.url, case_manager.email, "not the password")
        expect(page.get_by_text("do not match an active account")).to_be_visible()
    sign_in(page, live_server.url, case_manager.email, "not the password")  # the last straw
    expect(page.get_by_role("heading", name="Too many attempts")).to_be_visible()
    sign_in(page, live_server.url, case_manager.email, PASSWORD)  # refused while locked
    expect(page.get_by_role("heading", name="Too many attempts")).to_be_visible()
    page.context.clear_cookies()

    signed_in(page, live_server.url, compliance)
    page.goto(f"{live_server.url}/audit/?action=casework.signin")
    table = page.get_by_role("table")
    expect(table.get_by_text(f"Failed sign-in as {case_manager.email}")).to_have_count(
        settings.AXES_FAILURE_LIMIT
    )
    expect(table.get_by_text(re.compile("Locked out of signing in as"))).to_be_visible()
    expect(table.get_by_text(re.compile("refused: locked out"))).to_be_visible()
    snap(page, "security-audit-sign-ins")
    assert _blocking_violations(page) == []
