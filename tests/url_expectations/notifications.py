"""casework.notifications: the notification centre. A reminder belongs to its recipient;
anyone else gets 404 for it."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone


def _reminder_of_case_manager(cast: dict) -> dict:
    from casework.models import Reminder

    client = cast["client_a"]
    reminder = Reminder.objects.create(
        recipient=cast["case_manager"],
        kind="clients.checkin",
        object_type="clients.client",
        object_id=client.pk,
        due_on=timezone.localdate() - timedelta(days=1),
        client_id=client.pk,
        team_id=client.team_id,
        subject="Amara (A-1)",
        title="Completed contact due",
        url=f"/clients/{client.pk}/",
    )
    return {"pk": reminder.pk}


_OWNER_ONLY = {"anonymous": 302, "case_manager": 200, "*": 404}

EXPECTED: dict[str, tuple] = {
    "notifications:list": (None, {"anonymous": 302, "*": 200}, 405),
    # POST-only; its own tests cover the POST (which changes the reminder).
    "notifications:done": (
        _reminder_of_case_manager,
        {"anonymous": 302, "*": 405},
        None,
    ),
    # An empty POST is a form error (200) for the owner and changes nothing.
    "notifications:snooze": (
        _reminder_of_case_manager,
        _OWNER_ONLY,
        {"case_manager": 200, "*": 404},
    ),
    "notifications:preferences": (None, {"anonymous": 302, "*": 200}, 200),
}
