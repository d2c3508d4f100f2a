"""The seam through which other parts of the record (and other apps: care plans,
assessments, referrals, consent) add a panel to the client record page without `clients`
importing them.

An app registers, in its AppConfig.ready():

    record_panels.register(title="Care plan", url_name="careplans:client_panel", order=30)

The record page renders one placeholder per panel that htmx fills from
`reverse(url_name, kwargs={"client_id": client.pk})` when the page loads. That view belongs
to the registering app: it must find the client through `clients.selectors.client_get_for`
(404 outside the viewer's teams) and return a fragment (a Bootstrap card body).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class RecordPanel:
    title: str
    url_name: str
    order: int = 50
    # On a phone the record leads with these (what is due, the crisis plan, the care team)
    # and folds the other panels and the timeline behind their headings.
    lead: bool = False

    def url_for(self, client_id: int) -> str:
        return reverse(self.url_name, kwargs={"client_id": client_id})


_panels: list[RecordPanel] = []


def register(*, title: str, url_name: str, order: int = 50, lead: bool = False) -> None:
    if all(p.url_name != url_name for p in _panels):
        _panels.append(RecordPanel(title=title, url_name=url_name, order=order, lead=lead))
        _panels.sort(key=lambda p: p.order)


def panels() -> list[RecordPanel]:
    return list(_panels)
