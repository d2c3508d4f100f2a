"""Staff profiles: supervisors and agency admins keep trainings (with expiry), languages,
areas and caseload limits; the person reads their own; nobody else learns of it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.models import AuditEvent, CaseloadLimit, StaffProfile, StaffTraining
from tests.factories import ServiceAreaFactory, staff_member

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _edit(user):
    return reverse("staffing:profile_edit", args=[user.pk])


def _post(version="", **extra):
    data = {
        "version": version,
        "languages": " english,  spanish , Spanish",
        "youth_trained": "on",
        "youth_certified_on": (TODAY() - timedelta(days=30)).isoformat(),
        "youth_expires_on": (TODAY() + timedelta(days=700)).isoformat(),
        "justice_trained": "on",
        "justice_certified_on": (TODAY() - timedelta(days=400)).isoformat(),
    }
    data.update(extra)
    return data


def test_a_supervisor_saves_trainings_languages_areas_and_a_limit(
    client, supervisor, case_manager, team_a, agency
):
    area = ServiceAreaFactory(agency=agency, name="Harbor")
    client.force_login(supervisor)
    response = client.post(
        _edit(case_manager),
        _post(service_areas=[area.pk], **{f"limit_{team_a.program_id}": "12"}),
    )
    assert response.status_code == 302
    profile = StaffProfile.objects.get(user=case_manager)
    assert profile.languages == ["English", "Spanish"]
    assert list(profile.service_areas.all()) == [area]
    trainings = {t.specialty: t for t in StaffTraining.objects.filter(user=case_manager)}
    assert set(trainings) == {"youth", "justice"}
    assert trainings["justice"].expires_on is None
    assert CaseloadLimit.objects.get(user=case_manager).limit == 12
    event = AuditEvent.objects.get(action="casework.staff_profile.changed")
    assert event.actor == supervisor and event.detail["trainings"] == ["justice", "youth"]
    page = client.get(reverse("staffing:profile", args=[case_manager.pk])).content.decode()
    assert "Youth and minors" in page and "English, Spanish" in page and "Harbor" in page


def test_unticking_a_training_removes_it_and_an_empty_limit_means_the_programs(
    client, supervisor, team_a
):
    ana = staff_member(team_a, "Ana", trainings=["youth", "homelessness"], limit=9)
    client.force_login(supervisor)
    version = StaffProfile.objects.get(user=ana).version
    client.post(_edit(ana), _post(version=version, justice_trained=""))
    assert set(StaffTraining.objects.filter(user=ana).values_list("specialty", flat=True)) == {
        "youth"
    }
    assert not CaseloadLimit.objects.filter(user=ana).exists()


def test_bad_dates_are_shown_at_the_field_and_nothing_is_saved(client, supervisor, case_manager):
    client.force_login(supervisor)
    response = client.post(
        _edit(case_manager),
        _post(
            youth_expires_on=(TODAY() - timedelta(days=60)).isoformat(),
            justice_certified_on="",
        ),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "after the training" in errors["youth_expires_on"][0]
    assert "when the training was done" in errors["justice_certified_on"][0]
    assert not StaffProfile.objects.exists() and not StaffTraining.objects.exists()


def test_a_stale_edit_is_refused_and_keeps_the_input(client, supervisor, team_a):
    ana = staff_member(team_a, "Ana", languages=("English",))
    client.force_login(supervisor)
    stale = StaffProfile.objects.get(user=ana).version
    assert client.post(_edit(ana), _post(version=stale)).status_code == 302
    response = client.post(_edit(ana), _post(version=stale, languages="English, Tagalog"))
    assert response.status_code == 200
    assert "Someone else changed this profile" in response.content.decode()
    assert "Tagalog" in response.content.decode()
    assert StaffProfile.objects.get(user=ana).languages == ["English", "Spanish"]


def test_the_person_reads_their_own_profile_but_does_not_edit_it(client, case_manager):
    client.force_login(case_manager)
    own = client.get(reverse("staffing:profile", args=[case_manager.pk]))
    assert own.status_code == 200 and "Edit profile" not in own.content.decode()
    assert client.get(_edit(case_manager)).status_code == 403
    assert client.post(_edit(case_manager), _post()).status_code == 403
    assert not StaffProfile.objects.exists()


def test_another_teams_profiles_are_not_found(client, supervisor, outsider, case_manager):
    client.force_login(supervisor)
    assert client.get(reverse("staffing:profile", args=[outsider.pk])).status_code == 404
    assert client.post(_edit(outsider), _post()).status_code == 404
    client.force_login(outsider)
    assert client.get(reverse("staffing:profile", args=[case_manager.pk])).status_code == 404


def test_the_staff_list_marks_lapsed_and_expiring_trainings_at_a_fixed_cost(
    client, supervisor, team_a, django_assert_max_num_queries
):
    for n in range(12):
        staff_member(team_a, f"Member {n:02d}", trainings=["youth"], lapsed=["justice"])
    StaffTraining.objects.create(
        user=staff_member(team_a, "Soon"),
        specialty="youth",
        certified_on=TODAY() - timedelta(days=700),
        expires_on=TODAY() + timedelta(days=10),
    )
    client.force_login(supervisor)
    # session, user, memberships (access), staff with profiles, trainings, areas, open
    # reminders (navigation), session save in a savepoint pair.
    with django_assert_max_num_queries(10):
        response = client.get(reverse("staffing:staff_list"))
    body = response.content.decode()
    assert body.count("lapsed") >= 12 and "expires" in body
    assert len(response.context["staff"]) == 14  # 13 members and the supervisor
