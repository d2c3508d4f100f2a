"""Demo assessments and instrument results that show trends.

Each open client gets a signed comprehensive assessment (some six months old, so the
reassessment is due) and monthly PHQ-9 and GAD-7 results over half a year: most improving,
some worsening, a few flat. Clients with substance use get AUDIT-C results; every fourth a K10;
a few a C-SSRS screen. Two clients per team have a recent PHQ-9 with item 9 above zero and an
open safety flag. Answers are generated to reach each score and scored by the registry, so
the demo is consistent with the rules.

Idempotent: only clients without any result get rows. Deterministic: seeded by record number.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from careplans import instruments
from careplans.models import DOMAINS, Administration, Assessment, AssessmentKind, SafetyFlag
from casework.models import Agency, Membership, Role
from clients.models import Client, Status

_NEEDS = ("none", "low", "low", "moderate", "moderate", "high")
_STRENGTHS = (
    "Keeps in touch with a sister weekly.",
    "Knows what helps when things get hard.",
    "Regular at the drop-in centre.",
    "Managed own benefits before.",
    "Good sense of humour; engages well.",
    "",
)
_NOTES = (
    "Discussed at length; client's own words recorded in the plan.",
    "Wants help with this first.",
    "No change since the last review.",
    "",
)


def _answers(
    instrument: instruments.Instrument, target: int, rng: random.Random, fixed: dict | None = None
) -> dict:
    """Item answers that add up to `target` on the scored items not `fixed`."""
    fixed = fixed or {}
    target -= sum(fixed.values())
    items = [i for i in instrument.items if i.scored and i.code not in fixed]
    low = min(items[0].values)
    high = max(items[0].values)
    values = [low] * len(items)
    remaining = max(0, target - low * len(items))
    order = list(range(len(items)))
    while remaining > 0:
        rng.shuffle(order)
        for n in order:
            if remaining and values[n] < high:
                values[n] += 1
                remaining -= 1
    return {**fixed, **{item.code: v for item, v in zip(items, values, strict=True)}}


def _path(rng: random.Random, start: int, top: int, months: int) -> list[int]:
    shape = rng.choice(("better", "better", "better", "worse", "flat"))
    step = {"better": -rng.randint(1, 3), "worse": rng.randint(1, 2), "flat": 0}[shape]
    scores, score = [], start
    for _ in range(months):
        scores.append(max(0, min(top, score + rng.randint(-1, 1))))
        score += step
    return scores


def _administration(client, author, instrument, answers, day) -> tuple[Administration, list]:
    result = instrument.score(answers)
    row = Administration(
        client=client,
        team_id=client.team_id,
        author_id=author,
        instrument=instrument.code,
        administered_on=day,
        answers={k: v for k, v in instrument.clean(answers).items() if v is not None},
        settings_used=instrument.settings_with_defaults({}),
        score=result.score,
        band=result.band.code if result.band else "",
        band_level=result.band.level if result.band else 0,
        positive=result.positive,
        risk=result.risk,
        prorated=result.prorated,
    )
    return row, list(result.flags)


def seed_assessments(agency: Agency) -> None:
    clients = list(
        Client.objects.filter(
            agency=agency,
            status__in=[Status.ACTIVE, Status.ON_HOLD],
            administrations__isnull=True,
        )
        .select_related("team")
        .order_by("record_number")
    )
    if not clients:
        return
    staff = {}
    for m in Membership.objects.filter(team__agency=agency, role=Role.CASE_MANAGER).order_by(
        "user__email"
    ):
        staff.setdefault(m.team_id, []).append(m.user_id)
    today = timezone.localdate()
    phq9, gad7 = instruments.get("phq9"), instruments.get("gad7")
    auditc, k10, cssrs = instruments.get("auditc"), instruments.get("k10"), instruments.get("cssrs")
    assessments, results, flagged = [], [], []
    flagged_per_team: dict[int, int] = {}
    for client in clients:
        authors = staff.get(client.team_id)
        if not authors:
            continue
        rng = random.Random(f"assess-{client.record_number}")  # noqa: S311 - demo data
        author_id = rng.choice(authors)
        months = rng.randint(3, 7)
        first_day = today - timedelta(days=30 * months)
        assessed_on = today - timedelta(days=rng.choice((20, 60, 120, 175, 190, 200)))
        assessments.append(
            Assessment(
                client=client,
                team_id=client.team_id,
                author_id=author_id,
                kind=AssessmentKind.INITIAL,
                assessed_on=assessed_on,
                domains={
                    key: {
                        "need": rng.choice(_NEEDS),
                        "strengths": rng.choice(_STRENGTHS),
                        "notes": rng.choice(_NOTES),
                    }
                    for key, _label in DOMAINS
                },
                summary="Initial assessment with the client at home; needs ranked together.",
                signed_at=timezone.now() - timedelta(days=(today - assessed_on).days),
            )
        )
        # PHQ-9 item 9 stays 0 here: the flagged clients below are chosen on purpose.
        for instrument, start, top, fixed in (
            (phq9, rng.randint(8, 20), 24, {"phq9_9": 0}),
            (gad7, rng.randint(6, 18), 21, {}),
        ):
            for n, score in enumerate(_path(rng, start, top, months)):
                answers = _answers(instrument, score, rng, fixed)
                if instrument is phq9:
                    answers["phq9_difficulty"] = min(3, score // 7)
                day = first_day + timedelta(days=30 * n + rng.randint(0, 5))
                results.append(_administration(client, author_id, instrument, answers, day))
        if client.co_occurring_substance_use:
            for n in range(3):
                answers = _answers(auditc, rng.randint(2, 9), rng)
                answers["auditc_group"] = rng.choice((3, 4))
                day = first_day + timedelta(days=60 * n + 3)
                results.append(_administration(client, author_id, auditc, answers, day))
        if client.record_number.endswith(("3", "7")):
            for n, score in enumerate(_path(rng, rng.randint(18, 34), 50, min(months, 4))):
                answers = _answers(k10, max(10, score), rng)
                day = first_day + timedelta(days=45 * n + 2)
                results.append(_administration(client, author_id, k10, answers, day))
        if client.record_number.endswith(("1", "5")):
            day = today - timedelta(days=rng.randint(10, 40))
            answers = {"cssrs_1": rng.choice((0, 1)), "cssrs_2": 0, "cssrs_6": 0}
            results.append(_administration(client, author_id, cssrs, answers, day))
        if flagged_per_team.get(client.team_id, 0) < 2 and rng.random() < 0.2:
            flagged_per_team[client.team_id] = flagged_per_team.get(client.team_id, 0) + 1
            answers = {**_answers(phq9, 16, rng, {"phq9_9": 1}), "phq9_difficulty": 2}
            day = today - timedelta(days=rng.randint(0, 2))
            row, flags = _administration(client, author_id, phq9, answers, day)
            results.append((row, flags))
    Assessment.objects.bulk_create(assessments, batch_size=1000)
    rows = Administration.objects.bulk_create([r for r, _f in results], batch_size=1000)
    for row, (_r, flags) in zip(rows, results, strict=True):
        if flags:
            flagged.append(
                SafetyFlag(client_id=row.client_id, administration=row, level="", reasons=flags)
            )
    SafetyFlag.objects.bulk_create(flagged)
