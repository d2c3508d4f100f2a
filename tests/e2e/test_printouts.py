"""What a client takes away prints cleanly: the care plan, the crisis plan, the referral packet
and the accounting of disclosures, rendered to PDF by Chromium (print media, the pages' own
@page rules) and read back as text: the agency's name, address and phone, the case manager's
name and phone, the date printed and page numbers at the head and foot, no navigation.

The pages come from the Django test client on the demo (no live server: nothing here needs a
second process), and the browser is served them and the static files through a route.
"""

from __future__ import annotations

import io
import mimetypes
import os
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from pypdf import PdfReader

from careplans.models import CarePlan, PlanStatus
from clients.models import Assignment, AssignmentRole, Disclosure
from referrals.models import Referral, ReferralStatus

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

HOST = "http://casework.test"


def _pdf_text(browser, html: str, name: str) -> str:
    """Print `html` to PDF in Chromium as the browser would print it; the text of every page."""
    context = browser.new_context()
    page = context.new_page()

    def serve(route):
        path = route.request.url.removeprefix(HOST).split("?", 1)[0]
        if path == "/print":
            return route.fulfill(status=200, content_type="text/html", body=html)
        if path.startswith("/static/"):
            found = finders.find(path.removeprefix("/static/"))
            if found:
                kind = mimetypes.guess_type(found)[0] or "application/octet-stream"
                return route.fulfill(status=200, content_type=kind, body=Path(found).read_bytes())
        return route.fulfill(status=404, body="")

    page.route(f"{HOST}/**", serve)
    page.goto(f"{HOST}/print", wait_until="load")
    pdf = page.pdf(format="Letter", prefer_css_page_size=True)
    context.close()
    if folder := os.environ.get("SCREENSHOTS_DIR"):
        Path(folder, f"print-{name}.pdf").write_bytes(pdf)
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(p.extract_text() for p in reader.pages), len(reader.pages)


def _primary(client_id: int):
    return (
        Assignment.objects.filter(
            client_id=client_id, role=AssignmentRole.PRIMARY, ended_on__isnull=True
        )
        .select_related("staff", "client__team__agency")
        .get()
    )


def _printouts():
    # Clients with a primary case manager now: their name and phone head the printout.
    served = Assignment.objects.filter(role=AssignmentRole.PRIMARY, ended_on__isnull=True).values(
        "client_id"
    )
    plan = (
        CarePlan.objects.filter(status=PlanStatus.ACTIVE)
        .exclude(Q(warning_signs="") & Q(whom_to_call=""))
        .filter(client_id__in=served)
        .order_by("pk")
        .first()
    )
    referral = (
        Referral.objects.filter(sent_on__isnull=False)
        .exclude(status__in=[ReferralStatus.DRAFT, ReferralStatus.CANCELLED])
        .filter(client_id__in=served)
        .order_by("pk")
        .first()
    )
    disclosure = Disclosure.objects.filter(client_id__in=served).order_by("pk").first()
    assert plan and referral and disclosure, "the demo has each kind of printout"
    return [
        (
            "care-plan",
            plan.client_id,
            reverse("careplans:plan_detail", args=[plan.client_id, plan.pk]),
        ),
        (
            "crisis-plan",
            plan.client_id,
            reverse("careplans:crisis_plan", args=[plan.client_id, plan.pk]),
        ),
        (
            "referral-packet",
            referral.client_id,
            reverse("referrals:referral_packet", args=[referral.client_id, referral.pk]),
        ),
        (
            "disclosures",
            disclosure.client_id,
            reverse("clients:disclosures", args=[disclosure.client_id]),
        ),
    ]


def test_printouts_carry_the_agency_the_case_manager_the_date_and_page_numbers(
    demo, client, browser
):
    for name, client_id, url in _printouts():
        primary = _primary(client_id)
        agency, manager = primary.client.team.agency, primary.staff
        assert agency.address and agency.phone and manager.work_phone  # the demo fills them
        client.force_login(manager)
        response = client.get(url)
        assert response.status_code == 200, (name, url)
        text, pages = _pdf_text(browser, response.content.decode(), name)
        flat = " ".join(text.split())
        assert agency.name in flat, name
        assert agency.address.splitlines()[0] in flat, name
        assert agency.phone in flat, name
        assert f"Case manager: {manager.full_name}, phone {manager.work_phone}" in flat, name
        assert f"Printed {date_format(timezone.localdate())}" in flat, name
        assert f"Page 1 of {pages}" in flat, name
        # None of the app's navigation is on paper.
        for chrome in ("My caseload", "Find a client", "Reminders", "Sign out"):
            assert chrome not in flat, (name, chrome)
