"""The caseload's rows are a Jinja2 template (issue 24) that repeats Django partials other lists
share. These tests render the rows the way they were composed from those partials and hold
the Jinja2 output to the same markup, so a change to a partial that the rows do not follow
fails here."""

from __future__ import annotations

import html
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.template import engines
from django.urls import reverse
from django.utils import timezone

from clients.models import AssignmentRole, RiskLevel, Status
from tests.factories import AssignmentFactory, ClientFactory

pytestmark = pytest.mark.django_db

URL = reverse("clients:caseload")

# The rows as Django composed them before issue 24, from the shared partials.
DJANGO_ROWS = (Path(__file__).parent / "caseload_rows_django.html").read_text()


def _markup(text: str) -> str:
    """The markup a browser reads: entities decoded, runs of white space as one, none beside
    a tag."""
    text = re.sub(r"\s+", " ", html.unescape(text))
    return re.sub(r" ?(<[^>]+>) ?", r"\1", text).strip()


def _both(response) -> tuple[str, str]:
    context = response.context
    flat = {key: context[key] for key in ("page", "filters", "query", "scope_teams")}
    django_rows = engines["django"].from_string(DJANGO_ROWS).render(flat)
    return _markup(django_rows), _markup(context["rows"])


def _mine(team, staff, role=AssignmentRole.PRIMARY, **fields):
    client = ClientFactory(team=team, **fields)
    AssignmentFactory(client=client, staff=staff, role=role)
    return client


def test_the_rows_read_as_the_shared_partials_render_them(client, case_manager, team_a):
    today = timezone.localdate()
    _mine(
        team_a,
        case_manager,
        given_name="Roberta",
        preferred_name="Bobbie",
        family_name="O'Quintero & Sons",
        risk_level=RiskLevel.HIGH,
        justice_involved=True,
        homeless=True,
        co_occurring_substance_use=True,
        needs_interpreter=True,
        primary_language="Tagalog",
        date_of_birth=today.replace(year=today.year - 15),
        last_contact_on=today - timedelta(days=10),
        next_contact_due=today - timedelta(days=1),
    )
    _mine(team_a, case_manager, AssignmentRole.SECONDARY, risk_level=RiskLevel.MODERATE,
          next_contact_due=today)  # fmt: skip
    _mine(team_a, case_manager, preferred_name="Same", given_name="Same",
          next_contact_due=today + timedelta(days=2), status=Status.ON_HOLD)  # fmt: skip
    _mine(team_a, case_manager, status=Status.REFERRED, next_contact_due=today + timedelta(days=9))
    AssignmentFactory(client=_mine(team_a, case_manager, AssignmentRole.SECONDARY))
    client.force_login(case_manager)
    for params in ({}, {"status": "all", "sort": "name"}):
        django_rows, jinja_rows = _both(client.get(URL, params))
        assert django_rows == jinja_rows
    assert "Overdue 1 day" in jinja_rows and "Secondary" in jinja_rows


def test_a_discharged_client_has_no_visit_link_in_either(client, case_manager, team_a):
    _mine(team_a, case_manager, status=Status.DISCHARGED, family_name="Gone")
    client.force_login(case_manager)
    django_rows, jinja_rows = _both(client.get(URL, {"status": "all"}))
    assert django_rows == jinja_rows
    assert "Gone" in jinja_rows and "Log visit" not in jinja_rows


def test_the_pages_and_the_empty_list_read_the_same(client, case_manager, team_a):
    client.force_login(case_manager)
    assert len(set(_both(client.get(URL, {"overdue": "1"})))) == 1
    for _ in range(27):
        _mine(team_a, case_manager)
    for page in ("1", "2"):
        django_rows, jinja_rows = _both(client.get(URL, {"page": page, "q": ""}))
        assert django_rows == jinja_rows
        assert "Page " + page + " of 2" in jinja_rows


def test_htmx_gets_the_same_rows_as_the_page(client, case_manager, team_a):
    _mine(team_a, case_manager, family_name="Fragment")
    client.force_login(case_manager)
    page = client.get(URL).context["rows"]
    assert client.get(URL, HTTP_HX_REQUEST="true").content.decode().strip() == page.strip()


def test_a_clients_row_shows_a_visit_as_soon_as_it_is_logged(client, case_manager, team_a):
    today = timezone.localdate()
    amara = _mine(team_a, case_manager, family_name="Rowvisit", next_contact_due=today)
    client.force_login(case_manager)
    before = _markup(client.get(URL).context["rows"])
    assert "Due today" in before and "None yet" in before
    contact = timezone.localtime() - timedelta(minutes=30)
    response = client.post(
        reverse("clients:visit_create", args=[amara.pk]),
        {"contact_at": contact.strftime("%Y-%m-%dT%H:%M"), "duration_minutes": "30",
         "mode": "face_to_face", "place": "home", "note_format": "dap", "note_data": "Met.",
         "note_assessment": "Well.", "note_plan": "Next week."},
    )  # fmt: skip
    assert response.status_code == 302
    after = _markup(client.get(URL).context["rows"])
    assert "Due today" not in after and "None yet" not in after
    assert f'<span class="text-nowrap">{contact.strftime("%-d %b %Y")}</span>' in after
