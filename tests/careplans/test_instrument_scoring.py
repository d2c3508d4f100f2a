"""The registry's scoring: every band boundary, every risk rule, the skip logic, pro-rating
and incomplete answers. Exhaustive parametrisation stands in for property-based tests."""

from __future__ import annotations

import itertools

import pytest

from careplans import instruments
from careplans.instruments import IncompleteError

PHQ9 = instruments.get("phq9")
PHQ2 = instruments.get("phq2")
GAD7 = instruments.get("gad7")
AUDITC = instruments.get("auditc")
K10 = instruments.get("k10")
CSSRS = instruments.get("cssrs")
DAST10 = instruments.get("dast10")


def _spread(instrument, total: int, *, fixed: dict | None = None) -> dict:
    """Answers adding up to `total` over the scored items (lowest option first)."""
    fixed = dict(fixed or {})
    items = [i for i in instrument.items if i.scored and i.code not in fixed]
    low, high = min(items[0].values), max(items[0].values)
    answers = {i.code: low for i in items}
    remaining = total - low * len(items) - sum(fixed.values())
    for item in items:
        step = min(high - low, remaining)
        answers[item.code] += step
        remaining -= step
    assert remaining == 0, "total out of range"
    return {**answers, **fixed}


def _band_cases(instrument, bands=None):
    bands = bands or instrument.bands()
    for band in bands:
        for score in sorted({band.low, band.high}):
            yield pytest.param(score, band.code, id=f"{instrument.code}-{score}-{band.code}")


@pytest.mark.parametrize(("score", "band"), list(_band_cases(PHQ9)))
def test_phq9_bands_at_every_boundary(score, band):
    result = PHQ9.score(
        _spread(PHQ9, score, fixed={"phq9_9": 0}) if score <= 24 else _spread(PHQ9, score)
    )
    assert (result.score, result.band.code) == (score, band)


def test_phq9_every_total_has_exactly_one_band():
    for total in range(0, 28):
        assert sum(b.low <= total <= b.high for b in PHQ9.bands()) == 1


@pytest.mark.parametrize("item9", [0, 1, 2, 3])
@pytest.mark.parametrize("total_of_others", [0, 4, 14, 24])
def test_phq9_item9_above_zero_flags_whatever_the_total(item9, total_of_others):
    answers = _spread(PHQ9, total_of_others + item9, fixed={"phq9_9": item9})
    result = PHQ9.score(answers)
    assert result.flags == (("phq9_item9",) if item9 >= 1 else ())
    assert result.score == total_of_others + item9


def test_phq9_difficulty_is_not_scored():
    answers = {**_spread(PHQ9, 5), "phq9_difficulty": 3}
    assert PHQ9.score(answers).score == 5


def test_phq9_refuses_to_score_with_an_item_unanswered():
    answers = _spread(PHQ9, 10)
    del answers["phq9_4"]
    with pytest.raises(IncompleteError) as caught:
        PHQ9.score(answers)
    assert set(caught.value.errors) == {"phq9_4"}


def test_an_answer_outside_the_options_is_refused():
    with pytest.raises(IncompleteError) as caught:
        PHQ9.score({**_spread(PHQ9, 3), "phq9_1": 7})
    assert "phq9_1" in caught.value.errors


@pytest.mark.parametrize(("score", "positive"), [(s, s >= 3) for s in range(0, 7)])
def test_phq2_three_or_more_is_positive(score, positive):
    result = PHQ2.score(_spread(PHQ2, score))
    assert result.positive is positive
    assert result.band.code == ("positive" if positive else "negative")


@pytest.mark.parametrize(("score", "band"), list(_band_cases(GAD7)))
def test_gad7_bands_at_every_boundary(score, band):
    result = GAD7.score(_spread(GAD7, score))
    assert (result.score, result.band.code) == (score, band)


@pytest.mark.parametrize("score", [9, 10])
def test_gad7_referral_cutoff_is_ten(score):
    assert GAD7.score(_spread(GAD7, score)).positive is (score >= 10)


# AUDIT-C ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "group", "setting", "positive"),
    [
        (2, 3, "by_sex", False),
        (3, 3, "by_sex", True),  # women: 3 or more
        (3, 4, "by_sex", False),  # men: 4 or more
        (4, 4, "by_sex", True),
        (3, 3, "four_for_all", False),  # the program's "4 for all" ignores the group
        (4, 3, "four_for_all", True),
        (12, 4, "by_sex", True),
        (0, 3, "by_sex", False),
    ],
)
def test_audit_c_cutoffs(score, group, setting, positive):
    answers = _spread(AUDITC, score, fixed={"auditc_1": min(score, 4) or 0})
    answers["auditc_group"] = group
    result = AUDITC.score(answers, {"audit_c_cutoff": setting})
    assert result.score == score
    assert result.positive is positive


def test_audit_c_never_drinking_scores_items_two_and_three_zero():
    answers = {"auditc_1": 0, "auditc_2": 4, "auditc_3": 4, "auditc_group": 3}
    result = AUDITC.score(answers)
    assert result.score == 0
    assert AUDITC.clean(answers)["auditc_2"] is None
    # ... and they need not be answered at all.
    assert AUDITC.score({"auditc_1": 0, "auditc_group": 4}).score == 0


def test_audit_c_asks_the_cutoff_group_only_when_the_program_uses_it():
    answers = {"auditc_1": 2, "auditc_2": 1, "auditc_3": 1}
    with pytest.raises(IncompleteError) as caught:
        AUDITC.score(answers)
    assert set(caught.value.errors) == {"auditc_group"}
    assert AUDITC.score(answers, {"audit_c_cutoff": "four_for_all"}).positive is True


# K10 ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("score", "band"), list(_band_cases(K10)))
def test_k10_bands_at_every_boundary(score, band):
    result = K10.score(_spread(K10, score))
    assert (result.score, result.band.code) == (score, band)


_WELL = {"k10_bands": "well_to_severe"}


@pytest.mark.parametrize(("score", "band"), list(_band_cases(K10, K10.bands(_WELL))))
def test_k10_other_band_set_at_every_boundary(score, band):
    result = K10.score(_spread(K10, score), _WELL)
    assert (result.score, result.band.code) == (score, band)


@pytest.mark.parametrize("given_total", range(9, 46))
def test_k10_prorates_one_missing_item(given_total):
    answers = _spread(K10, given_total + 1)
    answers["k10_10"] = None
    # Sum of nine answers (given_total + 1 - 1 for the removed item, which was 1).
    nine = sum(v for v in answers.values() if v is not None)
    result = K10.score(answers)
    assert result.prorated is True
    expected = int(nine / 9 * 10 + 0.5)  # half up
    assert result.score == expected


def test_k10_with_two_missing_items_is_invalid():
    answers = _spread(K10, 30)
    answers["k10_1"] = answers["k10_2"] = None
    with pytest.raises(IncompleteError) as caught:
        K10.score(answers)
    assert set(caught.value.errors) == {"k10_1", "k10_2"}


# C-SSRS screener ----------------------------------------------------------------------------

_CSSRS_CODES = ("cssrs_1", "cssrs_2", "cssrs_3", "cssrs_4", "cssrs_5", "cssrs_6", "cssrs_6_recent")


def _cssrs_expected(a: dict) -> str:
    if a.get("cssrs_4") or a.get("cssrs_5") or a.get("cssrs_6_recent"):
        return "high"
    if a.get("cssrs_3") or a.get("cssrs_6"):
        return "moderate"
    if a.get("cssrs_1") or a.get("cssrs_2"):
        return "low"
    return "none"


def _cssrs_paths():
    """Every answer pattern the skip logic allows."""
    for q1, q2, q6 in itertools.product((0, 1), repeat=3):
        middles = itertools.product((0, 1), repeat=3) if q2 else [None]
        for middle in middles:
            for recent in (0, 1) if q6 else (None,):
                a = {"cssrs_1": q1, "cssrs_2": q2, "cssrs_6": q6}
                if middle:
                    a.update(zip(("cssrs_3", "cssrs_4", "cssrs_5"), middle, strict=True))
                if recent is not None:
                    a["cssrs_6_recent"] = recent
                yield a


@pytest.mark.parametrize("answers", list(_cssrs_paths()), ids=lambda a: str(sorted(a.items())))
def test_cssrs_risk_level_on_every_allowed_path(answers):
    result = CSSRS.score(answers)
    level = _cssrs_expected(answers)
    assert result.band.code == level
    assert result.risk == ("" if level == "none" else level)
    assert result.score is None
    flags = {"high": ("cssrs_high",), "moderate": ("cssrs_moderate",)}.get(level, ())
    assert result.flags == flags


def test_cssrs_skip_logic_asks_three_to_five_only_after_a_yes_to_two():
    assert [i.code for i in CSSRS.asked_items({"cssrs_2": 0})] == ["cssrs_1", "cssrs_2", "cssrs_6"]
    assert [i.code for i in CSSRS.asked_items({"cssrs_2": 1, "cssrs_6": 1})] == list(_CSSRS_CODES)


def test_cssrs_answers_to_skipped_items_are_dropped_not_scored():
    # "No" to 2, yet "yes" to 4 (a stale answer from before 2 was changed): not asked, ignored.
    answers = {"cssrs_1": 0, "cssrs_2": 0, "cssrs_4": 1, "cssrs_6": 0}
    assert CSSRS.clean(answers)["cssrs_4"] is None
    assert CSSRS.score(answers).band.code == "none"


def test_cssrs_needs_items_three_to_five_after_a_yes_to_two():
    with pytest.raises(IncompleteError) as caught:
        CSSRS.score({"cssrs_1": 1, "cssrs_2": 1, "cssrs_6": 0})
    assert set(caught.value.errors) == {"cssrs_3", "cssrs_4", "cssrs_5"}


def test_cssrs_asks_when_after_a_yes_to_behaviour():
    with pytest.raises(IncompleteError) as caught:
        CSSRS.score({"cssrs_1": 0, "cssrs_2": 0, "cssrs_6": 1})
    assert set(caught.value.errors) == {"cssrs_6_recent"}


# DAST-10 (licensed) -------------------------------------------------------------------------


@pytest.mark.parametrize("yes_count", range(0, 11))
def test_dast10_scores_item_three_in_reverse(yes_count):
    answers = {f"dast_{n}": 0 for n in range(1, 11)}
    answers["dast_3"] = 1  # "able to stop": yes scores 0
    for n in [1, 2, 4, 5, 6, 7, 8, 9, 10][:yes_count]:
        answers[f"dast_{n}"] = 1
    expected = min(yes_count, 9)
    if yes_count == 10:
        answers["dast_3"] = 0
        expected = 10
    result = DAST10.score(answers)
    assert result.score == expected
    assert DAST10.band_for(expected).code == result.band.code


def test_dast10_is_offered_only_with_a_licence(settings):
    assert "dast10" not in [i.code for i in instruments.available()]
    settings.CAREPLANS_LICENSED_INSTRUMENTS = ["dast10"]
    assert "dast10" in [i.code for i in instruments.available()]


def test_every_instrument_has_contiguous_bands_over_its_range():
    for instrument in instruments.all_instruments():
        if not instrument.has_total:
            continue
        settings_sets = [{}]
        for setting in instrument.settings:
            settings_sets = [
                {**s, setting.code: c} for s in settings_sets for c, _l in setting.choices
            ]
        for chosen in settings_sets:
            bands = instrument.bands(chosen)
            assert bands[0].low == instrument.min_score
            assert bands[-1].high == instrument.max_score
            for a, b in itertools.pairwise(bands):
                assert b.low == a.high + 1, (instrument.code, a, b)
