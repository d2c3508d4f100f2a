"""Reads of client documents, always through a client the viewer may read."""

from __future__ import annotations

from django.db.models import QuerySet

from casework.models import User
from clients.models import Client, ClientDocument
from clients.selectors.clients import ClientRowsStatement, client_row_get_for, client_rows


def documents_for(
    *, viewer: User, client: Client, voided: bool = False
) -> QuerySet[ClientDocument]:
    """Current documents, newest first; `voided=True` lists only the voided ones."""
    rows = client_rows(ClientDocument, viewer=viewer, client=client, voided_at__isnull=not voided)
    return _in_order(rows)


def _in_order(documents: QuerySet[ClientDocument]) -> QuerySet[ClientDocument]:
    return documents.select_related("uploaded_by", "voided_by").order_by("-uploaded_at", "-id")


def first_documents_for(*, viewer: User, client: Client, n: int) -> list[ClientDocument]:
    """The first `n` current documents (the record's card), in `documents_for`'s order."""
    return _FIRST.list(n, viewer=viewer, client=client)


_FIRST = ClientRowsStatement(
    ClientDocument, lambda documents, n: _in_order(documents.filter(voided_at__isnull=True))[:n]
)


def document_get_for(
    *, viewer: User, client_id: int, pk: int, change: bool = False
) -> tuple[Client, ClientDocument]:
    """The client and one of their documents; 404 outside the viewer's teams,
    403 with `change=True` for read-only members."""
    return client_row_get_for(
        ClientDocument, viewer=viewer, client_id=client_id, pk=pk, change=change
    )
