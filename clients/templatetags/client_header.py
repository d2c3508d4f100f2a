"""`{% header_badges client %}`: the badges other apps registered in clients.header_badges."""

from __future__ import annotations

from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html_join

from clients import header_badges as registry

register = template.Library()


@register.simple_tag(takes_context=True)
def header_badges(context, client) -> str:
    parts = []
    for badge in registry.badges():
        extra = badge.context(client)
        if extra is not None:
            parts.append(render_to_string(badge.template, {"client": client, **extra},
                                          request=context.get("request")))  # fmt: skip
    return format_html_join("", "{}", ((p,) for p in parts))
