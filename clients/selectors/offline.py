"""What "Take today offline" stores on the device (issue #26): the signed-in person's own
clients due today or overdue, each with a short summary to work from without signal. Kept
small on purpose: every field here sits (encrypted) on a phone. A constant number of
queries whatever the caseload: the clients, their care team's phones, their last signed
plans, and one query per registered part (the crisis plan)."""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, OuterRef, Q

from casework.models import User
from clients import offline_parts
from clients.models import Assignment, CareProvider, Client, Visit
from clients.selectors.caseload import OPEN_STATUSES

# A day's work, with room: more than this is not "today" and should not go on a phone.
MAX_CLIENTS = 40


def today_due_for(*, viewer: User, today: date) -> list[Client]:
    """The viewer's own open clients (a current assignment) due today or overdue, and those
    they have a visit planned with today; changeable by the viewer now."""
    serving = Assignment.objects.filter(client=OuterRef("pk"), staff=viewer, ended_on__isnull=True)
    clients = (
        Client.objects.changeable_by(viewer)
        .filter(Exists(serving), status__in=OPEN_STATUSES)
        .filter(Q(next_contact_due__lte=today) | Q(next_contact_due__isnull=True))
        .select_related("team")
        .order_by("next_contact_due", "family_name", "given_name", "pk")
    )
    return list(clients[:MAX_CLIENTS])


def _care_team(client_ids: list[int]) -> dict[int, list[dict]]:
    rows = CareProvider.objects.filter(client_id__in=client_ids, ended_on__isnull=True).exclude(
        phone=""
    )
    found: dict[int, list[dict]] = {}
    for row in rows.order_by("client_id", "name", "pk"):
        label = row.name or row.organization_name
        found.setdefault(row.client_id, []).append({"name": label, "phone": row.phone})
    return found


def _last_plans(client_ids: list[int]) -> dict[int, str]:
    """The Plan section of each client's last signed, unretracted note."""
    rows = (
        Visit.objects.filter(
            client_id__in=client_ids, signed_at__isnull=False, retracted_at__isnull=True
        )
        .order_by("client_id", "-contact_at", "-pk")
        .distinct("client_id")
        .values_list("client_id", "note")
    )
    return {client_id: (note or {}).get("plan", "") for client_id, note in rows}


def today_summaries(*, viewer: User, today: date) -> list[dict]:
    """The due list as JSON-ready summaries, in the order of the list."""
    clients = today_due_for(viewer=viewer, today=today)
    ids = [client.pk for client in clients]
    care_team = _care_team(ids) if ids else {}
    plans = _last_plans(ids) if ids else {}
    parts = offline_parts.parts_for(ids)
    return [
        {
            "id": client.pk,
            "team": client.team_id,
            "agency": client.agency_id,
            "name": client.display_name,
            "record_number": client.record_number,
            "address": client.address,
            "phone": client.phone,
            "next_due": client.next_contact_due.isoformat() if client.next_contact_due else None,
            "care_team": care_team.get(client.pk, []),
            "last_plan": plans.get(client.pk, ""),
            **{key: values.get(client.pk) for key, values in parts.items()},
        }
        for client in clients
    ]
