"""The review queues on a team's dashboard: notes awaiting co-signature, care plans awaiting
approval, emergency accesses to the team's clients not yet reviewed. One query each; each
shows the first QUEUE_SHOWN and says how many there are (a count subquery, no second query)."""

from __future__ import annotations

from django.db.models import Exists, F, Func, IntegerField, OuterRef, QuerySet, Subquery

from careplans.models import CarePlan, PlanStatus
from casework.models import EmergencyAccess, User
from clients.models import Client, Visit
from supervision.models import NoteReturn
from supervision.scope import TeamView, team_clients
from supervision.services.notes import needs_cosign

QUEUE_SHOWN = 10


def cosign_queue(*, viewer: User, view: TeamView) -> QuerySet[Visit]:
    """Signed notes of the team's clients that need a co-signature and are not back with
    their author, oldest first."""
    clients = team_clients(viewer=viewer, view=view)
    returned = NoteReturn.objects.filter(visit=OuterRef("pk"), resolved_at__isnull=True)
    return (
        Visit.objects.filter(
            client__in=clients.values("pk"),
            signed_at__isnull=False,
            cosigned_at__isnull=True,
            retracted_at__isnull=True,
        )
        .filter(needs_cosign())
        .filter(~Exists(returned))
        .select_related("client", "author")
        .order_by("signed_at", "id")
    )


def plans_awaiting_approval(*, viewer: User, view: TeamView) -> QuerySet[CarePlan]:
    clients = team_clients(viewer=viewer, view=view)
    return (
        CarePlan.objects.filter(client__in=clients.values("pk"), status=PlanStatus.SUBMITTED)
        .select_related("client", "created_by")
        .order_by("submitted_at", "id")
    )


def emergency_to_review(*, viewer: User, view: TeamView) -> QuerySet[EmergencyAccess]:
    """Unreviewed emergency grants to the team's clients, with the client's label by
    subquery (no second query)."""
    client = Client.objects.filter(pk=OuterRef("client_id"))
    return (
        EmergencyAccess.objects.filter(team=view.team, reviewed_at__isnull=True)
        .select_related("user")
        .annotate(
            sv_given=Subquery(client.values("given_name")[:1]),
            sv_preferred=Subquery(client.values("preferred_name")[:1]),
            sv_family=Subquery(client.values("family_name")[:1]),
            sv_record=Subquery(client.values("record_number")[:1]),
        )
        .order_by("granted_at", "id")
    )


def shown(rows: QuerySet) -> tuple[list, int]:
    """The first QUEUE_SHOWN rows and the total, in one query."""
    # The page is picked by id first and only its rows are joined to authors and clients; a
    # window count over the whole queue made the planner join every queued row (seconds on a
    # team with a long queue, see docs/benchmarks.md).
    total = rows.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    page = list(
        rows.filter(pk__in=Subquery(rows.values("pk")[:QUEUE_SHOWN])).annotate(
            sv_total=Subquery(total, output_field=IntegerField())
        )
    )
    return page, (page[0].sv_total if page else 0)
