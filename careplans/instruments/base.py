"""What an instrument definition is made of, and the one scoring engine that reads them.

A definition is data: items with their options, how the total is formed, the bands, the
risk rules and which items are asked. Views, forms, services and the trend chart all read the
definition, so a new instrument (DAST-10 for an agency holding its licence) is a new
definition in `definitions.py`, never new code.

Item labels here are short and our own. The validated wording of each question is not ours
to copy; an agency loads it (`manage.py load_instrument_wording`) and forms show it when
present.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


class IncompleteError(Exception):
    """Answers missing or out of range: the administration cannot be scored."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class Option:
    value: int
    label: str


@dataclass(frozen=True)
class Item:
    code: str
    label: str
    options: tuple[Option, ...]
    scored: bool = True
    # An unscored item that must still be answered (AUDIT-C's cut-off group).
    required: bool = False

    @property
    def shows_scores(self) -> bool:
        """A scored item on a ladder of answers shows each answer's score beside it; yes/no
        items do not (DAST-10 item 3 scores a no)."""
        return self.scored and self.options != YES_NO

    @property
    def values(self) -> frozenset[int]:
        return frozenset(o.value for o in self.options)

    def option_label(self, value: int | None) -> str:
        for o in self.options:
            if o.value == value:
                return o.label
        return "—"


@dataclass(frozen=True)
class Band:
    """Scores from `low` to `high` inclusive. `level` orders bands for colour and risk:
    0 none/minimal … 4 the most severe."""

    code: str
    label: str
    low: int
    high: int
    level: int


@dataclass(frozen=True)
class Result:
    """What the system computes from the answers; nothing here is ever typed."""

    score: int | None
    band: Band | None
    # A screen with a cut-off: True/False; None for a severity scale without one.
    positive: bool | None = None
    # The C-SSRS risk level: "", "low", "moderate" or "high".
    risk: str = ""
    prorated: bool = False
    # Codes of the risk rules that fired; any one raises a safety flag.
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Setting:
    """A per-program choice an instrument reads (K10 band set, AUDIT-C cut-off)."""

    code: str
    label: str
    choices: tuple[tuple[str, str], ...]
    default: str


@dataclass(frozen=True)
class Instrument:
    code: str
    name: str
    purpose: str
    period: str
    items: tuple[Item, ...]
    licence: str
    # (settings) -> bands; most instruments have one fixed set.
    bands_for: Callable[[Mapping[str, str]], tuple[Band, ...]]
    min_score: int
    max_score: int
    scoring: Callable[[Instrument, dict[str, int | None], Mapping[str, str]], Result]
    # (answers, settings) -> codes of the items to ask given the answers so far (skip logic).
    asked: Callable[[dict[str, int | None], Mapping[str, str]], tuple[str, ...]] | None = None
    has_total: bool = True
    loinc: str = ""
    settings: tuple[Setting, ...] = ()
    # Shown beside the result: what a positive screen leads to.
    next_step: str = ""
    # Needs an agency licence (DAST-10): offered only where settings list it.
    licensed: bool = False
    # The question each item answers, with its time frame, in our own words: the form shows it
    # above the items, so a short label is read as the instrument means it.
    stem: str = ""
    # How answers score, where the options alone do not say it (yes/no, AUDIT-C's ladders).
    scale: str = ""

    @property
    def shared_scale(self) -> tuple[Option, ...]:
        """The one answer scale every scored item uses (PHQ, GAD, K10), shown once above the
        items with its scores; empty when items differ or the answers are yes/no."""
        scales = {i.options for i in self.items if i.scored}
        if len(scales) != 1:
            return ()
        (options,) = scales
        return () if options == YES_NO else options

    def item(self, code: str) -> Item:
        for it in self.items:
            if it.code == code:
                return it
        raise KeyError(code)

    def asked_items(
        self, answers: dict[str, int | None], settings: Mapping[str, str] | None = None
    ) -> tuple[Item, ...]:
        settings = self.settings_with_defaults(settings)
        codes = self.asked(answers, settings) if self.asked else tuple(i.code for i in self.items)
        return tuple(i for i in self.items if i.code in codes)

    def settings_with_defaults(self, chosen: Mapping[str, str] | None) -> dict[str, str]:
        chosen = chosen or {}
        out = {}
        for s in self.settings:
            value = chosen.get(s.code, s.default)
            out[s.code] = value if value in dict(s.choices) else s.default
        return out

    def bands(self, settings: Mapping[str, str] | None = None) -> tuple[Band, ...]:
        return self.bands_for(self.settings_with_defaults(settings))

    def band_for(self, score: int, settings: Mapping[str, str] | None = None) -> Band | None:
        for band in self.bands(settings):
            if band.low <= score <= band.high:
                return band
        return None

    def clean(
        self, raw: Mapping[str, object], settings: Mapping[str, str] | None = None
    ) -> dict[str, int | None]:
        """Answers as ints (None when not given), only for this instrument's items; values
        outside an item's options are refused."""
        answers: dict[str, int | None] = {}
        errors: dict[str, str] = {}
        for item in self.items:
            value = raw.get(item.code)
            if value in (None, ""):
                answers[item.code] = None
                continue
            try:
                number = int(value)  # type: ignore[arg-type]
            except (TypeError, ValueError):
                errors[item.code] = str(_("Choose one of the answers."))
                continue
            if number not in item.values:
                errors[item.code] = str(_("Choose one of the answers."))
                continue
            answers[item.code] = number
        if errors:
            raise IncompleteError(errors)
        # Answers to items the skip logic does not ask are dropped, never scored.
        asked = {i.code for i in self.asked_items(answers, settings)}
        return {code: (v if code in asked else None) for code, v in answers.items()}

    def score(self, raw: Mapping[str, object], settings: Mapping[str, str] | None = None) -> Result:
        """Score complete answers; IncompleteError names each unanswered asked item."""
        settings = self.settings_with_defaults(settings)
        return self.scoring(self, self.clean(raw, settings), settings)


# --- Shared building blocks -------------------------------------------------------------

FREQUENCY = (
    Option(0, _("Not at all")),
    Option(1, _("Several days")),
    Option(2, _("More than half the days")),
    Option(3, _("Nearly every day")),
)
YES_NO = (Option(0, _("No")), Option(1, _("Yes")))


def numbered_items(
    prefix: str, labels: tuple[str, ...], options: tuple[Option, ...]
) -> tuple[Item, ...]:
    """The items of a scale whose questions share one set of answers, coded `<prefix>_1`,
    `<prefix>_2`... in the order of `labels` (PHQ, GAD, K10, DAST)."""
    return tuple(Item(f"{prefix}_{n}", label, options) for n, label in enumerate(labels, start=1))


def refuse_incomplete(instrument: Instrument, answers: dict[str, int | None], settings) -> None:
    """IncompleteError naming every asked item left unanswered: no score from a part."""
    if errors := missing(instrument, answers, settings):
        raise IncompleteError(errors)


def missing(instrument: Instrument, answers: dict[str, int | None], settings) -> dict[str, str]:
    return {
        item.code: str(_("Answer this item."))
        for item in instrument.asked_items(answers, settings)
        if answers.get(item.code) is None and (item.scored or item.required)
    }


def sum_scoring(instrument: Instrument, answers, settings) -> Result:
    """The total of the scored items; every asked item must be answered."""
    refuse_incomplete(instrument, answers, settings)
    total = sum(answers[i.code] or 0 for i in instrument.items if i.scored)
    return Result(score=total, band=instrument.band_for(total, settings))
