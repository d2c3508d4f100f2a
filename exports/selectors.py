"""Reads for exports, each scoped: one client through the access policy (404 outside the
viewer's teams, the refusal audited), the agency's clients only for someone who may export
the whole agency (exports.predicates)."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from casework import access
from casework.models import Agency, User
from clients.models import Client
from exports.models import AgencyExport
from exports.predicates import export_agency_ids
from exports.records import ClientRecord, records_load


def _with_parts(clients: QuerySet[Client]) -> QuerySet[Client]:
    return clients.select_related("agency", "team", "team__program", "program")


def client_record_for(*, viewer: User, client_id: int) -> ClientRecord:
    """The whole record of one client the viewer may read, in a fixed number of queries."""
    client = _with_parts(Client.objects.visible_to(viewer)).filter(pk=client_id).first()
    if client is None:
        access.refuse_client(client_id)
    [record] = records_load([client])
    return record


def agency_client_batches(*, agency: Agency, size: int = 200) -> Iterator[list[Client]]:
    """Every client of `agency`, `size` at a time in id order (keyset pages, so memory stays
    the same however many clients there are). For the agency export only: the caller has
    checked `export_agency_ids`."""
    last = 0
    while True:
        batch = list(
            _with_parts(Client.objects.filter(agency=agency, pk__gt=last)).order_by("pk")[:size]
        )
        if not batch:
            return
        yield batch
        last = batch[-1].pk


def agency_exports_for(*, viewer: User) -> QuerySet[AgencyExport]:
    """The exports of the agencies the viewer may export, newest first."""
    return (
        AgencyExport.objects.filter(agency_id__in=export_agency_ids(viewer))
        .select_related("agency", "requested_by")
        .order_by("-requested_at", "-id")
    )


def agency_export_get_for(*, viewer: User, pk: int) -> AgencyExport:
    """One of them; 404 for any other (another agency's, or the viewer may not export)."""
    return get_object_or_404(agency_exports_for(viewer=viewer), pk=pk)
