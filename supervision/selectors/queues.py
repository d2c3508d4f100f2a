"""The review queues on a team's dashboard: notes awaiting co-signature, care plans awaiting
approval, emergency accesses to the team's clients not yet reviewed. One query each; each
shows the first QUEUE_SHOWN and says how many there are (a count subquery, no second query).
`*_shown` are what the dashboard shows; the querysets are the whole queues."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from django.db.models import (
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)

from careplans.models import CarePlan, PlanStatus
from casework.models import EmergencyAccess, Program, User
from clients.models import Visit
from supervision.models import NoteReturn
from supervision.scope import (
    TeamView,
    is_supervised,
    supervised_statement,
    supervised_values,
    team_clients,
)

QUEUE_SHOWN = 10


def needs_cosign(client: str = "client__") -> Q:
    """Visits whose client's program (enrolment, else team) asks for a co-signature; with
    `client=""`, the clients themselves."""
    standard = Program.Kind.STANDARD
    enrolled = Q(**{f"{client}program__isnull": False}) & ~Q(**{f"{client}program__kind": standard})
    by_team = Q(**{f"{client}program__isnull": True}) & ~Q(
        **{f"{client}team__program__kind": standard}
    )
    return enrolled | by_team


def _visit_rows() -> QuerySet[Visit]:
    return Visit.objects.select_related("client", "author").order_by("signed_at", "id")


def _plan_rows() -> QuerySet[CarePlan]:
    return CarePlan.objects.select_related("client", "created_by").order_by("submitted_at", "id")


def cosign_queue(*, viewer: User, view: TeamView, now: datetime | None = None) -> QuerySet[Visit]:
    """Signed notes of the team's clients that need a co-signature and are not back with
    their author, oldest first (Visit's `visit_cosign_queue_idx` holds only waiting notes)."""
    # The program rule is asked of the team's clients, inside their subquery: asked of the
    # visits it joined every client of the agency to its programs before keeping the team's
    # (a 100,000-row join twice a page; docs/benchmarks.md).
    clients = team_clients(viewer=viewer, view=view, now=now).filter(needs_cosign(client=""))
    returned = NoteReturn.objects.filter(visit=OuterRef("pk"), resolved_at__isnull=True)
    return (
        _visit_rows()
        .filter(
            client__in=clients.values("pk"),
            signed_at__isnull=False,
            cosigned_at__isnull=True,
            retracted_at__isnull=True,
        )
        .filter(~Exists(returned))
    )


def cosign_shown(*, viewer: User, view: TeamView) -> tuple[list[Visit], int]:
    return _shown_in_view(_COSIGN_SHOWN, viewer=viewer, view=view)


def plans_awaiting_approval(
    *, viewer: User, view: TeamView, now: datetime | None = None
) -> QuerySet[CarePlan]:
    clients = team_clients(viewer=viewer, view=view, now=now)
    return _plan_rows().filter(client__in=clients.values("pk"), status=PlanStatus.SUBMITTED)


def plans_shown(*, viewer: User, view: TeamView) -> tuple[list[CarePlan], int]:
    return _shown_in_view(_PLANS_SHOWN, viewer=viewer, view=view)


def _shown_in_view(queue: _Queue, *, viewer: User, view: TeamView) -> tuple[list, int]:
    """`shown` of a queue: for a supervisor's own team (what the dashboard lists) by its
    statement built once per process."""
    if not is_supervised(viewer=viewer, view=view):
        return shown(queue.queue(viewer=viewer, view=view), rows=queue.rows())
    page = queue.statement.objects(**supervised_values(viewer=viewer, view=view))
    return page, (page[0].sv_total if page else 0)


class _Queue:
    """A queue, the rows it shows, and their `shown` statement."""

    def __init__(self, queue: Callable[..., QuerySet], rows: Callable[[], QuerySet]) -> None:
        self.queue, self.rows = queue, rows
        self.statement = supervised_statement(
            rows().model,
            lambda *, viewer, view, now: _shown_rows(
                queue(viewer=viewer, view=view, now=now), rows=rows()
            ),
        )


def emergency_to_review(*, viewer: User, view: TeamView) -> QuerySet[EmergencyAccess]:
    """Unreviewed emergency grants to the team's clients, with the client's label joined
    through the grant's foreign key (no second query)."""
    return (
        EmergencyAccess.objects.filter(team=view.team, reviewed_at__isnull=True)
        .select_related("user")
        .annotate(
            sv_given=F("client__given_name"),
            sv_preferred=F("client__preferred_name"),
            sv_family=F("client__family_name"),
            sv_record=F("client__record_number"),
        )
        .order_by("granted_at", "id")
    )


def shown(queue: QuerySet, *, rows: QuerySet | None = None) -> tuple[list, int]:
    """The first QUEUE_SHOWN of the queue and its total, in one query. `rows` (the queue's
    model with its joins and order, none of its filters) fetches the shown ones by id."""
    # The page is picked by id first and only its rows are joined to authors and clients. A
    # window count over the whole queue, or the queue's filters repeated around the page's
    # ids, made the planner join every queued row first (seconds on a long queue; see
    # docs/benchmarks.md).
    page = list(_shown_rows(queue, rows=rows))
    return page, (page[0].sv_total if page else 0)


def _shown_rows(queue: QuerySet, *, rows: QuerySet | None) -> QuerySet:
    total = queue.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    first = Subquery(queue.values("pk")[:QUEUE_SHOWN])
    return (
        (queue if rows is None else rows)
        .filter(pk__in=first)
        .annotate(sv_total=Subquery(total, output_field=IntegerField()))
    )


# The dashboard's two queues: statements built once per process (casework.prepared).
_COSIGN_SHOWN = _Queue(cosign_queue, _visit_rows)
_PLANS_SHOWN = _Queue(plans_awaiting_approval, _plan_rows)


def cosign_queue_for_signer(*, viewer: User, view: TeamView) -> QuerySet[Visit]:
    """The notes this supervisor may co-sign now, oldest signature first: the team's queue
    without their own notes (a note is co-signed by someone other than its author)."""
    return cosign_queue(viewer=viewer, view=view).exclude(author=viewer)


def cosign_next_after(*, queue: QuerySet[Visit], visit: Visit) -> Visit | None:
    """The note after this one in the queue's order, else the oldest still waiting (a note
    skipped earlier comes round again), never this one."""
    later = Q(signed_at__gt=visit.signed_at) | Q(signed_at=visit.signed_at, pk__gt=visit.pk)
    rest = queue.exclude(pk=visit.pk)
    return rest.filter(later).first() or rest.first()


def cosign_position(*, queue: QuerySet[Visit], visit: Visit) -> tuple[int, int]:
    """(how many wait before this note, how many wait in all), one query."""
    earlier = Q(signed_at__lt=visit.signed_at) | Q(signed_at=visit.signed_at, pk__lt=visit.pk)
    counts = queue.order_by().aggregate(before=Count("pk", filter=earlier), total=Count("pk"))
    return counts["before"], counts["total"]
