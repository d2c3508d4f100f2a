"""Reads of client data, one module per part of the record. Every selector takes `viewer=`
and starts from `Client.objects.visible_to(viewer)` (or a row scoped through it)."""

from clients.selectors.clients import (
    client_get_for,
    client_get_for_change,
    client_list_for,
    team_client_counts,
)

__all__ = ["client_get_for", "client_get_for_change", "client_list_for", "team_client_counts"]
