"""The seam through which other parts of the record (and other apps: care plans,
assessments, referrals, consent) add a panel to the client record page without `clients`
importing them (they sit above it: tests/clients/test_record.py, the import-linter layers).

An app registers, in its AppConfig.ready():

    record_panels.register(
        title="Care plan", url_name="careplans:plan_panel", order=31,
        template="careplans/plans/_panel.html", context=plans.plan_panel_context,
    )

A panel with a `template` and a `context(request, client)` is cheap (a constant, small number
of queries): the record page renders it in its first response, inside the page's own
request, view event and context (`{% record_panel %}`). A panel with only a `url_name` is
expensive or grows with the record: the page renders a placeholder that htmx fills from
`reverse(url_name, kwargs={"client_id": client.pk})` after the page has loaded.

Either way the URL serves the panel on its own too (the placeholder's link without
JavaScript, a refresh): that view belongs to the registering app; it must find the client
through `clients.selectors.client_get_for` (404 outside the viewer's teams), write its view
event with `casework.audit.audit_panel_view` and return the same fragment (a card body).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse

PanelContext = Callable[[HttpRequest, Any], dict]


@dataclass(frozen=True)
class RecordPanel:
    title: str
    url_name: str
    order: int = 50
    # On a phone the record leads with these (what is due, the crisis plan, the care team)
    # and folds the other panels and the timeline behind their headings.
    lead: bool = False
    # Both given: rendered in the record page's first response (see the module's docstring).
    template: str = ""
    context: PanelContext | None = None

    @property
    def in_page(self) -> bool:
        return bool(self.template) and self.context is not None

    def url_for(self, client_id: int) -> str:
        return reverse(self.url_name, kwargs={"client_id": client_id})


_panels: list[RecordPanel] = []


def register(
    *,
    title: str,
    url_name: str,
    order: int = 50,
    lead: bool = False,
    template: str = "",
    context: PanelContext | None = None,
) -> None:
    if all(p.url_name != url_name for p in _panels):
        panel = RecordPanel(
            title=title, url_name=url_name, order=order, lead=lead,
            template=template, context=context,
        )  # fmt: skip
        _panels.append(panel)
        _panels.sort(key=lambda p: p.order)


def panels() -> list[RecordPanel]:
    return list(_panels)
