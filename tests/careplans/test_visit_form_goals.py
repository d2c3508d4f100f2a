"""Goals addressed are ticked on the visit form itself (issue #22): offered from the plan in
force, saved with the note in its transaction, kept across autosaves without an audit event
each time, and left alone by a form that offered none."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from careplans.models import VisitGoal
from casework.models import AuditEvent
from clients.models import Mode, Place, Visit
from tests.factories import VisitFactory, active_plan, first_goal

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
        "note_data": "Met at home; looked at two flats online.",
        "note_assessment": "Hopeful, no risk.",
        "note_plan": "Apply to the second on Monday.",
        "version": "",
    }
    data.update(changes)
    return data


@pytest.fixture
def plan(client_a, case_manager, supervisor):
    return active_plan(client=client_a, author=case_manager, supervisor=supervisor)


def test_the_form_offers_the_goals_of_the_plan_in_force(client, case_manager, client_a, plan):
    client.force_login(case_manager)
    body = client.get(
        reverse("clients:visit_create", kwargs={"client_id": client_a.pk})
    ).content.decode()
    assert "Care-plan goals addressed" in body and "I want my own place" in body


def test_signing_from_the_first_form_records_the_goals(client, case_manager, client_a, plan):
    goal = first_goal(plan)
    client.force_login(case_manager)
    url = reverse("clients:visit_create_sign", kwargs={"client_id": client_a.pk})
    assert client.post(url, _form(goals=[str(goal.lineage)])).status_code == 302
    visit = Visit.objects.get()
    assert visit.signed_at is not None
    assert list(VisitGoal.objects.values_list("visit_id", "goal_lineage")) == [
        (visit.pk, goal.lineage)
    ]


def test_an_autosave_with_the_same_goals_writes_no_goal_event(client, case_manager, client_a, plan):
    goal = first_goal(plan)
    visit = VisitFactory(client=client_a, author=case_manager)
    client.force_login(case_manager)
    url = reverse("clients:visit_autosave", kwargs={"client_id": client_a.pk, "pk": visit.pk})
    for version in ("1", "2"):
        response = client.post(url, _form(goals=[str(goal.lineage)], version=version))
        assert response["X-Casework-Autosave"] == "saved"
    assert VisitGoal.objects.filter(visit=visit).count() == 1
    assert AuditEvent.objects.filter(action="careplans.visit_goals.set").count() == 1
    edit = client.get(
        reverse("clients:visit_edit", kwargs={"client_id": client_a.pk, "pk": visit.pk})
    )
    assert edit.context["form"].initial["goals"] == [str(goal.lineage)]


def test_without_a_plan_no_goal_is_offered_and_none_is_touched(client, case_manager, client_a):
    client.force_login(case_manager)
    url = reverse("clients:visit_create", kwargs={"client_id": client_a.pk})
    assert "Care-plan goals addressed" not in client.get(url).content.decode()
    client.post(url, _form(goals=["not-a-goal"]))
    assert Visit.objects.count() == 1 and not VisitGoal.objects.exists()
