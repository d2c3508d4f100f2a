"""The first step of a write to a client's record from another part of it (a visit, an
assessment, an instrument, a care plan): the client's row locked, once the writer is seen to
be allowed to change the record."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from casework.models import User
from casework.prepared import Prepared
from clients.models import Client
from clients.predicates import may_change_client


def client_lock_for_change(client_id: int, user: User, *, related: tuple[str, ...] = ()) -> Client:
    """The client, locked FOR UPDATE (its own row only) until the transaction ends, with
    `related` loaded; PermissionDenied when `user` may not change the record. One statement
    per `related`, built once per process (casework.prepared)."""
    found = _LOCKED.objects(related, pk=client_id)
    if not found:
        raise Client.DoesNotExist("Client matching query does not exist.")
    (client,) = found
    if not may_change_client(user, client):
        raise PermissionDenied
    return client


def _locked(related: tuple[str, ...], *, pk: int) -> QuerySet[Client]:
    clients = Client.objects.select_for_update(of=("self",))
    if related:  # select_related() with no names would follow every relation
        clients = clients.select_related(*related)
    return clients.filter(pk=pk)


_LOCKED = Prepared(Client, _locked, pk=-2_000_000_031)  # a stand-in no client has
