"""The ranked list when adding secondary staff and when re-opening a discharged client: the
same rules and reasons as for a primary, a choice against a rule needs a reason (kept as a
MatchOverride), and each page's queries do not grow with the team."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.models import AuditEvent, CaseloadLimit, MatchOverride
from clients.models import AssignmentRole, DischargeReason, RiskLevel, Status
from tests.factories import (
    AssignmentFactory,
    ClientFactory,
    EpisodeFactory,
    minor_on_probation,
    staff_member,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
TRAINED = {"trainings": ["youth", "justice"], "languages": ("English", "Spanish")}


@pytest.fixture
def people(team_a, area):
    """Three who meet every rule (named so the alphabet alone would put Ana first) and one
    without the youth and justice trainings the client needs."""
    return {
        name: staff_member(team_a, full, areas=[area], **TRAINED)
        for name, full in (("ana", "Ana Alvarez"), ("ben", "Ben Brooks"), ("cy", "Cy Castro"))
    } | {"untrained": staff_member(team_a, "No Training", areas=[area])}


def _names(ranking) -> list[str]:
    return [s.candidate.name for s in ranking.suggestions]


# --- Secondary staff --------------------------------------------------------------------------


@pytest.fixture
def served(team_a, area, case_manager, people):
    """A minor served by the case manager (primary) and Cy (secondary); Ben was secondary
    staff until last month."""
    served = minor_on_probation(team_a, service_area=area)
    AssignmentFactory(client=served, staff=case_manager)
    AssignmentFactory(client=served, staff=people["cy"], role=AssignmentRole.SECONDARY)
    AssignmentFactory(
        client=served,
        staff=people["ben"],
        role=AssignmentRole.SECONDARY,
        ended_on=TODAY() - timedelta(days=30),
    )
    return served


def _add(client, served, staff, **extra):
    return client.post(
        reverse("clients:secondary_add", args=[served.pk]),
        {"secondary-staff": staff.pk, "secondary-started_on": TODAY(), **extra},
    )


def test_the_secondary_list_leaves_out_current_staff_and_puts_earlier_staff_first(
    client, supervisor, case_manager, served, people
):
    client.force_login(supervisor)
    response = client.get(reverse("clients:assignments", args=[served.pk]))
    names = _names(response.context["secondary_ranking"])
    assert names[:2] == ["Ben Brooks", "Ana Alvarez"]  # continuity before the alphabet
    assert "Cy Castro" not in names and case_manager.full_name not in names
    assert names.index("No Training") > names.index("Ana Alvarez")
    ben = response.context["secondary_ranking"].suggestions[0]
    assert "Has worked with this client before" in [r.text for r in ben.reasons]
    section = response.content.decode().split('id="secondary-heading"')[1]
    assert 'name="secondary-staff"' in section and "Has worked with this client before" in section
    assert "No youth and minors training" in section and "Speaks Spanish" in section


def test_a_secondary_against_a_rule_needs_a_reason_and_saves_nothing_without_one(
    client, supervisor, served, people
):
    client.force_login(supervisor)
    response = _add(client, served, people["untrained"])
    assert response.status_code == 200
    error = response.context["secondary_form"].errors["override_reason"][0]
    assert "No Training does not meet every rule" in error and "youth" in error
    assert "No Training does not meet every rule" in response.content.decode()
    assert not served.assignments.filter(staff=people["untrained"]).exists()
    assert not MatchOverride.objects.exists()


def test_a_secondary_against_a_rule_is_added_with_the_reason_kept(
    client, supervisor, served, people, team_a
):
    client.force_login(supervisor)
    reason = "Covers the housing work; youth training booked."
    response = _add(client, served, people["untrained"], **{"secondary-override_reason": reason})
    assert response.status_code == 302
    row = served.assignments.get(staff=people["untrained"], ended_on__isnull=True)
    assert row.role == AssignmentRole.SECONDARY
    override = MatchOverride.objects.get()
    assert (override.assignment_id, override.reason, override.team) == (row.pk, reason, team_a)
    assert set(override.rules) == {"youth", "justice", "language"}
    event = AuditEvent.objects.get(action="clients.assignment.secondary_added")
    assert event.detail["override"] == override.pk and reason not in str(event.detail)
    page = client.get(reverse("clients:assignments", args=[served.pk])).content.decode()
    assert reason in page


def test_a_secondary_who_meets_every_rule_needs_no_reason(client, supervisor, served, people):
    client.force_login(supervisor)
    assert _add(client, served, people["ana"]).status_code == 302
    assert not MatchOverride.objects.exists()


def test_a_full_caseload_leaves_room_for_a_secondary_but_not_for_a_primary(
    client, supervisor, served, people
):
    """A secondary period adds nothing to a caseload (it counts primaries): Ana, at her limit
    of one moderate client, has room to be secondary staff but not to be the primary."""
    CaseloadLimit.objects.create(user=people["ana"], program=served.team.program, limit=1)
    busy = ClientFactory(team=served.team, risk_level=RiskLevel.MODERATE)
    AssignmentFactory(client=busy, staff=people["ana"])
    client.force_login(supervisor)
    response = client.get(reverse("clients:assignments", args=[served.pk]))

    def ana(ranking):
        return next(s for s in ranking.suggestions if s.candidate.name == "Ana Alvarez")

    assert "capacity" not in ana(response.context["secondary_ranking"]).rules_broken
    assert "capacity" in ana(response.context["ranking"]).rules_broken
    assert _add(client, served, people["ana"]).status_code == 302
    assert served.assignments.filter(staff=people["ana"], ended_on__isnull=True).exists()
    assert not MatchOverride.objects.filter(staff=people["ana"]).exists()


def test_outsiders_cannot_see_or_add_secondary_staff(client, outsider, served, people):
    client.force_login(outsider)
    assert client.get(reverse("clients:assignments", args=[served.pk])).status_code == 404
    assert _add(client, served, people["ana"]).status_code == 404
    assert not served.assignments.filter(staff=people["ana"]).exists()


# --- Re-opening -------------------------------------------------------------------------------


@pytest.fixture
def discharged(team_a, area, people):
    """A minor discharged ten days ago: Ben was the last primary, Ana the one before him."""
    closed = TODAY() - timedelta(days=10)
    client = minor_on_probation(
        team_a, service_area=area, status=Status.DISCHARGED, status_since=closed
    )
    EpisodeFactory(
        client=client,
        number=1,
        opened_on=closed - timedelta(days=200),
        closed_on=closed,
        discharge_reason=DischargeReason.MOVED,
    )
    AssignmentFactory(
        client=client,
        staff=people["ana"],
        started_on=closed - timedelta(days=200),
        ended_on=closed - timedelta(days=100),
    )
    AssignmentFactory(
        client=client,
        staff=people["ben"],
        started_on=closed - timedelta(days=100),
        ended_on=closed,
    )
    return client


def _reopen(client, discharged, staff, **extra):
    return client.post(
        reverse("clients:reopen", args=[discharged.pk]),
        {
            "effective_on": TODAY(),
            "reason": "Came back",
            "program": discharged.team.program_id,
            "status": "active",
            "primary": staff.pk,
            **extra,
        },
    )


def test_the_reopen_list_puts_the_last_primary_first(client, supervisor, discharged, people):
    client.force_login(supervisor)
    response = client.get(reverse("clients:reopen", args=[discharged.pk]))
    ranking = response.context["ranking"]
    assert _names(ranking)[:3] == ["Ben Brooks", "Ana Alvarez", "Cy Castro"]
    reasons = [[r.text for r in s.reasons] for s in ranking.suggestions[:2]]
    assert "Was this client's last primary case manager" in reasons[0]
    assert "Has worked with this client before" in reasons[1]
    body = response.content.decode()
    assert 'name="primary"' in body and "Was this client&#x27;s last primary case manager" in body
    assert "Does not speak Spanish" in body


def test_a_last_primary_without_room_is_not_put_first(client, supervisor, discharged, people):
    CaseloadLimit.objects.create(user=people["ben"], program=discharged.team.program, limit=1)
    AssignmentFactory(
        staff=people["ben"], client=ClientFactory(team=discharged.team, risk_level=RiskLevel.HIGH)
    )
    client.force_login(supervisor)
    ranking = client.get(reverse("clients:reopen", args=[discharged.pk])).context["ranking"]
    # Ben breaks one rule (room), so those who meet every rule come first.
    assert _names(ranking)[:3] == ["Ana Alvarez", "Cy Castro", "Ben Brooks"]
    assert ranking.suggestions[2].rules_broken == ("capacity",)


def test_a_reopen_against_a_rule_needs_a_reason_and_saves_nothing_without_one(
    client, supervisor, discharged, people
):
    client.force_login(supervisor)
    response = _reopen(client, discharged, people["untrained"])
    assert response.status_code == 200
    error = response.context["form"].errors["override_reason"][0]
    assert "No Training does not meet every rule" in error
    assert "No Training does not meet every rule" in response.content.decode()
    discharged.refresh_from_db()
    assert discharged.status == Status.DISCHARGED and discharged.episodes.count() == 1
    assert not MatchOverride.objects.exists()


def test_a_reopen_against_a_rule_keeps_the_reason(client, supervisor, discharged, people):
    client.force_login(supervisor)
    reason = "Knows the family from school outreach; youth training booked."
    response = _reopen(client, discharged, people["untrained"], override_reason=reason)
    assert response.status_code == 302
    row = discharged.assignments.get(ended_on__isnull=True)
    override = MatchOverride.objects.get()
    assert (override.assignment_id, override.staff, override.reason) == (
        row.pk,
        people["untrained"],
        reason,
    )
    event = AuditEvent.objects.get(action="clients.client.reopened")
    assert event.detail["override"] == override.pk and reason not in str(event.detail)


def test_a_reopen_with_the_last_primary_needs_no_reason(client, supervisor, discharged, people):
    client.force_login(supervisor)
    assert _reopen(client, discharged, people["ben"]).status_code == 302
    assert discharged.assignments.get(ended_on__isnull=True).staff == people["ben"]
    assert not MatchOverride.objects.exists()


def test_outsiders_cannot_see_or_reopen(client, outsider, discharged, people):
    client.force_login(outsider)
    assert client.get(reverse("clients:reopen", args=[discharged.pk])).status_code == 404
    assert _reopen(client, discharged, people["ben"]).status_code == 404
    assert discharged.episodes.count() == 1


# --- Query budgets ----------------------------------------------------------------------------


def _grow(team, area, count):
    for n in range(count):
        user = staff_member(team, f"Extra {n:02d}", areas=[area], **TRAINED)
        AssignmentFactory(staff=user, client=ClientFactory(team=team))


def test_the_staff_page_costs_the_same_for_a_team_of_any_size(
    client, supervisor, served, team_a, area, django_assert_max_num_queries
):
    client.force_login(supervisor)
    url = reverse("clients:assignments", args=[served.pk])
    client.get(url)  # the session and access caches
    # Session, user, client, access, the audit insert, the history with its overrides, the
    # two ranked lists (one query each), the reminder badge, transfers.
    with django_assert_max_num_queries(10) as small:
        client.get(url)
    _grow(team_a, area, 10)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert len(response.context["secondary_ranking"].suggestions) > 10


def test_the_reopen_page_costs_the_same_for_a_team_of_any_size(
    client, supervisor, discharged, team_a, area, django_assert_max_num_queries
):
    client.force_login(supervisor)
    url = reverse("clients:reopen", args=[discharged.pk])
    client.get(url)
    # Session, user, client, access, the programs, the ranked list, the audit insert, the
    # reminder badge.
    with django_assert_max_num_queries(8) as small:
        client.get(url)
    _grow(team_a, area, 10)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert len(response.context["ranking"].suggestions) > 10
