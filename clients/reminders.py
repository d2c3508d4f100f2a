"""Reminder rules whose causes live in client records; registered in clients/apps.py.

Each rule is ONE query, however many clients: the rows it returns are the reminders that
should exist now (casework.reminders does the rest). Reminders go to the client's current
primary case manager; a client with none goes to the team's supervisors, so nothing due is
ever without someone to see it. After a transfer the new case manager gets the reminder and
the old one's resolves, because it is no longer asked for.

Windows: the contact standard and the note-signing window are the program's (already folded
into `Client.next_contact_due` and `Visit.sign_due_at`); the rest are REMINDER_* settings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from functools import cache

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework import reminders
from casework.models import Role
from clients.models import Assignment, AssignmentRole, Client, EventKind, KeyEvent, Status, Visit
from clients.selectors.visits import completed_visits

CHECKIN = "clients.checkin"
DISCHARGE_FOLLOW_UP = "clients.discharge_follow_up"
UNSIGNED_NOTE = "clients.unsigned_note"

# The columns every rule query returns, in this order (a UNION needs one order).
_COLUMNS = ("r_recipient", "r_object", "r_due", "r_client", "r_team", "r_given", "r_preferred",
            "r_record")  # fmt: skip


RULES = reminders.RuleSet()


def _current_primary(client_ref: str) -> QuerySet[Assignment]:
    return Assignment.objects.filter(
        client_id=OuterRef(client_ref), role=AssignmentRole.PRIMARY, ended_on__isnull=True
    )


def to_case_managers(rows: QuerySet, *, client: str = "", **columns) -> QuerySet:
    """`rows` (one per cause) as (recipient, ...) rows: the current primary case manager, or
    each supervisor of the client's team when the client has none. One SQL statement (UNION
    ALL). `client` is the path from the rows to Client ("" or "client__")."""
    client_id = f"{client}id" if client else "id"
    common = {
        "r_client": F(client_id),
        "r_team": F(f"{client}team_id"),
        "r_given": F(f"{client}given_name"),
        "r_preferred": F(f"{client}preferred_name"),
        "r_record": F(f"{client}record_number"),
        **columns,
    }
    # A plain join: at most one current primary per client (assignment_one_current_primary).
    primary = rows.filter(
        **{
            f"{client}assignments__role": AssignmentRole.PRIMARY,
            f"{client}assignments__ended_on__isnull": True,
        }
    ).annotate(r_recipient=F(f"{client}assignments__staff_id"), **common)
    supervisors = (
        rows.filter(~Exists(_current_primary(client_id)))
        .filter(**{f"{client}team__memberships__role": Role.SUPERVISOR})
        .annotate(r_recipient=F(f"{client}team__memberships__user_id"), **common)
    )
    return (
        primary.values_list(*_COLUMNS)
        .order_by()
        .union(supervisors.values_list(*_COLUMNS).order_by(), all=True)
    )


def subject_line(given: str, preferred: str, record: str) -> str:
    """The client as a reminder names them: first name and record number, nothing clinical,
    because subjects reach the e-mail digest. The other apps' rules use it too."""
    return f"{preferred or given} ({record})"


_PLACEHOLDER = 987654321


@cache
def url_pattern(name: str, *keys: str) -> str:
    """reverse() once per route, then str.format per row: rows number in the tens of
    thousands at scale, and reverse() is the slow part of building them."""
    url = reverse(name, kwargs={key: _PLACEHOLDER + i for i, key in enumerate(keys)})
    for i, key in enumerate(keys):
        url = url.replace(str(_PLACEHOLDER + i), "{" + key + "}")
    return url


def client_url(client_id: int) -> str:
    return url_pattern("clients:detail", "pk").format(pk=client_id)


def client_candidate(
    row: tuple, *, title: str, url: str | None = None, due_on: date | None = None
) -> reminders.Candidate:
    """The one builder of a reminder about a client. `row` starts with the eight columns
    `to_case_managers` returns (recipient, object, date, client, team, given name, preferred
    name, record number); a rule's own columns may follow. `due_on` defaults to the row's
    date, `url` to the client's record; the subject is never more than `subject_line`."""
    recipient, obj, day, client_id, team_id, given, preferred, record = row[:8]
    return reminders.Candidate(
        recipient_id=recipient,
        object_id=obj,
        due_on=day if due_on is None else due_on,
        client_id=client_id,
        team_id=team_id,
        subject=subject_line(given, preferred, record),
        title=title,
        url=client_url(client_id) if url is None else url,
    )


def client_candidates(
    rows: Iterable[tuple],
    *,
    title: str | Callable[[date], str],
    url: Callable[[int, int], str] | None = None,
) -> list[reminders.Candidate]:
    """`to_case_managers` rows as candidates: `title` is fixed or made from the due date;
    `url(client_id, object_id)` defaults to the client's record."""
    return [
        client_candidate(
            row,
            title=title(row[2]) if callable(title) else title,
            url=url(row[3], row[1]) if url else None,
        )
        for row in rows
    ]


def _visit_url(client_id: int, visit_id: int) -> str:
    pattern = url_pattern("clients:visit_detail", "client_id", "pk")
    return pattern.format(client_id=client_id, pk=visit_id)


@RULES.rule(CHECKIN, _("Check-in"), "clients.client", escalates=True, order=10)
def checkin_candidates(now: datetime) -> list[reminders.Candidate]:
    """Active clients whose next completed contact is due within the notice period (or
    overdue). `next_contact_due` already ignores attempted contacts and retracted notes."""
    today = timezone.localdate(now)
    horizon = today + timedelta(days=settings.REMINDER_CHECKIN_NOTICE_DAYS)
    due = Client.objects.filter(status=Status.ACTIVE, next_contact_due__lte=horizon)
    rows = to_case_managers(due, r_object=F("id"), r_due=F("next_contact_due"))
    return client_candidates(rows, title=str(_("Completed contact due")))


@RULES.rule(DISCHARGE_FOLLOW_UP, _("7-day follow-up"), "clients.keyevent", order=20)
def discharge_follow_up_candidates(now: datetime) -> list[reminders.Candidate]:
    """A contact within REMINDER_DISCHARGE_FOLLOW_UP_DAYS after a psychiatric hospital
    discharge, until a completed contact on or after the discharge day. Discharges older than
    the look-back are left alone (no flood of ancient events on first run)."""
    today = timezone.localdate(now)
    since = today - timedelta(days=settings.REMINDER_DISCHARGE_LOOKBACK_DAYS)
    followed_up = completed_visits().filter(
        client_id=OuterRef("client_id"), contact_at__date__gte=OuterRef("ended_on")
    )
    stays = KeyEvent.objects.filter(
        kind=EventKind.HOSPITAL,
        voided_at__isnull=True,
        ended_on__gte=since,
        ended_on__lte=today,
        client__status__in=[Status.ACTIVE, Status.ON_HOLD],
    ).filter(~Exists(followed_up))
    rows = to_case_managers(stays, client="client__", r_object=F("id"), r_due=F("ended_on"))
    window = timedelta(days=settings.REMINDER_DISCHARGE_FOLLOW_UP_DAYS)
    title = str(_("Contact within 7 days"))
    return [client_candidate(row, title=title, due_on=row[2] + window) for row in rows]


@RULES.rule(UNSIGNED_NOTE, _("Unsigned note"), "clients.visit", order=30)
def unsigned_note_candidates(now: datetime) -> list[reminders.Candidate]:
    """Draft notes still unsigned REMINDER_UNSIGNED_NOTE_HOURS after the contact, or past the
    program's signing deadline if that comes first (crisis notes: 24 hours). To the author,
    who alone may sign."""
    late = now - timedelta(hours=settings.REMINDER_UNSIGNED_NOTE_HOURS)
    rows = (
        Visit.objects.filter(signed_at__isnull=True)
        .filter(Q(contact_at__lte=late) | Q(sign_due_at__lte=now))
        .values_list(
            "author_id",
            "id",
            "sign_due_at",
            "client_id",
            "client__team_id",
            "client__given_name",
            "client__preferred_name",
            "client__record_number",
            "contact_at",
        )
    )
    return [_note_candidate(row) for row in rows]


def _note_candidate(row: tuple) -> reminders.Candidate:
    _author, visit_id, sign_due_at, client_id, *_client, contact_at = row
    return client_candidate(
        row,
        due_on=timezone.localdate(sign_due_at),
        title=str(_("Sign the note of {day}")).format(
            day=f"{timezone.localtime(contact_at):%-d %b}"
        ),
        url=_visit_url(client_id, visit_id),
    )


register = RULES.register
