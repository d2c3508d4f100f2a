"""The assessment pages and the record panel: flows, audit, query budgets, other teams."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from careplans.models import DOMAIN_KEYS, Administration, Assessment, SafetyFlag
from casework.models import AuditEvent
from tests.factories import (
    AdministrationFactory,
    AssessmentFactory,
    AssignmentFactory,
    SafetyFlagFactory,
)

pytestmark = pytest.mark.django_db


def _form_data(assessment: Assessment, need: str = "low") -> dict:
    data = {"version": assessment.version, "assessed_on": timezone.localdate().isoformat()}
    for key in DOMAIN_KEYS:
        data.update({f"{key}_need": need, f"{key}_strengths": "Kind", f"{key}_notes": ""})
    return data


def _with_history(client_a, case_manager, n: int = 6) -> None:
    today = timezone.localdate()
    for i in range(n):
        for code, score, band in (("phq9", 20 - 2 * i, "moderate"), ("gad7", 12 - i, "mild")):
            AdministrationFactory(
                client=client_a,
                author=case_manager,
                instrument=code,
                score=score,
                band=band,
                administered_on=today - timedelta(days=30 * (n - i)),
            )
    AssessmentFactory(
        client=client_a,
        author=case_manager,
        signed_at=timezone.now(),
        assessed_on=today - timedelta(days=40),
    )
    SafetyFlagFactory(administration=AdministrationFactory(client=client_a, author=case_manager))


def test_the_panel_shows_trends_flags_and_due_date_in_a_fixed_number_of_queries(
    client, case_manager, client_a, django_assert_max_num_queries
):
    _with_history(client_a, case_manager)
    client.force_login(case_manager)
    url = reverse("careplans:client_panel", kwargs={"client_id": client_a.pk})
    # session + user, memberships, client, audit insert, assessments, results, open flags,
    # program settings (and savepoints around the audit insert).
    with django_assert_max_num_queries(12):
        response = client.get(url)
    body = response.content.decode()
    assert "PHQ-9" in body and "GAD-7" in body
    assert "<svg" in body and "Safety flag" in body
    assert "▼ -1 since last" in body  # GAD-7 8 → 7
    assert "▲ +2 since last" in body  # PHQ-9 10 → 12 (the flagged one)
    assert "assessment due" in body


def test_the_panel_costs_the_same_with_more_history(
    client, case_manager, client_a, django_assert_max_num_queries
):
    _with_history(client_a, case_manager, n=20)
    client.force_login(case_manager)
    url = reverse("careplans:client_panel", kwargs={"client_id": client_a.pk})
    with django_assert_max_num_queries(12):
        client.get(url)


def test_the_assessments_page_fits_its_budget(
    client, case_manager, client_a, django_assert_max_num_queries
):
    _with_history(client_a, case_manager)
    client.force_login(case_manager)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("careplans:assessments", kwargs={"client_id": client_a.pk}))
    assert response.status_code == 200


def test_the_record_header_shows_the_open_safety_flag(client, case_manager, client_a):
    SafetyFlagFactory(administration=AdministrationFactory(client=client_a, author=case_manager))
    client.force_login(case_manager)
    body = client.get(reverse("clients:detail", kwargs={"pk": client_a.pk})).content.decode()
    assert "Safety flag" in body and "PHQ-9: thoughts of death or self-harm" in body


@pytest.mark.parametrize(
    "name",
    ["careplans:client_panel", "careplans:assessments"],
)
def test_another_teams_client_is_404(client, outsider, client_a, name):
    client.force_login(outsider)
    assert client.get(reverse(name, kwargs={"client_id": client_a.pk})).status_code == 404


def test_another_teams_result_is_404(client, outsider, case_manager, client_a):
    row = AdministrationFactory(client=client_a, author=case_manager)
    client.force_login(outsider)
    url = reverse(
        "careplans:administration_detail", kwargs={"client_id": client_a.pk, "pk": row.pk}
    )
    assert client.get(url).status_code == 404


def test_a_case_manager_starts_autosaves_and_signs_an_assessment(client, case_manager, client_a):
    client.force_login(case_manager)
    start = reverse("careplans:assessment_start", kwargs={"client_id": client_a.pk})
    response = client.post(start)
    assessment = Assessment.objects.get()
    assert response.url == reverse(
        "careplans:assessment_edit", kwargs={"client_id": client_a.pk, "pk": assessment.pk}
    )
    kwargs = {"client_id": client_a.pk, "pk": assessment.pk}
    autosave = client.post(
        reverse("careplans:assessment_autosave", kwargs=kwargs), _form_data(assessment)
    )
    assert autosave["X-Casework-Autosave"] == "saved"
    assessment.refresh_from_db()
    assert assessment.version == 2 and assessment.domains["coping"]["need"] == "low"

    incomplete = _form_data(assessment)
    incomplete["safety_need"] = ""
    response = client.post(reverse("careplans:assessment_sign", kwargs=kwargs), incomplete)
    assert response.status_code == 200
    assert "Rate the need in Safety of self and others." in response.content.decode()

    response = client.post(
        reverse("careplans:assessment_sign", kwargs=kwargs), _form_data(assessment, "high")
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.is_signed
    detail = client.get(reverse("careplans:assessment_detail", kwargs=kwargs))
    assert "Signed" in detail.content.decode()
    assert AuditEvent.objects.filter(action="careplans.assessment.view").exists()


def test_a_phq9_with_item9_is_scored_flagged_and_shown(client, case_manager, supervisor, client_a):
    AssignmentFactory(client=client_a, staff=case_manager)
    client.force_login(case_manager)
    url = reverse(
        "careplans:administration_create", kwargs={"client_id": client_a.pk, "code": "phq9"}
    )
    data = {"administered_on": timezone.localdate().isoformat(), "phq9_9": "2"}
    data.update({f"phq9_{n}": "1" for n in range(1, 9)})
    # The live preview computes the same result without saving.
    preview = client.post(
        reverse(
            "careplans:administration_preview", kwargs={"client_id": client_a.pk, "code": "phq9"}
        ),
        data,
    )
    assert "Saving raises a safety flag" in preview.content.decode()
    assert not Administration.objects.exists()

    response = client.post(url, data, follow=True)
    body = response.content.decode()
    row = Administration.objects.get()
    assert (row.score, row.band) == (10, "moderate")
    assert "Moderate" in body and "Safety flag" in body
    assert SafetyFlag.objects.filter(administration=row, acknowledged_at__isnull=True).exists()

    client.force_login(supervisor)
    notifications = client.get(reverse("notifications:list")).content.decode()
    assert "Urgent: open the record" in notifications
    assert "Safety flag" not in notifications  # titles reach e-mail: no clinical detail


def test_an_incomplete_instrument_shows_each_missing_item(client, case_manager, client_a):
    client.force_login(case_manager)
    url = reverse(
        "careplans:administration_create", kwargs={"client_id": client_a.pk, "code": "gad7"}
    )
    response = client.post(
        url, {"administered_on": timezone.localdate().isoformat(), "gad7_1": "2"}
    )
    assert response.status_code == 200
    assert response.content.decode().count("Answer this item.") == 6
    assert not Administration.objects.exists()


def test_the_skip_logic_hides_cssrs_items_three_to_five_after_a_no(client, case_manager, client_a):
    client.force_login(case_manager)
    url = reverse(
        "careplans:administration_preview", kwargs={"client_id": client_a.pk, "code": "cssrs"}
    )
    no = client.post(url, {"cssrs_1": "1", "cssrs_2": "0"}).content.decode()
    yes = client.post(url, {"cssrs_1": "1", "cssrs_2": "1"}).content.decode()
    assert 'data-asked="cssrs_1 cssrs_2 cssrs_6"' in no
    assert 'data-asked="cssrs_1 cssrs_2 cssrs_3 cssrs_4 cssrs_5 cssrs_6"' in yes


def test_acknowledging_a_flag_takes_it_off_the_header(client, supervisor, case_manager, client_a):
    flag = SafetyFlagFactory(
        administration=AdministrationFactory(client=client_a, author=case_manager)
    )
    client.force_login(supervisor)
    url = reverse("careplans:flag_acknowledge", kwargs={"client_id": client_a.pk, "pk": flag.pk})
    response = client.post(
        url,
        {"actions": ["risk_assessment", "safety_plan"], "note": "Seen today; safety plan made."},
    )
    assert response.status_code == 302
    flag.refresh_from_db()
    assert flag.acknowledged_by == supervisor
    body = client.get(reverse("clients:detail", kwargs={"pk": client_a.pk})).content.decode()
    assert "PHQ-9: thoughts of death or self-harm" not in body


def test_each_page_fits_its_query_budget(
    client, case_manager, client_a, django_assert_max_num_queries
):
    _with_history(client_a, case_manager)
    draft = AssessmentFactory(client=client_a, author=case_manager)
    signed = Assessment.objects.filter(signed_at__isnull=False).get()
    result = Administration.objects.filter(instrument="phq9").first()
    c = client_a.pk
    urls = [
        reverse("careplans:assessment_edit", kwargs={"client_id": c, "pk": draft.pk}),
        reverse("careplans:assessment_detail", kwargs={"client_id": c, "pk": signed.pk}),
        reverse("careplans:administration_create", kwargs={"client_id": c, "code": "phq9"}),
        reverse("careplans:administration_detail", kwargs={"client_id": c, "pk": result.pk}),
        reverse("careplans:instrument_history", kwargs={"client_id": c, "code": "phq9"}),
    ]
    client.force_login(case_manager)
    for url in urls:
        # session, user, memberships, the object (scoped), audit insert (savepoint pair),
        # the page's own reads (addenda, wording, history, trend), reminder badge.
        with django_assert_max_num_queries(12):
            assert client.get(url).status_code == 200, url


def test_a_posted_score_band_or_flag_is_ignored(client, case_manager, client_a):
    client.force_login(case_manager)
    url = reverse(
        "careplans:administration_create", kwargs={"client_id": client_a.pk, "code": "gad7"}
    )
    data = {f"gad7_{n}": "3" for n in range(1, 8)}
    data.update(
        administered_on=timezone.localdate().isoformat(),
        score="0",
        band="minimal",
        positive="false",
        risk="",
        team="999",
    )
    client.post(url, data)
    row = Administration.objects.get()
    assert (row.score, row.band, row.positive, row.team_id) == (
        21,
        "severe",
        True,
        client_a.team_id,
    )


def test_a_nul_byte_or_a_huge_text_is_refused_politely(client, case_manager, client_a):
    draft = AssessmentFactory(client=client_a, author=case_manager)
    client.force_login(case_manager)
    kwargs = {"client_id": client_a.pk, "pk": draft.pk}
    data = _form_data(draft)
    data["coping_notes"] = "bad\x00text"
    data["safety_strengths"] = "x" * 1_000_000
    response = client.post(reverse("careplans:assessment_edit", kwargs=kwargs), data)
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.version == 1
