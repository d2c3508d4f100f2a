"""seed_demo gives the staff trainings, languages, areas and limits that make the matching
visible: a minor on probation who speaks Spanish finds the trained Spanish speakers first,
a lapsed training, trainings about to lapse, someone over their limit, clients to transfer."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.utils import timezone

from casework.access import access_for
from casework.models import StaffProfile, StaffTraining, Team, User
from clients.models import Client
from clients.selectors.matching import needs_of, suggestions_for
from clients.staffing_panel import staffing_panel

pytestmark = pytest.mark.django_db


def test_every_demo_case_manager_has_a_profile_and_some_trainings_lapse(demo):
    assert StaffProfile.objects.count() == 15  # 12 case managers and 3 supervisors
    today = timezone.localdate()
    assert StaffTraining.objects.filter(expires_on__lt=today).count() == 2
    assert StaffTraining.objects.filter(
        expires_on__gte=today, expires_on__lte=today + timedelta(days=60)
    ).exists()


def test_a_spanish_speaking_minor_on_probation_finds_the_trained_speakers_first(demo):
    team = Team.objects.select_related("program", "service_area").get(name="Harbor FSP Team")
    supervisor = User.objects.get(email="supervisor.fsp@bayview.test")
    minor = Client(
        date_of_birth=timezone.localdate() - timedelta(days=16 * 366),
        primary_language="Spanish",
        needs_interpreter=True,
        justice_involved=True,
        service_area=team.service_area,
        risk_level="moderate",
    )
    ranked = suggestions_for(viewer=supervisor, team=team, needs=needs_of(details=minor))
    assert ranked[0].candidate.name == "Luis Marín" and ranked[0].rules_broken == ()
    met = {r.code for r in ranked[0].reasons if r.met}
    assert {"youth", "justice", "language", "capacity", "area"} <= met
    grace = next(s for s in ranked if s.candidate.name == "Grace Whitfield")
    assert "youth" in grace.rules_broken and "capacity" in grace.rules_broken


def test_the_fsp_supervisor_sees_someone_over_the_limit_lapsed_training_and_moves(demo):
    supervisor = User.objects.get(email="supervisor.fsp@bayview.test")
    request = RequestFactory().get("/")
    request.user = supervisor
    panel = staffing_panel(request, access_for(supervisor))
    assert "Grace Whitfield" in {m.user.full_name for m in panel.context["over"]}
    assert any(t.expires_on < timezone.localdate() for t in panel.context["trainings"])
    assert {c.record_number for c in panel.context["flagged"]} == {"BV-10103", "BV-10118"}
