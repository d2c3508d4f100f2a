"""Reads of client data; each takes `viewer=` and goes through the access policy."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from datetime import UTC, datetime
from typing import TypeVar

from django.db.models import Count, Model, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from casework import access
from casework.models import Agency, Team, User
from casework.prepared import Prepared
from clients.models import Assignment, AssignmentRole, Client
from clients.predicates import may_change_client

M = TypeVar("M", bound=Model)


def client_list_for(*, viewer: User, q: str = "", team_id: int | None = None) -> QuerySet[Client]:
    clients = Client.objects.visible_to(viewer).select_related("team")
    if team_id is not None:
        clients = clients.filter(team_id=team_id)
    for word in q.split()[:5]:
        clients = clients.filter(
            Q(given_name__icontains=word)
            | Q(family_name__icontains=word)
            | Q(preferred_name__icontains=word)
            | Q(record_number__iexact=word)
        )
    return clients


def client_get_for(*, viewer: User, pk: int) -> Client:
    """The client, or 404 when it does not exist or lies outside the viewer's teams (no hint
    that it exists; a refusal of an existing client is audited, see `access.refuse_client`).
    One statement, built once per process: every page of a client's record asks."""
    return _found_in_scope(_IN_SCOPE, viewer=viewer, pk=pk)


def _found_in_scope(statement: Prepared, *, viewer: User, pk: int) -> Client:
    pk = int(pk)
    found = (
        statement.objects(viewer_id=viewer.pk, now=timezone.now(), pk=pk)
        if access.active(viewer)
        else []
    )
    if not found:
        access.refuse_client(pk)
    return access.client_found(found[0], viewer)


def _in_scope(_shape, *, viewer_id: int, now: datetime, pk: int) -> QuerySet[Client]:
    clients = Client.objects.visible_to(User(pk=viewer_id, is_active=True), now=now)
    # The enrolment's program too: the program whose standards apply (`program_for`) is
    # asked by most writes, and a join here is cheaper than a query there.
    return clients.select_related("team", "team__program", "program").filter(pk=pk)


# Stand-ins no request passes (casework.prepared).
_STAND_INS = {
    "viewer_id": -2_000_000_023,
    "now": datetime(1901, 1, 2, 3, 4, 5, 6791, tzinfo=UTC),
    "pk": -2_000_000_029,
}
_IN_SCOPE = Prepared(Client, _in_scope, **_STAND_INS)


def team_client_counts(*, viewer: User) -> QuerySet[Team]:
    """The viewer's readable teams with the number of clients in each, in one query."""
    return (
        access.readable_teams(viewer)
        .select_related("program")
        .annotate(client_count=Count("clients", distinct=True))
        .order_by("name")
    )


def client_get_for_change(*, viewer: User, pk: int, lock: bool = False) -> Client:
    """The client for a write: 404 outside the viewer's teams (as for reads), 403 for a
    read-only member (compliance). `lock=True` takes a row lock; call it inside a
    transaction."""
    client = client_get_for(viewer=viewer, pk=pk)
    if not may_change_client(viewer, client):
        raise access.ClientWriteRefused(client_id=client.pk, agency_id=client.agency_id)
    if lock:
        client = Client.objects.select_for_update().get(pk=client.pk)
    return client


def client_rows(rows: type[M], *, viewer: User, client: Client, **filters: object) -> QuerySet[M]:
    """A client's rows of a part of the record (`filters` narrow them), never outside the
    viewer's scope: by the client's id alone when the policy found that client for this viewer,
    through the team scope as well otherwise (`access.client_rows`)."""
    return rows.objects.filter(access.client_rows(viewer, client), **filters)


class ClientRowsStatement:
    """A client's rows of one part of the record, as `rows(the part's rows, shape)` narrows
    and orders them: by a statement built once per process (casework.prepared) when the
    policy found the client for this viewer, through `client_rows` otherwise. For the record
    page's cards, which every open reads."""

    def __init__(self, model: type[M], rows: Callable[[QuerySet[M], Hashable], QuerySet[M]]):
        self._model, self._rows = model, rows
        self._statement = Prepared(
            model,
            lambda shape, *, client_id: rows(model.objects.filter(client_id=client_id), shape),
            client_id=-2_000_000_083,  # no request's
        )

    def list(self, shape: Hashable = (), *, viewer: User, client: Client) -> list[M]:
        if access.found_for(client, viewer):
            return self._statement.objects(shape, client_id=client.pk)
        return list(self._rows(client_rows(self._model, viewer=viewer, client=client), shape))


def client_row_get_for(
    rows: QuerySet[M] | type[M], *, viewer: User, client_id: int, pk: int, change: bool = False
) -> tuple[Client, M]:
    """The client and one of their rows (of a model, or of a queryset that loads what its
    page shows): 404 outside the viewer's teams or for another client's row, 403 with
    `change=True` for read-only members. Each part of the record finds its rows this way."""
    get = client_get_for_change if change else client_get_for
    client = get(viewer=viewer, pk=client_id)
    return client, access.child_or_404(rows, client=client, pk=pk)


def with_summary(clients: QuerySet[Client]) -> QuerySet[Client]:
    """Annotate what lists and the record header show beside the name, without extra
    queries: `primary_manager_name` (current primary case manager, by subquery) and
    `program_name` (the enrolment's program, else the team's, as the contact standard)."""
    primary = Assignment.objects.filter(
        client=OuterRef("pk"), role=AssignmentRole.PRIMARY, ended_on__isnull=True
    )
    return clients.annotate(
        primary_manager_name=Subquery(primary.values("staff__full_name")[:1]),
        program_name=Coalesce("program__name", "team__program__name"),
    )


def client_record_get_for(*, viewer: User, pk: int) -> Client:
    """The client for the record page's header, in one query built once per process; 404
    outside the viewer's teams."""
    return _found_in_scope(_RECORD_IN_SCOPE, viewer=viewer, pk=pk)


def _record_in_scope(shape, **slots) -> QuerySet[Client]:
    return with_summary(_in_scope(shape, **slots))


_RECORD_IN_SCOPE = Prepared(Client, _record_in_scope, **_STAND_INS)


def client_child_get_for(queryset: QuerySet[M], *, viewer: User, client_id: int, pk: int) -> M:
    """A row that belongs to a client (an assessment, a plan, ...) in one query, scoped
    through the client's team. A miss answers 404; when the client itself is outside the
    viewer's scope, the refusal is audited like one on the client's own page."""
    try:
        return queryset.filter(client__in=Client.objects.visible_to(viewer)).get(
            pk=pk, client_id=client_id
        )
    except queryset.model.DoesNotExist:
        if Client.objects.visible_to(viewer).filter(pk=client_id).exists():
            raise Http404(f"No {queryset.model._meta.verbose_name} matches the query.") from None
        access.refuse_client(client_id)


def print_header_for(*, client: Client) -> dict:
    """What heads a printout the client takes away: the agency's name, address and phone and
    the primary case manager's name and phone, in one query (the client is already in scope)."""
    primary = Assignment.objects.filter(
        client=client, role=AssignmentRole.PRIMARY, ended_on__isnull=True
    ).order_by("-started_on")
    agency = (
        Agency.objects.filter(pk=client.agency_id)
        .annotate(
            sv_manager=Subquery(primary.values("staff__full_name")[:1]),
            sv_manager_phone=Subquery(primary.values("staff__work_phone")[:1]),
        )
        .get()
    )
    return {
        "agency": agency,
        "case_manager": {"full_name": agency.sv_manager, "work_phone": agency.sv_manager_phone}
        if agency.sv_manager
        else None,
    }
