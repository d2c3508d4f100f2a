"""`{% record_panel template values %}`: a part of a page another app gives (a record panel, a
header badge) rendered as `{% include %}` would: inside the page's context (its request, CSRF
token and context processors, computed once), with the part's own values on top for it only."""

from __future__ import annotations

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def record_panel(context, template_name: str, values: dict) -> str:
    panel = context.template.engine.get_template(template_name)
    with context.push(values):
        return panel.render(context)
