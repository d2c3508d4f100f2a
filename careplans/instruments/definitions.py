"""The instrument definitions (facts from shared/domain/instruments.md). Item labels are our
own short summaries, not the validated wording (that is the agency's fixture)."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _

from careplans.instruments.base import (
    FREQUENCY,
    YES_NO,
    Band,
    IncompleteError,
    Instrument,
    Item,
    Option,
    Result,
    Setting,
    missing,
    numbered_items,
    refuse_incomplete,
    sum_scoring,
)

# --- PHQ-9 and PHQ-2 ----------------------------------------------------------------------

# The question every PHQ and GAD item answers, in our own words, shown above the items.
_TWO_WEEKS_STEM = _("In the last 2 weeks, how often was the client troubled by:")

_PHQ_LABELS = (
    _("Little interest or pleasure in things"),
    _("Feeling low or hopeless"),
    _("Trouble with sleep, too little or too much"),
    _("Tired, little energy"),
    _("Poor appetite or overeating"),
    _("Feeling bad about oneself"),
    _("Trouble concentrating"),
    _("Moving or speaking slowly, or too restless"),
    _("Thoughts of death or self-harm"),
)
PHQ9_ITEMS = numbered_items("phq9", _PHQ_LABELS, FREQUENCY) + (
    Item(
        "phq9_difficulty",
        _("Difficulty these problems cause (not scored)"),
        (
            Option(0, _("Not difficult at all")),
            Option(1, _("Somewhat difficult")),
            Option(2, _("Very difficult")),
            Option(3, _("Extremely difficult")),
        ),
        scored=False,
    ),
)

PHQ9_BANDS = (
    Band("minimal", _("Minimal"), 0, 4, 0),
    Band("mild", _("Mild"), 5, 9, 1),
    Band("moderate", _("Moderate"), 10, 14, 2),
    Band("moderately_severe", _("Moderately severe"), 15, 19, 3),
    Band("severe", _("Severe"), 20, 27, 4),
)

PHQ9_ITEM9 = "phq9_item9"  # the risk rule's code


def _phq9_scoring(instrument: Instrument, answers, settings) -> Result:
    result = sum_scoring(instrument, answers, settings)
    # Item 9 above zero flags suicide risk whatever the total.
    flags = (PHQ9_ITEM9,) if (answers.get("phq9_9") or 0) >= 1 else ()
    return Result(score=result.score, band=result.band, flags=flags)


PHQ2_BANDS = (
    Band("negative", _("Negative screen"), 0, 2, 0),
    Band("positive", _("Positive screen"), 3, 6, 2),
)


def _phq2_scoring(instrument: Instrument, answers, settings) -> Result:
    result = sum_scoring(instrument, answers, settings)
    return Result(score=result.score, band=result.band, positive=result.score >= 3)


# --- GAD-7 ---------------------------------------------------------------------------------

GAD7_BANDS = (
    Band("minimal", _("Minimal"), 0, 4, 0),
    Band("mild", _("Mild"), 5, 9, 1),
    Band("moderate", _("Moderate"), 10, 14, 2),
    Band("severe", _("Severe"), 15, 21, 4),
)
GAD7_REFERRAL_CUTOFF = 10


def _gad7_scoring(instrument: Instrument, answers, settings) -> Result:
    result = sum_scoring(instrument, answers, settings)
    return Result(
        score=result.score, band=result.band, positive=result.score >= GAD7_REFERRAL_CUTOFF
    )


# --- AUDIT-C -------------------------------------------------------------------------------

AUDIT_C_BY_SEX = "by_sex"
AUDIT_C_FOUR_FOR_ALL = "four_for_all"
_CUTOFF_GROUP_WOMEN, _CUTOFF_GROUP_MEN = 3, 4


def _audit_c_threshold(answers, settings) -> int:
    if settings.get("audit_c_cutoff") == AUDIT_C_FOUR_FOR_ALL:
        return 4
    return answers.get("auditc_group") or _CUTOFF_GROUP_MEN


def _audit_c_bands(settings: Mapping[str, str]) -> tuple[Band, ...]:
    if settings.get("audit_c_cutoff") == AUDIT_C_FOUR_FOR_ALL:
        return (
            Band("negative", _("Negative"), 0, 3, 0),
            Band("positive", _("Positive"), 4, 12, 3),
        )
    return (
        Band("negative", _("Negative"), 0, 2, 0),
        Band("positive_women", _("Positive (women)"), 3, 3, 2),
        Band("positive", _("Positive"), 4, 12, 3),
    )


def _audit_c_asked(answers, settings) -> tuple[str, ...]:
    group = () if settings.get("audit_c_cutoff") == AUDIT_C_FOUR_FOR_ALL else ("auditc_group",)
    # "Never" drinks: items 2 and 3 are not asked and score 0.
    if answers.get("auditc_1") == 0:
        return ("auditc_1", *group)
    return ("auditc_1", "auditc_2", "auditc_3", *group)


def _audit_c_scoring(instrument: Instrument, answers, settings) -> Result:
    refuse_incomplete(instrument, answers, settings)
    total = sum(answers.get(code) or 0 for code in ("auditc_1", "auditc_2", "auditc_3"))
    threshold = _audit_c_threshold(answers, settings)
    positive = total >= threshold
    band = Band(
        "positive" if positive else "negative",
        _("Positive") if positive else _("Negative"),
        threshold if positive else 0,
        12 if positive else threshold - 1,
        3 if positive else 0,
    )
    return Result(score=total, band=band, positive=positive)


# --- K10 -----------------------------------------------------------------------------------

K10_BANDS_LOW_TO_VERY_HIGH = "low_to_very_high"
K10_BANDS_WELL_TO_SEVERE = "well_to_severe"
_K10_OPTIONS = (
    Option(1, _("None of the time")),
    Option(2, _("A little of the time")),
    Option(3, _("Some of the time")),
    Option(4, _("Most of the time")),
    Option(5, _("All of the time")),
)
_K10_LABELS = (
    _("Tired out for no good reason"),
    _("Nervousness"),
    _("Nervousness nothing could calm"),
    _("Hopelessness"),
    _("Restlessness"),
    _("Restlessness, could not sit still"),
    _("Depressed mood"),
    _("Everything an effort"),
    _("Sadness nothing could lift"),
    _("Worthlessness"),
)


def _k10_bands(settings: Mapping[str, str]) -> tuple[Band, ...]:
    if settings.get("k10_bands") == K10_BANDS_WELL_TO_SEVERE:
        return (
            Band("well", _("Likely well"), 10, 19, 0),
            Band("mild", _("Mild"), 20, 24, 1),
            Band("moderate", _("Moderate"), 25, 29, 2),
            Band("severe", _("Severe"), 30, 50, 4),
        )
    return (
        Band("low", _("Low"), 10, 15, 0),
        Band("moderate", _("Moderate"), 16, 21, 1),
        Band("high", _("High"), 22, 29, 3),
        Band("very_high", _("Very high"), 30, 50, 4),
    )


def _k10_scoring(instrument: Instrument, answers, settings) -> Result:
    given = [v for v in answers.values() if v is not None]
    unanswered = {code: msg for code, msg in missing(instrument, answers, settings).items()}
    if len(unanswered) > 1:
        raise IncompleteError(unanswered)
    total, prorated = sum(given), False
    if len(unanswered) == 1:
        # One missing item may be pro-rated: the mean of the nine, times ten, half up.
        total, prorated = (sum(given) * 10 + 4) // 9, True
    return Result(score=total, band=instrument.band_for(total, settings), prorated=prorated)


# --- C-SSRS screener -----------------------------------------------------------------------

CSSRS_MODERATE = "cssrs_moderate"
CSSRS_HIGH = "cssrs_high"
CSSRS_BANDS = (
    Band("none", _("No risk found"), 0, 0, 0),
    Band("low", _("Low risk"), 1, 1, 1),
    Band("moderate", _("Moderate risk"), 2, 2, 3),
    Band("high", _("High risk"), 3, 3, 4),
)


def _cssrs_asked(answers, settings) -> tuple[str, ...]:
    # Ask 1 and 2; only a yes to 2 opens 3–5; everyone is asked 6; a yes to 6 asks when.
    codes = ["cssrs_1", "cssrs_2"]
    if answers.get("cssrs_2") == 1:
        codes += ["cssrs_3", "cssrs_4", "cssrs_5"]
    codes.append("cssrs_6")
    if answers.get("cssrs_6") == 1:
        codes.append("cssrs_6_recent")
    return tuple(codes)


def _cssrs_scoring(instrument: Instrument, answers, settings) -> Result:
    refuse_incomplete(instrument, answers, settings)

    def yes(code: str) -> bool:
        return answers.get(code) == 1

    if yes("cssrs_4") or yes("cssrs_5") or yes("cssrs_6_recent"):
        level = "high"
    elif yes("cssrs_3") or yes("cssrs_6"):
        level = "moderate"
    elif yes("cssrs_1") or yes("cssrs_2"):
        level = "low"
    else:
        level = "none"
    band = next(b for b in CSSRS_BANDS if b.code == level)
    flags = {"high": (CSSRS_HIGH,), "moderate": (CSSRS_MODERATE,)}.get(level, ())
    return Result(
        score=None,
        band=band,
        positive=level != "none",
        risk="" if level == "none" else level,
        flags=flags,
    )


# --- DAST-10 (licensed: offered only where the agency holds the licence) -------------------

_DAST_LABELS = (
    _("Drug use other than for medical reasons"),
    _("More than one drug at a time"),
    _("Able to stop when wanted"),
    _("Blackouts or flashbacks"),
    _("Felt bad or guilty about use"),
    _("Family or partner complained"),
    _("Neglected family because of use"),
    _("Illegal activities to obtain drugs"),
    _("Withdrawal symptoms"),
    _("Medical problems from use"),
)
DAST10_BANDS = (
    Band("none", _("None reported"), 0, 0, 0),
    Band("low", _("Low"), 1, 2, 1),
    Band("moderate", _("Moderate"), 3, 5, 2),
    Band("substantial", _("Substantial"), 6, 8, 3),
    Band("severe", _("Severe"), 9, 10, 4),
)


def _dast10_scoring(instrument: Instrument, answers, settings) -> Result:
    refuse_incomplete(instrument, answers, settings)
    # One point per yes, except item 3 where a "no" scores.
    total = sum(
        (1 - answers[i.code]) if i.code == "dast_3" else answers[i.code]  # type: ignore[operator]
        for i in instrument.items
    )
    return Result(score=total, band=instrument.band_for(total, settings))


# --- The registry's contents ----------------------------------------------------------------

DEFINITIONS: tuple[Instrument, ...] = (
    Instrument(
        code="phq9",
        name="PHQ-9",
        purpose=_("Depression"),
        period=_("Over the last 2 weeks"),
        stem=_TWO_WEEKS_STEM,
        items=PHQ9_ITEMS,
        licence=_("Free to reproduce and use; no permission needed."),
        bands_for=lambda s: PHQ9_BANDS,
        min_score=0,
        max_score=27,
        scoring=_phq9_scoring,
        loinc="44249-1",
        next_step=_(
            "Any answer above “not at all” on thoughts of death or self-harm needs a full risk "
            "assessment and a safety plan today; the supervisor has been told."
        ),
    ),
    Instrument(
        code="phq2",
        name="PHQ-2",
        purpose=_("Depression screen"),
        period=_("Over the last 2 weeks"),
        stem=_TWO_WEEKS_STEM,
        items=PHQ9_ITEMS[:2],
        licence=_("Free to reproduce and use; no permission needed."),
        bands_for=lambda s: PHQ2_BANDS,
        min_score=0,
        max_score=6,
        scoring=_phq2_scoring,
        next_step=_("A positive screen (3 or more): give the PHQ-9."),
    ),
    Instrument(
        code="gad7",
        name="GAD-7",
        purpose=_("Anxiety"),
        period=_("Over the last 2 weeks"),
        stem=_TWO_WEEKS_STEM,
        items=numbered_items(
            "gad7",
            (
                _("Nervousness"),
                _("Worry that will not stop"),
                _("Too much worry about many things"),
                _("Trouble relaxing"),
                _("Restlessness"),
                _("Irritability"),
                _("Dread that something awful may happen"),
            ),
            FREQUENCY,
        ),
        licence=_("Free to reproduce and use; no permission needed."),
        bands_for=lambda s: GAD7_BANDS,
        min_score=0,
        max_score=21,
        scoring=_gad7_scoring,
        loinc="69737-5",
        next_step=_("10 or more is the usual cut-off for a referral."),
    ),
    Instrument(
        code="auditc",
        name="AUDIT-C",
        purpose=_("Alcohol use"),
        period=_("In the past year"),
        stem=_("About the client's drinking in the past year:"),
        scale=_("Each question scores from 0 for the first answer to 4 for the last."),
        items=(
            Item(
                "auditc_1",
                _("How often a drink"),
                (
                    Option(0, _("Never")),
                    Option(1, _("Monthly or less")),
                    Option(2, _("2–4 times a month")),
                    Option(3, _("2–3 times a week")),
                    Option(4, _("4 or more times a week")),
                ),
            ),
            Item(
                "auditc_2",
                _("Drinks on a typical day"),
                (
                    Option(0, _("1 or 2")),
                    Option(1, _("3 or 4")),
                    Option(2, _("5 or 6")),
                    Option(3, _("7 to 9")),
                    Option(4, _("10 or more")),
                ),
            ),
            Item(
                "auditc_3",
                _("How often 6 or more on one occasion"),
                (
                    Option(0, _("Never")),
                    Option(1, _("Less than monthly")),
                    Option(2, _("Monthly")),
                    Option(3, _("Weekly")),
                    Option(4, _("Daily or almost daily")),
                ),
            ),
            Item(
                "auditc_group",
                _("Cut-off to apply (not scored)"),
                (
                    Option(_CUTOFF_GROUP_WOMEN, _("Women's cut-off (3 or more)")),
                    Option(_CUTOFF_GROUP_MEN, _("Men's cut-off (4 or more)")),
                ),
                scored=False,
                required=True,
            ),
        ),
        licence=_("WHO; free."),
        bands_for=_audit_c_bands,
        min_score=0,
        max_score=12,
        scoring=_audit_c_scoring,
        asked=_audit_c_asked,
        loinc="72109-2",
        settings=(
            Setting(
                "audit_c_cutoff",
                _("AUDIT-C positive screen"),
                (
                    (AUDIT_C_BY_SEX, _("Women 3 or more, men 4 or more")),
                    (AUDIT_C_FOUR_FOR_ALL, _("4 or more for everyone")),
                ),
                AUDIT_C_BY_SEX,
            ),
        ),
    ),
    Instrument(
        code="k10",
        name="K10",
        purpose=_("Psychological distress"),
        period=_("In the last 30 days"),
        stem=_("In the last 30 days, how much of the time did the client feel:"),
        items=numbered_items("k10", _K10_LABELS, _K10_OPTIONS),
        licence=_("Free to use; cite the authors."),
        bands_for=_k10_bands,
        min_score=10,
        max_score=50,
        scoring=_k10_scoring,
        settings=(
            Setting(
                "k10_bands",
                _("K10 bands"),
                (
                    (
                        K10_BANDS_LOW_TO_VERY_HIGH,
                        _("Low 10–15, moderate 16–21, high 22–29, very high 30–50"),
                    ),
                    (
                        K10_BANDS_WELL_TO_SEVERE,
                        _("Well 10–19, mild 20–24, moderate 25–29, severe 30–50"),
                    ),
                ),
                K10_BANDS_LOW_TO_VERY_HIGH,
            ),
        ),
    ),
    Instrument(
        code="cssrs",
        name="C-SSRS screener",
        purpose=_("Suicide risk"),
        period=_("Past month (behaviour: lifetime, then past 3 months)"),
        stem=_("In the past month (question 6: ever, then in the past 3 months), has the client:"),
        scale=_(
            "Yes or no. Questions 3 to 5 are asked only after a yes to question 2; "
            "no total is added up."
        ),
        items=(
            Item("cssrs_1", _("Wished to be dead or not wake up"), YES_NO),
            Item("cssrs_2", _("Thoughts of killing oneself"), YES_NO),
            Item("cssrs_3", _("Thought about how"), YES_NO),
            Item("cssrs_4", _("Some intention of acting on the thoughts"), YES_NO),
            Item("cssrs_5", _("Worked out details, intends to carry it out"), YES_NO),
            Item("cssrs_6", _("Ever did, started or prepared anything to end life"), YES_NO),
            Item("cssrs_6_recent", _("… and was it within the past 3 months"), YES_NO),
        ),
        licence=_("Free for community and health-care use."),
        bands_for=lambda s: CSSRS_BANDS,
        min_score=0,
        max_score=3,
        scoring=_cssrs_scoring,
        asked=_cssrs_asked,
        has_total=False,
        next_step=_(
            "Moderate or high risk: complete a full risk assessment and a safety plan now; "
            "the supervisor has been told."
        ),
    ),
    Instrument(
        code="dast10",
        name="DAST-10",
        purpose=_("Drug use"),
        period=_("In the past 12 months"),
        stem=_("In the past 12 months, leaving out alcohol and medicines taken as prescribed:"),
        scale=_("Yes or no. Each yes scores 1, except question 3, where a no scores 1."),
        items=numbered_items("dast", _DAST_LABELS, YES_NO),
        licence=_("Non-commercial reproduction only; offered where the agency holds a licence."),
        bands_for=lambda s: DAST10_BANDS,
        min_score=0,
        max_score=10,
        scoring=_dast10_scoring,
        licensed=True,
    ),
)
