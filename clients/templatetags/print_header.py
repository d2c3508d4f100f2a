"""`{% print_header client %}`: the head of a printout (agency, case manager, date printed),
shown only on paper. The page's print stylesheet (static/css/print-sheet.css) numbers the
pages and hides the navigation."""

from __future__ import annotations

from django import template
from django.utils import timezone

from clients.selectors.clients import print_header_for

register = template.Library()


@register.inclusion_tag("clients/_print_header.html")
def print_header(client) -> dict:
    return {**print_header_for(client=client), "client": client, "printed_at": timezone.now()}
