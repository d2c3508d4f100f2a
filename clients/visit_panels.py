"""The seam through which other apps add a fragment to a visit's page (care plans: which
goals the contact addressed) without `clients` importing them.

An app registers, in its AppConfig.ready():

    visit_panels.register(url_name="careplans:visit_goals", order=10)

The visit page renders one placeholder per fragment that htmx fills from
`reverse(url_name, kwargs={"client_id": ..., "visit_id": ...})`. The view belongs to the
registering app and must find the client through `clients.selectors.client_get_for`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class VisitPanel:
    url_name: str
    order: int = 50

    def url_for(self, client_id: int, visit_id: int) -> str:
        return reverse(self.url_name, kwargs={"client_id": client_id, "visit_id": visit_id})


_panels: list[VisitPanel] = []


def register(*, url_name: str, order: int = 50) -> None:
    if all(p.url_name != url_name for p in _panels):
        _panels.append(VisitPanel(url_name=url_name, order=order))
        _panels.sort(key=lambda p: p.order)


def urls_for(visit) -> list[str]:
    return [p.url_for(visit.client_id, visit.pk) for p in _panels]
