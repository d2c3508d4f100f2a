"""Ranking a team's staff for a client (casework.staffing.matching and
clients.selectors.matching): each criterion alone, together, ties, lapsed trainings,
acuity-weighted capacity, team boundaries and the query budget."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from casework.models import Role, Specialty, StaffTraining
from casework.staffing.acuity import ACUITY_WEIGHTS
from casework.staffing.matching import Candidate, Needs, rank
from clients.models import AssignmentRole, RiskLevel, Status
from clients.selectors.matching import needs_of, suggestions_for
from tests.factories import AssignmentFactory, ClientFactory, ServiceAreaFactory, join, staff_member


def _needs(**kw):
    base = {
        "age": 40,
        "justice_involved": False,
        "co_occurring_substance_use": False,
        "homeless": False,
        "primary_language": "English",
        "needs_interpreter": False,
        "service_area_id": None,
        "service_area_name": "",
        "weight": Decimal("1"),
    }
    base.update(kw)
    return Needs.of(**base)


def _cand(user_id, name=None, **kw):
    base = {
        "user_id": user_id,
        "name": name or f"Person {user_id}",
        "role": "case_manager",
        "specialties": frozenset(),
        "lapsed": frozenset(),
        "languages": ("English",),
        "service_area_ids": frozenset(),
        "limit": 15,
        "load": Decimal("5"),
    }
    base.update(kw)
    return Candidate(**base)


def _order(needs, *candidates):
    return [s.user_id for s in rank(needs, candidates)]


def _reasons(suggestion):
    return {r.code: r for r in suggestion.reasons}


# --- Each criterion alone -------------------------------------------------------------------


def test_a_minor_needs_youth_training():
    needs = _needs(age=16)
    ranked = rank(needs, [_cand(1, "Ann"), _cand(2, "Bea", specialties=frozenset({"youth"}))])
    assert [s.user_id for s in ranked] == [2, 1]
    assert ranked[0].rules_broken == () and _reasons(ranked[0])["youth"].met
    assert ranked[1].rules_broken == ("youth",)
    assert _reasons(ranked[1])["youth"].text == "No youth and minors training"


def test_an_adult_needs_no_youth_training():
    ranked = rank(_needs(age=18), [_cand(1, "Ann")])
    assert "youth" not in _reasons(ranked[0]) and ranked[0].rules_broken == ()


def test_justice_involvement_needs_justice_training():
    needs = _needs(justice_involved=True)
    assert _order(needs, _cand(1, "Ann"), _cand(2, "Bea", specialties={"justice"})) == [2, 1]
    assert rank(needs, [_cand(1)])[0].rules_broken == ("justice",)


def test_co_occurring_substance_use_needs_that_training():
    needs = _needs(co_occurring_substance_use=True)
    assert _order(needs, _cand(1, "Ann"), _cand(2, "Bea", specialties={"substance_use"})) == [2, 1]
    assert rank(needs, [_cand(1)])[0].rules_broken == ("substance_use",)


def test_a_client_who_needs_an_interpreter_needs_a_speaker_of_their_language():
    needs = _needs(primary_language="spanish ", needs_interpreter=True)
    ranked = rank(needs, [_cand(1, "Ann"), _cand(2, "Bea", languages=("English", "Spanish"))])
    assert [s.user_id for s in ranked] == [2, 1]
    assert _reasons(ranked[0])["language"].text == "Speaks Spanish"
    assert ranked[1].rules_broken == ("language",)


def test_another_primary_language_without_an_interpreter_is_a_preference_not_a_rule():
    needs = _needs(primary_language="Spanish", needs_interpreter=False)
    ranked = rank(needs, [_cand(1, "Ann"), _cand(2, "Bea", languages=("Spanish",))])
    assert [s.user_id for s in ranked] == [2, 1]
    assert ranked[1].rules_broken == ()  # may be chosen without a written reason


def test_english_speakers_need_nothing_more():
    ranked = rank(_needs(primary_language="english", needs_interpreter=True), [_cand(1)])
    assert "language" not in _reasons(ranked[0]) and ranked[0].rules_broken == ()


def test_same_service_area_comes_first_but_is_no_rule():
    needs = _needs(service_area_id=7, service_area_name="Harbor")
    ranked = rank(needs, [_cand(1, "Ann"), _cand(2, "Bea", service_area_ids={7})])
    assert [s.user_id for s in ranked] == [2, 1]
    assert _reasons(ranked[0])["area"].text == "Covers Harbor"
    assert ranked[1].rules_broken == ()


def test_no_room_in_the_caseload_breaks_a_rule():
    needs = _needs(weight=Decimal("1.5"))
    full = _cand(1, "Ann", limit=10, load=Decimal("9"))  # 9 + 1.5 > 10
    room = _cand(2, "Bea", limit=10, load=Decimal("8.5"))  # exactly fits
    ranked = rank(needs, [full, room])
    assert [s.user_id for s in ranked] == [2, 1]
    assert ranked[0].rules_broken == () and ranked[0].spare == 0
    assert ranked[1].rules_broken == ("capacity",)
    assert _reasons(ranked[1])["capacity"].text == "Over capacity: 9 of 10 now, 0.5 over after"


def test_more_spare_capacity_ranks_higher():
    needs = _needs()
    assert _order(needs, _cand(1, "Ann", load=Decimal("12")), _cand(2, "Bea")) == [2, 1]


def test_continuity_ranks_someone_who_worked_with_the_client_higher():
    needs = _needs()
    ranked = rank(needs, [_cand(1, "Ann"), _cand(2, "Bea", worked_with_client=True)])
    assert [s.user_id for s in ranked] == [2, 1]
    assert _reasons(ranked[0])["continuity"].met


def test_the_last_primary_comes_before_others_who_worked_with_the_client():
    needs = _needs()
    ranked = rank(
        needs,
        [
            _cand(1, "Ann", worked_with_client=True),
            _cand(2, "Bea", worked_with_client=True, last_primary=True, load=Decimal("10")),
        ],
    )
    assert [s.user_id for s in ranked] == [2, 1]  # before Ann despite less room
    assert _reasons(ranked[0])["continuity"].text == "Was this client's last primary case manager"
    assert _reasons(ranked[1])["continuity"].text == "Has worked with this client before"


def test_the_last_primary_without_room_breaks_a_rule_and_comes_after():
    needs = _needs()
    full = _cand(1, "Ann", worked_with_client=True, last_primary=True, load=Decimal("15"))
    ranked = rank(needs, [full, _cand(2, "Bea")])
    assert [s.user_id for s in ranked] == [2, 1]
    assert ranked[1].rules_broken == ("capacity",)


def test_older_adults_and_homelessness_trainings_are_preferences():
    needs = _needs(age=67, homeless=True)
    ranked = rank(
        needs,
        [
            _cand(1, "Ann"),
            _cand(2, "Bea", specialties={"older_adults"}),
            _cand(3, "Cal", specialties={"older_adults", "homelessness"}),
        ],
    )
    assert [s.user_id for s in ranked] == [3, 2, 1]
    assert all(s.rules_broken == () for s in ranked)


def test_a_lapsed_training_does_not_count():
    needs = _needs(age=16)
    lapsed = _cand(1, "Ann", lapsed=frozenset({"youth"}))
    ranked = rank(needs, [lapsed])
    assert ranked[0].rules_broken == ("youth",)
    assert _reasons(ranked[0])["youth"].text == "Youth and minors training lapsed"


# --- Combined, and ties ----------------------------------------------------------------------


def test_rules_outweigh_area_which_outweighs_continuity_preferences_and_room():
    needs = _needs(age=16, justice_involved=True, service_area_id=7, homeless=True)
    trained = {"youth", "justice"}
    ranked = rank(
        needs,
        [
            _cand(1, "Untrained local", service_area_ids={7}, worked_with_client=True),
            _cand(2, "Trained elsewhere", specialties=trained, load=Decimal("0")),
            _cand(3, "Trained local", specialties=trained, service_area_ids={7}, load=Decimal("9")),
            _cand(
                4,
                "Trained local knows",
                specialties=trained,
                service_area_ids={7},
                worked_with_client=True,
                load=Decimal("14"),
            ),
            _cand(5, "Half trained", specialties={"youth"}, service_area_ids={7}),
            _cand(
                6,
                "Trained local homeless",
                specialties=trained | {"homelessness"},
                service_area_ids={7},
                load=Decimal("12"),
            ),
        ],
    )
    # 4 knows the client; 6 has the homelessness preference; 3 then; 2 misses the area;
    # 5 breaks one rule, 1 two.
    assert [s.user_id for s in ranked] == [4, 6, 3, 2, 5, 1]
    assert [s.position for s in ranked] == [1, 2, 3, 4, 5, 6]


def test_ties_are_broken_by_name_without_case_then_by_id_whatever_the_input_order():
    needs = _needs()
    people = [_cand(3, "bea"), _cand(1, "Cal"), _cand(2, "Bea"), _cand(4, "ann")]
    assert _order(needs, *people) == [4, 2, 3, 1]
    assert _order(needs, *reversed(people)) == [4, 2, 3, 1]


def test_acuity_weights_cover_every_risk_level_and_are_the_team_dashboards():
    from supervision.metrics import ACUITY_WEIGHTS as DASHBOARD

    assert set(ACUITY_WEIGHTS) == set(RiskLevel.values)
    # A moderate client is one caseload place.
    assert ACUITY_WEIGHTS[RiskLevel.MODERATE] == Decimal("1")
    # The team dashboard's weighted load reads these very weights, not a copy.
    assert DASHBOARD is ACUITY_WEIGHTS


# --- From the database ------------------------------------------------------------------------


@pytest.mark.django_db
def test_capacity_counts_open_primary_clients_weighted_by_acuity(supervisor, team_a):
    ana = staff_member(team_a, "Ana", limit=5)
    for level in (RiskLevel.HIGH, RiskLevel.HIGH, RiskLevel.LOW, RiskLevel.LOW):
        AssignmentFactory(staff=ana, client=ClientFactory(team=team_a, risk_level=level))
    # Not counted: a discharged client, an ended period, a secondary role.
    AssignmentFactory(staff=ana, client=ClientFactory(team=team_a, status=Status.DISCHARGED))
    AssignmentFactory(staff=ana, client=ClientFactory(team=team_a), ended_on=timezone.localdate())
    AssignmentFactory(staff=ana, client=ClientFactory(team=team_a), role=AssignmentRole.SECONDARY)
    needs = needs_of(details=ClientFactory.build(team=team_a, risk_level=RiskLevel.MODERATE))
    (ana_row, *_rest) = [
        s
        for s in suggestions_for(viewer=supervisor, team=team_a, needs=needs)
        if s.user_id == ana.pk
    ]
    assert ana_row.candidate.load == Decimal("4")  # 1.5 + 1.5 + 0.5 + 0.5
    assert ana_row.candidate.limit == 5
    assert ana_row.spare == Decimal("0") and ana_row.rules_broken == ()  # exactly full
    heavy = needs_of(details=ClientFactory.build(team=team_a, risk_level=RiskLevel.HIGH))
    ana_row = next(
        s
        for s in suggestions_for(viewer=supervisor, team=team_a, needs=heavy)
        if s.user_id == ana.pk
    )
    assert ana_row.rules_broken == ("capacity",)


@pytest.mark.django_db
def test_the_limit_defaults_to_the_programs_ratio(supervisor, team_a):
    team_a.program.caseload_ratio = 11
    team_a.program.save()
    ben = staff_member(team_a, "Ben")
    needs = needs_of(details=ClientFactory.build(team=team_a))
    row = next(
        s
        for s in suggestions_for(viewer=supervisor, team=team_a, needs=needs)
        if s.user_id == ben.pk
    )
    assert row.candidate.limit == 11


@pytest.mark.django_db
def test_another_teams_staff_are_never_offered(supervisor, team_a, team_b, agency):
    area = ServiceAreaFactory(agency=agency)
    ideal = staff_member(
        team_b,
        "Ideal Elsewhere",
        trainings=list(Specialty.values),
        languages=("English", "Spanish"),
        areas=[area],
    )
    both = staff_member(team_b, "In Both Teams")
    join(both, team_a)
    reader = staff_member(team_a, "Read Only", role=Role.COMPLIANCE)
    gone = staff_member(team_a, "Deactivated")
    gone.is_active = False
    gone.save()
    minor = ClientFactory.build(
        team=team_a,
        date_of_birth=timezone.localdate() - timedelta(days=16 * 366),
        justice_involved=True,
        primary_language="Spanish",
        needs_interpreter=True,
        service_area=area,
    )
    offered = {
        s.user_id
        for s in suggestions_for(viewer=supervisor, team=team_a, needs=needs_of(details=minor))
    }
    assert ideal.pk not in offered and reader.pk not in offered and gone.pk not in offered
    assert both.pk in offered and supervisor.pk in offered


@pytest.mark.django_db
def test_nobody_is_offered_to_a_viewer_who_cannot_assign_in_the_team(compliance, outsider, team_a):
    staff_member(team_a, "Ana")
    needs = needs_of(details=ClientFactory.build(team=team_a))
    assert suggestions_for(viewer=compliance, team=team_a, needs=needs) == []
    assert suggestions_for(viewer=outsider, team=team_a, needs=needs) == []


@pytest.mark.django_db
def test_a_training_counts_through_its_expiry_day_and_not_after(supervisor, team_a):
    today = timezone.localdate()
    ana = staff_member(team_a, "Ana")
    StaffTraining.objects.create(
        user=ana, specialty="youth", certified_on=date(2024, 1, 1), expires_on=today
    )
    ben = staff_member(team_a, "Ben", lapsed=["youth"])
    minor = ClientFactory.build(team=team_a, date_of_birth=today - timedelta(days=15 * 366))
    rows = {
        s.user_id: s
        for s in suggestions_for(viewer=supervisor, team=team_a, needs=needs_of(details=minor))
    }
    assert rows[ana.pk].rules_broken == ()
    assert rows[ben.pk].rules_broken == ("youth",)
    assert "lapsed" in _reasons(rows[ben.pk])["youth"].text


@pytest.mark.django_db
def test_continuity_comes_from_any_earlier_period_with_the_client(supervisor, team_a):
    ana, ben = staff_member(team_a, "Ana"), staff_member(team_a, "Ben")
    client = ClientFactory(team=team_a)
    AssignmentFactory(
        client=client,
        staff=ben,
        role=AssignmentRole.SECONDARY,
        started_on=date(2025, 1, 1),
        ended_on=date(2025, 6, 1),
    )
    ranked = suggestions_for(
        viewer=supervisor, team=team_a, needs=needs_of(details=client), client_id=client.pk
    )
    assert ranked[0].user_id == ben.pk and ranked[0].candidate.worked_with_client
    assert not next(s for s in ranked if s.user_id == ana.pk).candidate.worked_with_client


@pytest.mark.django_db
@pytest.mark.parametrize("size", [5, 40])
def test_the_ranked_list_costs_one_query_whatever_the_team_size(
    supervisor, team_a, agency, size, django_assert_num_queries
):
    area = ServiceAreaFactory(agency=agency)
    for n in range(size):
        user = staff_member(
            team_a,
            f"Member {n:02d}",
            trainings=["youth"] if n % 2 else [],
            languages=("English", "Spanish"),
            areas=[area],
            lapsed=["justice"],
        )
        AssignmentFactory(staff=user, client=ClientFactory(team=team_a))
    client = ClientFactory(team=team_a, service_area=area)
    needs = needs_of(details=client)
    suggestions_for(viewer=supervisor, team=team_a, needs=needs)  # warms the access cache
    with django_assert_num_queries(1):
        ranked = suggestions_for(viewer=supervisor, team=team_a, needs=needs, client_id=client.pk)
    assert len(ranked) == size + 1  # and the supervisor
