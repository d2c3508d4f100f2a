"""The matching rules: rank a team's staff for one client's needs, and say why.

Pure functions over plain data. The clients app reads a client's needs and each candidate's
load and history (`clients.selectors.matching`); this module decides the order.

Order (first difference wins, so the ranking is explainable line by line):
1. fewest rules broken: a required training missing (minor -> youth, justice-involved ->
   justice, co-occurring substance use -> substance use), not speaking the language of a
   client who needs an interpreter, or no room for the client in the caseload limit;
2. covers the client's service area;
3. continuity: was the client's last primary case manager (offered when re-opening a
   discharged client), then worked with the client before;
4. more preferences met (older adults and homelessness trainings, the client's primary
   language when no interpreter is needed);
5. more spare capacity after taking the client (acuity-weighted);
6. ties: name without case, then the user id, so the same data always gives the same order.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from casework.staffing.models import Specialty

OLDER_ADULT_AGE = 60  # California's older-adult systems of care serve people 60 and over.
WORKING_LANGUAGE = "English"


def language_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def language_label(name: str) -> str:
    """'  spanish ' -> 'Spanish': how languages are stored and shown."""
    cleaned = " ".join(name.split())
    return cleaned[:1].upper() + cleaned[1:]


@dataclass(frozen=True)
class Needs:
    """What one client asks of a case manager."""

    required: frozenset[str] = frozenset()  # Specialty values
    preferred: frozenset[str] = frozenset()
    language: str = ""  # the client's primary language when it is not the working language
    interpreter: bool = False  # the language is then required, not only preferred
    service_area_id: int | None = None
    service_area_name: str = ""
    weight: Decimal = Decimal("1")  # the client's acuity weight

    @classmethod
    def of(
        cls,
        *,
        age: int | None,
        justice_involved: bool,
        co_occurring_substance_use: bool,
        homeless: bool,
        primary_language: str,
        needs_interpreter: bool,
        service_area_id: int | None,
        service_area_name: str,
        weight: Decimal,
    ) -> Needs:
        required, preferred = set(), set()
        if age is not None and age < 18:
            required.add(Specialty.YOUTH)
        if age is not None and age >= OLDER_ADULT_AGE:
            preferred.add(Specialty.OLDER_ADULTS)
        if justice_involved:
            required.add(Specialty.JUSTICE)
        if co_occurring_substance_use:
            required.add(Specialty.SUBSTANCE_USE)
        if homeless:
            preferred.add(Specialty.HOMELESSNESS)
        language = language_label(primary_language or "")
        if language_key(language) == language_key(WORKING_LANGUAGE):
            language = ""
        return cls(
            required=frozenset(required),
            preferred=frozenset(preferred),
            language=language,
            interpreter=bool(language) and needs_interpreter,
            service_area_id=service_area_id,
            service_area_name=service_area_name,
            weight=weight,
        )


@dataclass(frozen=True)
class Candidate:
    """One member of the team, as the ranking sees them."""

    user_id: int
    name: str
    role: str
    specialties: frozenset[str]  # current trainings only: lapsed ones do not count
    lapsed: frozenset[str]
    languages: tuple[str, ...]
    service_area_ids: frozenset[int]
    limit: int
    load: Decimal  # acuity-weighted current caseload
    worked_with_client: bool = False
    last_primary: bool = False  # the client's last primary case manager (re-opening)
    has_profile: bool = True


@dataclass(frozen=True)
class Reason:
    code: str
    text: str
    met: bool
    rule: bool = False  # not met and a rule: choosing this person needs a written reason


@dataclass(frozen=True)
class Suggestion:
    candidate: Candidate
    reasons: tuple[Reason, ...]
    spare: Decimal  # limit - load - the client's weight
    position: int = 0
    sort_key: tuple = field(default=(), compare=False, repr=False)

    @property
    def rules_broken(self) -> tuple[str, ...]:
        return tuple(r.code for r in self.reasons if r.rule and not r.met)

    @property
    def broken_reasons(self) -> tuple[Reason, ...]:
        return tuple(r for r in self.reasons if r.rule and not r.met)

    @property
    def user_id(self) -> int:
        return self.candidate.user_id


def _fmt(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return text


def _reasons(needs: Needs, c: Candidate) -> list[Reason]:
    reasons: list[Reason] = []
    for specialty in sorted(needs.required):
        label = Specialty(specialty).label
        if specialty in c.specialties:
            reasons.append(Reason(specialty, f"Trained: {label.lower()}", True, True))
        elif specialty in c.lapsed:
            reasons.append(Reason(specialty, f"{label} training lapsed", False, True))
        else:
            reasons.append(Reason(specialty, f"No {label.lower()} training", False, True))
    speaks = bool(needs.language) and language_key(needs.language) in {
        language_key(lang) for lang in c.languages
    }
    if needs.language:
        if speaks:
            reasons.append(Reason("language", f"Speaks {needs.language}", True, needs.interpreter))
        else:
            reasons.append(
                Reason("language", f"Does not speak {needs.language}", False, needs.interpreter)
            )
    spare = c.limit - c.load - needs.weight
    room = (
        f"Room: {_fmt(c.load)} of {c.limit} now, {_fmt(spare)} spare after"
        if spare >= 0
        else f"Over capacity: {_fmt(c.load)} of {c.limit} now, {_fmt(-spare)} over after"
    )
    reasons.append(Reason("capacity", room, spare >= 0, True))
    if needs.service_area_id is not None:
        area = needs.service_area_name or "the client's area"
        if needs.service_area_id in c.service_area_ids:
            reasons.append(Reason("area", f"Covers {area}", True))
        else:
            reasons.append(Reason("area", f"Does not cover {area}", False))
    if c.last_primary:
        reasons.append(Reason("continuity", "Was this client's last primary case manager", True))
    elif c.worked_with_client:
        reasons.append(Reason("continuity", "Has worked with this client before", True))
    for specialty in sorted(needs.preferred):
        label = Specialty(specialty).label
        met = specialty in c.specialties
        text = f"Trained: {label.lower()}" if met else f"No {label.lower()} training"
        reasons.append(Reason(specialty, text, met))
    return reasons


def rank(needs: Needs, candidates: Iterable[Candidate]) -> list[Suggestion]:
    """Every candidate, best first, each with the reasons met and unmet."""
    suggestions = []
    for c in candidates:
        reasons = _reasons(needs, c)
        broken = sum(1 for r in reasons if r.rule and not r.met)
        covers = needs.service_area_id is not None and needs.service_area_id in c.service_area_ids
        preferences = sum(1 for r in reasons if not r.rule and r.met and r.code != "area")
        continuity = c.last_primary or c.worked_with_client
        preferences -= 1 if continuity else 0  # counted on its own, step 3
        spare = c.limit - c.load - needs.weight
        key = (
            broken,
            not covers,
            not c.last_primary,
            not continuity,
            -preferences,
            -spare,
            c.name.casefold(),
            c.user_id,
        )
        suggestions.append(Suggestion(c, tuple(reasons), spare, sort_key=key))
    suggestions.sort(key=lambda s: s.sort_key)
    return [
        Suggestion(s.candidate, s.reasons, s.spare, position=i, sort_key=s.sort_key)
        for i, s in enumerate(suggestions, start=1)
    ]


def age_on(date_of_birth: date | None, day: date) -> int | None:
    if date_of_birth is None:
        return None
    return (
        day.year
        - date_of_birth.year
        - ((day.month, day.day) < (date_of_birth.month, date_of_birth.day))
    )
