"""Hand one or many clients of a team to another of its case managers, all or nothing.

Each client goes through `clients.services.assignment.primary_reassign` (the history is
kept: the old primary period ends the day the new one starts); the first refusal undoes the
whole batch. The new and the previous case manager each get a notice per client.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from casework.access import access_for
from casework.models import Team, User
from casework.notifications.services import Notice, notices_send
from clients.models import Assignment, AssignmentRole, Client
from clients.reminders import client_url, subject_line
from clients.services.assignment import primary_reassign
from clients.services.errors import ClientRecordError
from supervision.services.errors import SupervisionError
from supervision.services.notices import REASSIGNED_FROM, REASSIGNED_TO

MAX_AT_ONCE = 200


def clients_reassign(
    *,
    team: Team,
    client_ids: list[int],
    staff: User,
    started_on: date,
    reason: str,
    assigned_by: User,
) -> list[Assignment]:
    """Make `staff` the primary case manager of every client in `client_ids` (all of the
    team, in the supervisor's scope) from `started_on`, or change nothing."""
    ids = sorted(set(client_ids))
    if not ids:
        raise SupervisionError(_("Tick the clients to hand over."), field="clients")
    if len(ids) > MAX_AT_ONCE:
        raise SupervisionError(
            _("Hand over at most %(n)d clients at once.") % {"n": MAX_AT_ONCE}, field="clients"
        )
    if not reason.strip():
        raise SupervisionError(_("Give a reason."), field="reason")
    if team.pk not in access_for(assigned_by).supervised_team_ids:
        raise SupervisionError(_("Only the team's supervisors reassign its clients."))
    with transaction.atomic():
        clients = {
            c.pk: c
            for c in Client.objects.changeable_by(assigned_by)
            .filter(team=team, pk__in=ids)
            .select_for_update()
        }
        if len(clients) != len(ids):
            raise SupervisionError(
                _("Some of these clients are no longer in the team; reload the list."),
                field="clients",
            )
        previous = dict(
            Assignment.objects.filter(
                client_id__in=ids, role=AssignmentRole.PRIMARY, ended_on__isnull=True
            ).values_list("client_id", "staff_id")
        )
        made = []
        for pk in ids:
            client = clients[pk]
            try:
                made.append(
                    primary_reassign(
                        client_id=pk,
                        staff=staff,
                        started_on=started_on,
                        reason=reason,
                        assigned_by=assigned_by,
                    )
                )
            except ClientRecordError as error:
                # Name the client: in a batch the message alone would not say which one.
                raise SupervisionError(
                    f"{client.display_name} ({client.record_number}): {error.message}",
                    field=error.field if error.field in {"staff", "started_on", "reason"} else None,
                ) from error
        notices_send(_notices(made, clients, previous, team))
    return made


def _notices(made: list[Assignment], clients: dict, previous: dict, team: Team) -> list[Notice]:
    out = []
    for assignment in made:
        client = clients[assignment.client_id]
        common = {
            "object_type": "clients.assignment",
            "object_id": assignment.pk,
            "subject": subject_line(client.given_name, client.preferred_name, client.record_number),
            "url": client_url(client.pk),
            "client_id": client.pk,
            "team_id": team.pk,
        }
        out.append(
            Notice(
                kind=REASSIGNED_TO,
                recipient_id=assignment.staff_id,
                title=_("You are now the primary case manager"),
                **common,
            )
        )
        if previous.get(client.pk):
            out.append(
                Notice(
                    kind=REASSIGNED_FROM,
                    recipient_id=previous[client.pk],
                    title=_("Now served by %(name)s") % {"name": assignment.staff},
                    **common,
                )
            )
    return out
