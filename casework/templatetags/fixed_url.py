"""`{% fixed_url "name" %}` (and `... as var`): `{% url %}` for a route without arguments,
reversed once per process (casework.links)."""

from __future__ import annotations

from django import template

from casework import links

register = template.Library()


@register.simple_tag
def fixed_url(name: str) -> str:
    return links.fixed_url(name)
