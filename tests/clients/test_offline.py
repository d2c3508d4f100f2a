"""Taking today offline (issue #26): what goes onto the device, under which key, for how long,
and the files that make Casework installable."""

from __future__ import annotations

import base64
import json
import re
from datetime import datetime, timedelta

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone

from careplans.models import CarePlan
from careplans.services import plans as plan_services
from casework.models import AuditEvent
from clients.models import Visit
from clients.models.client import Status
from clients.services import offline
from tests.factories import (
    AssignmentFactory,
    CareProviderFactory,
    ClientFactory,
    UserFactory,
    VisitFactory,
    draft_plan,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def mine(case_manager, team_a):
    """Due today, overdue, due next week, and discharged: all the case manager's."""
    today = timezone.localdate()
    clients = {
        "today": ClientFactory(
            team=team_a, given_name="Zephyrine", family_name="Quillfeather", next_contact_due=today
        ),
        "overdue": ClientFactory(
            team=team_a,
            given_name="Oswin",
            family_name="Brackenbury",
            next_contact_due=today - timedelta(days=3),
        ),
        "later": ClientFactory(
            team=team_a,
            given_name="Lisandra",
            family_name="Thistlewood",
            next_contact_due=today + timedelta(days=7),
        ),
        "gone": ClientFactory(
            team=team_a,
            given_name="Gwendolyn",
            family_name="Marchbanks",
            next_contact_due=today,
            status=Status.DISCHARGED,
        ),
    }
    for client in clients.values():
        AssignmentFactory(client=client, staff=case_manager)
    return clients


def _take(client):
    return client.post(reverse("clients:offline_take"))


def test_it_takes_the_case_managers_own_clients_due_today_or_overdue(
    client, case_manager, mine, client_a
):
    client.force_login(case_manager)
    answer = _take(client).json()
    # client_a is on the team but not assigned to this case manager: not theirs to carry.
    assert [c["id"] for c in answer["clients"]] == [mine["overdue"].pk, mine["today"].pk]
    event = AuditEvent.objects.get(action="clients.offline.taken")
    assert event.actor == case_manager
    assert event.detail["clients"] == [mine["overdue"].pk, mine["today"].pk]


def test_the_summary_has_what_a_visit_needs_and_no_more(client, case_manager, supervisor, mine):
    today = mine["today"]
    today.address, today.phone = "14 Harbor Road", "555-0101"
    today.save(update_fields=["address", "phone"])
    CareProviderFactory(client=today, name="Dr. Rosa Prescott", phone="555-0142")
    CareProviderFactory(
        client=today, name="Former", phone="555-9999", ended_on=timezone.localdate()
    )
    VisitFactory(
        client=today,
        author=case_manager,
        signed_at=timezone.now() - timedelta(days=3),
        contact_at=timezone.now() - timedelta(days=3),
        note={"data": "d", "assessment": "a", "plan": "Older plan."},
    )
    VisitFactory(
        client=today,
        author=case_manager,
        signed_at=timezone.now() - timedelta(days=1),
        contact_at=timezone.now() - timedelta(days=1),
        note={"data": "d", "assessment": "a", "plan": "Food bank Monday."},
    )
    VisitFactory(client=today, author=case_manager, note={"plan": "An unsigned draft."})
    plan = draft_plan(client=today, author=case_manager)
    CarePlan.objects.filter(pk=plan.pk).update(whom_to_call="Sister Ana, 555-0199")
    plan = plan_services.plan_submit(plan=plan, submitted_by=case_manager, version=plan.version)
    plan_services.plan_approve(plan=plan, approved_by=supervisor, version=plan.version)
    client.force_login(case_manager)
    summary = next(c for c in _take(client).json()["clients"] if c["id"] == today.pk)
    assert summary["name"] == today.display_name
    assert summary["address"] == "14 Harbor Road" and summary["phone"] == "555-0101"
    assert summary["care_team"] == [{"name": "Dr. Rosa Prescott", "phone": "555-0142"}]
    assert summary["last_plan"] == "Food bank Monday."
    assert {"label": "whom to call", "text": "Sister Ana, 555-0199"} in summary["crisis_plan"]
    assert summary["next_due"] == timezone.localdate().isoformat()
    assert "date_of_birth" not in summary and "risk_level" not in summary


def test_taking_offline_costs_the_same_queries_for_more_clients(
    client, case_manager, team_a, mine, django_assert_max_num_queries
):
    client.force_login(case_manager)
    _take(client)  # warm the session and the user
    for _ in range(5):
        extra = ClientFactory(team=team_a, next_contact_due=timezone.localdate())
        AssignmentFactory(client=extra, staff=case_manager)
        CareProviderFactory(client=extra)
    # session, user, access, clients, care team, last plans, crisis plans, audit (+ savepoints
    # and the session save): the same whatever the number of clients.
    with django_assert_max_num_queries(14):
        assert len(_take(client).json()["clients"]) == 7


def test_the_today_key_lives_in_the_session_and_lasts_twelve_hours(client, case_manager, mine):
    client.force_login(case_manager)
    taken = _take(client).json()
    key = base64.b64decode(taken["today"]["key"])
    assert len(key) == 32
    expires = datetime.fromisoformat(taken["today"]["expires_at"])
    assert timedelta(hours=11, minutes=59) < expires - timezone.now() <= timedelta(hours=12)
    keys = client.get(reverse("clients:offline_keys")).json()
    assert keys["today"]["key"] == taken["today"]["key"]
    assert keys["queue_key"] == taken["queue_key"]
    # Each take makes a new key: an old copy on the device cannot be read with it.
    assert _take(client).json()["today"]["key"] != taken["today"]["key"]


def test_the_today_key_never_outlives_the_session(client, case_manager, mine, settings):
    settings.SESSION_ABSOLUTE_TIMEOUT = 2 * 60 * 60
    client.force_login(case_manager)
    client.get(reverse("dashboard"))  # the session starts its clock
    taken = _take(client).json()
    expires = datetime.fromisoformat(taken["today"]["expires_at"])
    assert expires - timezone.now() <= timedelta(hours=2)


def test_an_expired_today_key_is_gone(client, case_manager, mine, clock, settings):
    settings.SESSION_ABSOLUTE_TIMEOUT = 24 * 60 * 60  # the key's own limit, not the session's
    settings.SESSION_IDLE_TIMEOUT = settings.SESSION_COOKIE_AGE = 24 * 60 * 60
    client.force_login(case_manager)
    _take(client)
    clock.advance(hours=12, minutes=1)
    assert client.get(reverse("clients:offline_keys")).json()["today"] is None


def test_wiping_forgets_the_key_and_signing_out_ends_it(client, case_manager, mine):
    client.force_login(case_manager)
    _take(client)
    assert client.post(reverse("clients:offline_wipe")).json() == {"status": "wiped"}
    assert client.get(reverse("clients:offline_keys")).json()["today"] is None
    _take(client)
    client.post(reverse("logout"))
    client.force_login(case_manager)
    assert client.get(reverse("clients:offline_keys")).json()["today"] is None


def test_the_queue_key_is_the_persons_in_every_session_and_no_one_elses(case_manager):
    other = UserFactory()
    assert offline.queue_key_for(case_manager) == offline.queue_key_for(case_manager)
    assert offline.queue_key_for(case_manager) != offline.queue_key_for(other)
    assert len(base64.b64decode(offline.queue_key_for(case_manager))) == 32


def test_reviewers_take_nothing_offline(client, compliance, mine):
    client.force_login(compliance)
    assert _take(client).status_code == 403
    assert client.get(reverse("clients:offline_keys")).status_code == 403
    assert not AuditEvent.objects.filter(action="clients.offline.taken").exists()


def test_the_offline_page_holds_no_client_information(client, case_manager, mine):
    client.force_login(case_manager)
    page = client.get(reverse("clients:offline")).content.decode()
    assert "Take today offline" in page
    for client_row in mine.values():
        assert client_row.family_name not in page and client_row.given_name not in page
    assert not Visit.objects.exists()


# --- Installable ----------------------------------------------------------------------------


def test_the_manifest_names_the_app_and_its_icons(client, settings):
    response = client.get(reverse("pwa_manifest"))
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["display"] == "standalone" and manifest["start_url"] == "/"
    purposes = {icon.get("purpose", "any") for icon in manifest["icons"]}
    assert purposes == {"any", "maskable"}
    for icon in manifest["icons"]:
        assert finders.find(icon["src"].removeprefix(settings.STATIC_URL))


def test_the_service_worker_loads_workbox_from_this_site(client):
    response = client.get(reverse("pwa_service_worker"))
    script = response.content.decode()
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"
    assert "storage.googleapis.com" not in script and "https://" not in script
    assert '"/static/vendor/workbox/workbox-sw/workbox-sw.js"' in script
    assert json.dumps(reverse("clients:offline")) in script
    # The worker's own Content-Security-Policy is the site's: scripts from this site only.
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    # Each module the worker names is a static file installed from npm.
    for path in re.findall(r'"/static/(vendor/workbox/[^"]+)"', script):
        assert finders.find(path), path
    assert len(re.findall(r'"/static/(vendor/workbox/[^"]+)"', script)) == 4
