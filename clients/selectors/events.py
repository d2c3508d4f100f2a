"""Reads of key events, always through a client the viewer may read."""

from __future__ import annotations

from django.db.models import QuerySet

from casework.models import User
from clients.models import Client, KeyEvent
from clients.selectors.clients import client_row_get_for, client_rows


def key_events_for(*, viewer: User, client: Client, voided: bool = False) -> QuerySet[KeyEvent]:
    """The timeline's events, latest first; `voided=True` lists only the voided ones."""
    return (
        client_rows(KeyEvent, viewer=viewer, client=client, voided_at__isnull=not voided)
        .select_related("recorded_by", "voided_by")
        .order_by("-started_on", "-id")
    )


def key_event_get_for(
    *, viewer: User, client_id: int, pk: int, change: bool = False
) -> tuple[Client, KeyEvent]:
    """The client and one of their events; 404 outside the viewer's teams,
    403 with `change=True` for read-only members."""
    return client_row_get_for(KeyEvent, viewer=viewer, client_id=client_id, pk=pk, change=change)
