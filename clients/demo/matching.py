"""Demo clients who moved out of their team's area, so the supervisor's staffing panel and
the record header flag them for transfer (issue 13). Idempotent: only a client still in the
team's area is moved."""

from __future__ import annotations

from casework.models import Agency, ServiceArea
from clients.models import Client

MOVED = {"BV-10103": "Eastside", "BV-10118": "Central District"}  # Harbor FSP clients


def seed_moved_clients(agency: Agency) -> None:
    areas = {a.name: a for a in ServiceArea.objects.filter(agency=agency)}
    for client in Client.objects.filter(agency=agency, record_number__in=MOVED).select_related(
        "team"
    ):
        area = areas.get(MOVED[client.record_number])
        if area is not None and client.service_area_id == client.team.service_area_id:
            client.service_area = area
            client.save(update_fields=["service_area", "updated_at"])
