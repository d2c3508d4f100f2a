"""The reminder engine: a registry of rules and the sweep that turns their answers into rows.

A rule is one set-based query: "who should be reminded of what, due when", computed from the
database state. Each app registers its rules (clients/apps.py registers `clients.reminders`),
so `casework` imports none of them and a new kind (referral follow-up, care-plan review,
consent expiry...) is a new rule module, not an engine change.

The sweep is safe to run twice at once: rows are inserted with ON CONFLICT DO NOTHING on the
unique key (kind, object, due date, recipient), so two workers or two beats never duplicate
one; reminders whose cause is gone resolve; a check-in overdue long enough is escalated to the
team's supervisors. Because everything is derived from state, a sweep that never ran (Redis
down) is simply caught up by the next one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from casework.models import (
    UNRESOLVED_REMINDER_STATES,
    Reminder,
    ReminderState,
)
from casework.notifications.badge import reminders_changed

logger = logging.getLogger(__name__)

BATCH = 1000
INSERT_BATCH = 10_000  # rows per INSERT: eight array parameters whatever the size


@dataclass(frozen=True)
class Candidate:
    """One reminder a rule says should exist now. `subject` and `title` carry no clinical
    detail (first name and record number at most): they reach e-mail."""

    recipient_id: int
    object_id: int
    due_on: date
    client_id: int | None
    team_id: int | None
    subject: str
    title: str
    url: str

    @property
    def key(self) -> tuple[int, int, date]:
        return (self.recipient_id, self.object_id, self.due_on)


@dataclass(frozen=True)
class Rule:
    """`candidates(now)` runs ONE query (however many clients) and returns its rows."""

    kind: str
    label: str
    object_type: str
    candidates: Callable[[datetime], Iterable[Candidate]]
    # Escalate to the team's supervisors once overdue by REMINDER_ESCALATE_AFTER_DAYS.
    escalates: bool = False
    order: int = 50


_rules: dict[str, Rule] = {}


def register(rule: Rule) -> None:
    _rules[rule.kind] = rule


def rules() -> list[Rule]:
    return sorted(_rules.values(), key=lambda r: (r.order, r.kind))


class RuleSet:
    """One module's rules, each declared on the function that computes its candidates:

        RULES = RuleSet()

        @RULES.rule(CHECKIN, _("Check-in"), "clients.client", order=10)
        def checkin_candidates(now): ...

    The app registers them from its `ready()` (`RULES.register()`), not at import."""

    def __init__(self) -> None:
        self._rules: list[Rule] = []

    def rule(
        self, kind: str, label, object_type: str, *, escalates: bool = False, order: int = 50
    ) -> Callable[[Callable[[datetime], Iterable[Candidate]]], Callable]:
        def declare(candidates: Callable[[datetime], Iterable[Candidate]]) -> Callable:
            self._rules.append(Rule(kind, label, object_type, candidates, escalates, order))
            return candidates

        return declare

    def __iter__(self):
        return iter(self._rules)

    def register(self) -> None:
        for rule in self._rules:
            register(rule)


# One-off notices (`casework.notifications.services.notice_send`): Reminder rows no rule
# derives, so the sweep never resolves them; the recipient marks them done.
_notice_labels: dict[str, str] = {}


def register_notice(*, kind: str, label: str) -> None:
    if kind in _rules:
        raise ValueError(f"{kind} is a rule's kind: the sweep would resolve its notices")
    _notice_labels[kind] = label


def label_for(kind: str) -> str:
    rule = _rules.get(kind)
    return str(rule.label) if rule else str(_notice_labels.get(kind, kind))


@dataclass
class KindResult:
    created: int = 0
    reopened: int = 0
    resolved: int = 0
    escalated: int = 0
    failed: bool = False


@dataclass
class SweepResult:
    kinds: dict[str, KindResult] = field(default_factory=dict)

    @property
    def created(self) -> int:
        return sum(r.created for r in self.kinds.values())

    @property
    def resolved(self) -> int:
        return sum(r.resolved for r in self.kinds.values())

    @property
    def escalated(self) -> int:
        return sum(r.escalated for r in self.kinds.values())

    @property
    def failed(self) -> list[str]:
        return [k for k, r in self.kinds.items() if r.failed]


def sweep(*, now: datetime | None = None, kinds: Iterable[str] | None = None) -> SweepResult:
    """Bring every rule's reminders in line with the state of the database.

    One failing rule is logged and does not stop the others.
    """
    now = now or timezone.now()
    wanted = set(kinds) if kinds is not None else None
    result = SweepResult()
    for rule in rules():
        if wanted is not None and rule.kind not in wanted:
            continue
        try:
            result.kinds[rule.kind] = sweep_rule(rule, now=now)
        except Exception:
            logger.exception("Reminder rule %s failed; the others ran", rule.kind)
            result.kinds[rule.kind] = KindResult(failed=True)
    return result


def sweep_rule(rule: Rule, *, now: datetime) -> KindResult:
    """In the steady state three queries: the rule's, the unresolved reminders of the kind,
    the escalation update; only changes cost more."""
    today = timezone.localdate(now)
    result = KindResult()
    with transaction.atomic():
        wanted = {c.key: c for c in rule.candidates(now)}
        unresolved = dict(
            (tuple(key), pk)
            for pk, *key in Reminder.objects.filter(
                kind=rule.kind, state__in=UNRESOLVED_REMINDER_STATES
            ).values_list("pk", "recipient_id", "object_id", "due_on")
        )
        new = [c for key, c in wanted.items() if key not in unresolved]
        result.created = _insert(rule, new, now=now)
        if result.created < len(new):
            result.reopened = _reopen(rule, new, now=now)
        stale = [pk for key, pk in unresolved.items() if key not in wanted]
        result.resolved = _resolve(stale, now=now)
        if rule.escalates:
            result.escalated = _escalate(rule, today=today, now=now)
        if result.created or result.reopened or result.resolved or result.escalated:
            reminders_changed()
    return result


def _insert(rule: Rule, candidates: Iterable[Candidate], *, now: datetime) -> int:
    """INSERT ... ON CONFLICT DO NOTHING on reminder_key_unique: a row that exists (open,
    done, snoozed or resolved) is left exactly as it is, and a row another sweep is inserting
    at this moment is waited for, then skipped. This is bulk_create(ignore_conflicts=True)
    plus RETURNING, so the count of new rows stays exact when sweeps run at once.

    Each column travels as one array parameter (unnest): a VALUES list of 14,000
    placeholders cost more to build and parse than the insert itself (0.9 s of a
    first sweep creating 11,000 reminders)."""
    columns = {
        "recipient_id": "bigint", "object_id": "bigint", "due_on": "date",
        "client_id": "bigint", "team_id": "bigint",
        "subject": "text", "title": "text", "url": "text",
    }  # fmt: skip
    arrays = ", ".join(f"%s::{kind}[]" for kind in columns.values())
    sql = (
        f"INSERT INTO {Reminder._meta.db_table} "  # noqa: S608 - fixed names
        f"({', '.join(columns)}, kind, object_type, state, escalated, created_at, updated_at) "
        f"SELECT *, %s, %s, %s, false, %s, %s FROM unnest({arrays}) "
        "ON CONFLICT DO NOTHING RETURNING id"
    )
    candidates = list(candidates)
    created = 0
    with connection.cursor() as cursor:
        for start in range(0, len(candidates), INSERT_BATCH):
            batch = candidates[start : start + INSERT_BATCH]
            values = [
                [c.recipient_id for c in batch],
                [c.object_id for c in batch],
                [c.due_on for c in batch],
                [c.client_id for c in batch],
                [c.team_id for c in batch],
                [c.subject[:120] for c in batch],
                [c.title[:160] for c in batch],
                [c.url[:300] for c in batch],
            ]
            cursor.execute(
                sql, [rule.kind, rule.object_type, ReminderState.OPEN, now, now, *values]
            )
            created += len(cursor.fetchall())
    return created


def _reopen(rule: Rule, candidates: list[Candidate], *, now: datetime) -> int:
    """A resolved reminder whose cause is back with the same key (a visit entered in error
    and retracted) opens again; its unique key would otherwise keep it closed for good."""
    reopened = 0
    for start in range(0, len(candidates), BATCH // 2):
        keys = Q()
        for c in candidates[start : start + BATCH // 2]:
            keys |= Q(recipient_id=c.recipient_id, object_id=c.object_id, due_on=c.due_on)
        reopened += Reminder.objects.filter(
            keys, kind=rule.kind, object_type=rule.object_type, state=ReminderState.RESOLVED
        ).update(state=ReminderState.OPEN, resolved_at=None, updated_at=now)
    return reopened


def _resolve(stale: list[int], *, now: datetime) -> int:
    """Unresolved reminders the rule no longer asks for: the cause is gone. Done ones
    resolve too, so an escalation leaves the supervisor's view with its cause."""
    resolved = 0
    for start in range(0, len(stale), BATCH):
        resolved += Reminder.objects.filter(
            pk__in=stale[start : start + BATCH], state__in=UNRESOLVED_REMINDER_STATES
        ).update(state=ReminderState.RESOLVED, resolved_at=now, updated_at=now)
    return resolved


def _escalate(rule: Rule, *, today: date, now: datetime) -> int:
    days = settings.REMINDER_ESCALATE_AFTER_DAYS
    # Done or snoozed by the case manager still escalates: the client is still without a
    # contact, and that is what the supervisor must see.
    return Reminder.objects.filter(
        kind=rule.kind,
        state__in=UNRESOLVED_REMINDER_STATES,
        escalated=False,
        due_on__lt=today - timedelta(days=days),
    ).update(escalated=True, escalated_at=now, updated_at=now)
