"""The last completed contact and the next contact due, kept on Client so the caseload sorts
and filters by them with an index. Recomputed from the visits whenever a visit, the
enrolment or the status changes, in the caller's transaction: one read, one bulk update.

Rules: attempted contacts and retracted notes are not completed contacts. The next contact is
due on the date the latest completed visit set, else its date plus the program's contact
standard; with no completed contact yet, the current episode's start plus the standard.
A contact recorded before Casework (`Client.prior_contact_on`, from the caseload import)
counts as a completed contact that set no date, until a later one is logged. Discharged
clients are due nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.db.models import F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from casework.prepared import Prepared
from clients.models import Client, Episode, Status
from clients.selectors.visits import completed_visits


def contact_dates_refresh(*, client_ids: Iterable[int]) -> None:
    ids = list(client_ids)
    if not ids:
        return
    if len(ids) == 1:  # a visit's save: the statement prepared once (casework.prepared)
        rows = _ONE.rows(client_id=ids[0])
    else:
        rows = _inputs(Client.objects.filter(pk__in=ids))
    changed = []
    for pk, status, last, chosen_due, opened, days, created_at, prior in rows:
        last, due = contact_dates_of(
            status=status,
            last_visit_on=last,
            chosen_due=chosen_due,
            opened_on=opened or timezone.localdate(created_at),
            standard_days=days,
            prior_contact_on=prior,
        )
        changed.append(Client(pk=pk, last_contact_on=last, next_contact_due=due))
    if len(changed) == 1:  # a visit's save: a plain UPDATE, not bulk_update's CASE per column
        (one,) = changed
        Client.objects.filter(pk=one.pk).update(
            last_contact_on=one.last_contact_on, next_contact_due=one.next_contact_due
        )
        return
    Client.objects.bulk_update(changed, ["last_contact_on", "next_contact_due"], batch_size=500)


def _inputs(clients: QuerySet[Client]) -> QuerySet:
    """What the rule reads of each client: status, the latest completed contact's day and
    chosen date, the current episode's start, the program's standard, creation and a contact
    from before Casework."""
    latest = completed_visits().filter(client=OuterRef("pk"))
    return clients.annotate(
        last=Subquery(latest.annotate(day=TruncDate("contact_at")).values("day")[:1]),
        chosen_due=Subquery(latest.values("next_contact_due")[:1]),
        opened=Subquery(
            Episode.objects.filter(client=OuterRef("pk"))
            .order_by("-number")
            .values("opened_on")[:1]
        ),
        days=Coalesce(
            F("program__contact_standard_days"), F("team__program__contact_standard_days")
        ),
    ).values_list(
        "pk", "status", "last", "chosen_due", "opened", "days", "created_at", "prior_contact_on"
    )


# The one-client read, built once per process; the id is a stand-in no client has.
_ONE = Prepared(
    Client,
    lambda _shape, client_id: _inputs(Client.objects.filter(pk=client_id)),
    client_id=-2_000_000_019,
)


def contact_dates_of(
    *,
    status: str,
    last_visit_on: date | None,
    chosen_due: date | None,
    opened_on: date,
    standard_days: int,
    prior_contact_on: date | None,
) -> tuple[date | None, date | None]:
    """The rule above on plain values: (last completed contact, next contact due). Used by
    the refresh, and by the caseload import for clients that have no visit yet."""
    last = last_visit_on
    if prior_contact_on is not None and (last is None or prior_contact_on > last):
        last, chosen_due = prior_contact_on, None
    if status == Status.DISCHARGED:
        return last, None
    if last is not None:
        return last, chosen_due or last + timedelta(days=standard_days)
    return last, opened_on + timedelta(days=standard_days)
