"""The home dashboard's panels, in the order the page shows them. Each panel decides from
the viewer's access whether it applies (None: not shown) and reads through its app's
selectors; the list is the whole page."""

from __future__ import annotations

from django.http import HttpRequest

from casework import panels as casework_panels
from casework.access import Access
from casework.dashboard import Panel, PanelFactory
from clients import panels as clients_panels
from clients import staffing_panel
from supervision import panels as supervision_panels

PANELS: tuple[PanelFactory, ...] = (
    clients_panels.caseload_panel,  # a case manager's clients due
    supervision_panels.team_panel,  # the way in to the team dashboards
    clients_panels.paperwork_panel,  # unsigned notes, expiring releases
    supervision_panels.returned_notes_panel,  # notes a supervisor sent back
    clients_panels.supervised_teams_panel,  # the teams one reads, with their counts
    staffing_panel.staffing_panel,  # supervisors: capacity, trainings, transfers
    casework_panels.agency_admin_panel,
    casework_panels.compliance_panel,
)


def panels_for(request: HttpRequest, access: Access) -> list[Panel]:
    return [p for factory in PANELS if (p := factory(request, access)) is not None]
