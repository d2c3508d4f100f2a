"""Reads for the compliance reviewer's audit report and "who opened this record"."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from casework.access import access_for
from casework.audit_signin import SIGNIN_ACTIONS
from casework.models import AuditEvent, Membership, User

# Looking at who opened a record is audited, but is not itself opening the record.
ACCESS_LOG_VIEW = "casework.client_access_log.view"

# Columns a reviewer may sort by (45 CFR 170.315(d)(3): sortable by each recorded field).
SORTS = {
    "time": ("occurred_at", "id"),
    "staff": ("actor__full_name", "occurred_at", "id"),
    "action": ("action", "occurred_at", "id"),
    "client": ("client_id", "occurred_at", "id"),
    "object": ("object_type", "object_id", "occurred_at", "id"),
    "address": ("ip_address", "occurred_at", "id"),
}


@dataclass(frozen=True)
class AuditFilter:
    actor: User | None = None
    client_id: int | None = None
    action: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    sort: str = "-time"


def _agency_scope(agency_ids) -> Q:
    # Events name an agency when the object has one; otherwise they belong to the agency of
    # the staff member who acted.
    # Failed sign-ins to no known account belong to no agency: every reviewer sees them.
    staff = Membership.objects.filter(team__agency_id__in=agency_ids).values("user_id")
    return (
        Q(agency_id__in=agency_ids)
        | Q(agency__isnull=True, actor_id__in=staff)
        | Q(agency__isnull=True, actor__isnull=True, action__startswith=SIGNIN_ACTIONS)
    )


def audit_staff_for(*, viewer: User) -> QuerySet[User]:
    """Staff of the reviewer's agencies, for the report's staff filter."""
    agency_ids = access_for(viewer).compliance_agency_ids
    return (
        User.objects.filter(memberships__team__agency_id__in=agency_ids)
        .distinct()
        .order_by("full_name")
    )


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def audit_events_for(*, viewer: User, filters: AuditFilter) -> QuerySet[AuditEvent]:
    """The reviewer's agencies' events matching the filters, sorted; nothing for anyone who
    is not a compliance reviewer."""
    agency_ids = access_for(viewer).compliance_agency_ids
    if not agency_ids:
        return AuditEvent.objects.none()
    events = AuditEvent.objects.filter(_agency_scope(agency_ids)).select_related("actor")
    if filters.actor is not None:
        events = events.filter(actor=filters.actor)
    if filters.client_id is not None:
        events = events.filter(client_id=filters.client_id)
    if filters.action:
        events = events.filter(action__startswith=filters.action)
    if filters.date_from:
        events = events.filter(occurred_at__gte=_day_start(filters.date_from))
    if filters.date_to:
        events = events.filter(
            occurred_at__lt=_day_start(filters.date_to + datetime.timedelta(days=1))
        )
    descending = filters.sort.startswith("-")
    columns = SORTS.get(filters.sort.lstrip("-"), SORTS["time"])
    return events.order_by(*(f"-{c}" if descending else c for c in columns))


def client_viewers_for(*, client, since: datetime.datetime | None = None):
    """Views of one client's record pages, newest first (the caller checked access)."""
    events = AuditEvent.objects.filter(client_id=client.pk, action__endswith=".view").exclude(
        action=ACCESS_LOG_VIEW
    )
    if since is not None:
        events = events.filter(occurred_at__gte=since)
    return events.select_related("actor").order_by("-occurred_at", "-id")


def client_viewers_summary(*, client, since: datetime.datetime, until=None):
    """One row per person who opened the record since `since`: views, first and last."""
    from django.db.models import Count, Max, Min

    events = client_viewers_for(client=client, since=since)
    if until is not None:
        events = events.filter(occurred_at__lt=until)
    return (
        events.order_by()
        .values("actor_id", "actor__full_name")
        .annotate(views=Count("id"), first=Min("occurred_at"), last=Max("occurred_at"))
        .order_by("-last")
    )


def with_client_labels(events: QuerySet[AuditEvent], *, viewer: User) -> QuerySet[AuditEvent]:
    """Add `client_record` and `client_label` for clients the viewer may read (blank for
    others), as subqueries of the same query."""
    from django.db.models import OuterRef, Subquery, Value
    from django.db.models.functions import Coalesce, Concat, NullIf

    from casework.clientref import client_model

    visible = client_model().objects.visible_to(viewer).filter(pk=OuterRef("client_id"))
    label = Concat(
        Coalesce(NullIf("preferred_name", Value("")), "given_name"), Value(" "), "family_name"
    )
    return events.annotate(
        client_record=Subquery(visible.values("record_number")[:1]),
        client_label=Subquery(visible.annotate(label=label).values("label")[:1]),
    )
