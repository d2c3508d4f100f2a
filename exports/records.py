"""Load whole client records for export: every part of the record of a batch of clients in a
fixed number of queries (one per table), whatever the batch or the records hold. The single
client's download and the agency's export both read through here, so both cost the same
queries per batch.

The caller decides who the clients are: `clients` must come from a scoped query (the access
policy for one client, the agency for the agency's export; see `exports.selectors`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Prefetch

from careplans.models import (
    Administration,
    Assessment,
    CarePlan,
    Goal,
    PlanStatus,
    SafetyFlag,
)
from casework.models import Membership, Team, User
from clients.models import (
    Appointment,
    Assignment,
    CareProvider,
    Client,
    ClientDocument,
    ConsentRelease,
    Disclosure,
    Enrolment,
    Episode,
    KeyEvent,
    NoteAddendum,
    RelatedPerson,
    StatusChange,
    Visit,
)
from referrals.models import Referral, ReferralEvent

# Care-plan versions that are part of the record: approved ones (in force or superseded).
RECORDED_PLAN_STATUSES = (PlanStatus.ACTIVE, PlanStatus.SUPERSEDED)


@dataclass
class ClientRecord:
    """One client's designated record set, loaded; lists are in the order pages show them."""

    client: Client
    episodes: list[Episode] = field(default_factory=list)
    status_changes: list[StatusChange] = field(default_factory=list)
    enrolments: list[Enrolment] = field(default_factory=list)
    assignments: list[Assignment] = field(default_factory=list)
    visits: list[Visit] = field(default_factory=list)
    addenda: dict[int, list[NoteAddendum]] = field(default_factory=dict)
    people: list[RelatedPerson] = field(default_factory=list)
    consents: list[ConsentRelease] = field(default_factory=list)
    disclosures: list[Disclosure] = field(default_factory=list)
    providers: list[CareProvider] = field(default_factory=list)
    appointments: list[Appointment] = field(default_factory=list)
    administrations: list[Administration] = field(default_factory=list)
    flags: list[SafetyFlag] = field(default_factory=list)
    assessments: list[Assessment] = field(default_factory=list)
    plans: list[CarePlan] = field(default_factory=list)
    # Counted, not loaded: what the export leaves out and why.
    draft_plans: int = 0
    referrals: list[Referral] = field(default_factory=list)
    referral_events: dict[int, list[ReferralEvent]] = field(default_factory=dict)
    key_events: list[KeyEvent] = field(default_factory=list)
    documents: list[ClientDocument] = field(default_factory=list)
    # Staff memberships of everyone the record names, for PractitionerRole.
    memberships: dict[int, list[Membership]] = field(default_factory=dict)

    @property
    def signed_visits(self) -> list[Visit]:
        return [v for v in self.visits if v.signed_at is not None and v.retracted_at is None]

    @property
    def draft_visits(self) -> list[Visit]:
        return [v for v in self.visits if v.signed_at is None]

    @property
    def retracted_visits(self) -> list[Visit]:
        return [v for v in self.visits if v.retracted_at is not None]

    @property
    def kept_visits(self) -> list[Visit]:
        """Contacts in the record: all but those entered in error."""
        return [v for v in self.visits if v.retracted_at is None]

    def staff(self) -> dict[int, User]:
        """Every member of staff the record names, by id (already loaded with the rows)."""
        found: dict[int, User] = {}

        def add(user: User | None) -> None:
            if user is not None:
                found.setdefault(user.pk, user)

        for a in self.assignments:
            add(a.staff)
        for v in self.visits:
            add(v.author)
            add(v.cosigned_by)
        for rows in self.addenda.values():
            for addendum in rows:
                add(addendum.author)
        for item in self.administrations:
            add(item.author)
        for item in self.assessments:
            add(item.author)
        for plan in self.plans:
            add(plan.created_by)
            add(plan.approved_by)
        for referral in self.referrals:
            add(referral.referred_by)
        for rows in self.referral_events.values():
            for event in rows:
                add(event.by)
        for item in self.appointments:
            add(item.staff)
        for item in self.disclosures:
            add(item.disclosed_by)
        for flag in self.flags:
            add(flag.acknowledged_by)
        for event in self.key_events:
            add(event.recorded_by)
        for document in self.documents:
            add(document.uploaded_by)
        return found

    @property
    def kept_key_events(self) -> list[KeyEvent]:
        return [e for e in self.key_events if e.voided_at is None]

    @property
    def kept_documents(self) -> list[ClientDocument]:
        return [d for d in self.documents if d.voided_at is None]


def _grouped(rows: Iterable, key: str) -> dict[int, list]:
    grouped: dict[int, list] = defaultdict(list)
    for row in rows:
        grouped[getattr(row, key)].append(row)
    return grouped


def _attach_visit_people(visits: list[Visit]) -> None:
    """Each contact's author, co-signer and team, read once per batch: the same dozen staff
    sign thousands of contacts, and select_related would build (and parse the dates of) a
    User per contact and per role. Two queries, none when there is no contact."""
    if not visits:
        return
    users = User.objects.in_bulk(
        {v.author_id for v in visits} | ({v.cosigned_by_id for v in visits} - {None})
    )
    teams = Team.objects.in_bulk({v.team_id for v in visits})
    for visit in visits:
        visit.author = users[visit.author_id]
        visit.team = teams[visit.team_id]
        if visit.cosigned_by_id is not None:
            visit.cosigned_by = users[visit.cosigned_by_id]


def records_load(clients: Iterable[Client]) -> list[ClientRecord]:
    """The records of `clients` (already scoped by the caller), in 27 queries whatever their
    number and size (25 when none has a contact). Each query is named by the table it reads."""
    records = {c.pk: ClientRecord(client=c) for c in clients}
    if not records:
        return []
    ids = list(records)

    def load(queryset, attribute: str) -> None:
        for client_id, rows in _grouped(queryset.filter(client_id__in=ids), "client_id").items():
            setattr(records[client_id], attribute, rows)

    load(Episode.objects.order_by("number"), "episodes")  # 1
    load(StatusChange.objects.order_by("effective_on", "recorded_at", "id"), "status_changes")  # 2
    load(Enrolment.objects.select_related("program").order_by("started_on", "id"), "enrolments")
    load(  # 4
        Assignment.objects.select_related("staff").order_by("started_on", "id"), "assignments"
    )
    load(Visit.objects.order_by("contact_at", "id"), "visits")  # 5
    _attach_visit_people([v for record in records.values() for v in record.visits])  # 5a, 5b
    addenda = NoteAddendum.objects.filter(visit__client_id__in=ids).select_related("author")
    owner = {v.pk: record for record in records.values() for v in record.visits}
    for visit_id, rows in _grouped(addenda.order_by("created_at", "id"), "visit_id").items():  # 6
        owner[visit_id].addenda[visit_id] = rows
    load(RelatedPerson.objects.order_by("full_name", "id"), "people")  # 7
    load(  # 8
        ConsentRelease.objects.select_related("related_person").order_by("effective_on", "id"),
        "consents",
    )
    load(  # 9
        Disclosure.objects.select_related("consent", "disclosed_by").order_by(
            "-disclosed_on", "-recorded_at", "-id"
        ),
        "disclosures",
    )
    load(CareProvider.objects.order_by("kind", "name", "id"), "providers")  # 10
    load(  # 11
        Appointment.objects.select_related("staff", "provider").order_by("starts_at", "id"),
        "appointments",
    )
    load(  # 12
        Administration.objects.select_related("author").order_by("administered_on", "id"),
        "administrations",
    )
    load(SafetyFlag.objects.select_related("acknowledged_by").order_by("raised_at"), "flags")
    load(  # 14
        Assessment.objects.filter(signed_at__isnull=False)
        .select_related("author")
        .prefetch_related("addenda__author")  # 15, 16
        .order_by("assessed_on", "id"),
        "assessments",
    )
    goals = Goal.objects.prefetch_related("objectives", "interventions")  # 18, 19
    load(  # 17
        CarePlan.objects.filter(status__in=RECORDED_PLAN_STATUSES)
        .select_related("created_by", "approved_by")
        .prefetch_related(Prefetch("goals", queryset=goals))
        .order_by("number"),
        "plans",
    )
    # The count of plans left out rides on the plans query's neighbour: one more query.
    for client_id in (
        CarePlan.objects.filter(client_id__in=ids)
        .exclude(status__in=RECORDED_PLAN_STATUSES)
        .values_list("client_id", flat=True)
    ):
        records[client_id].draft_plans += 1
    load(  # 21
        Referral.objects.select_related("service", "organization", "referred_by").order_by(
            "created_at", "id"
        ),
        "referrals",
    )
    events = ReferralEvent.objects.filter(referral__client_id__in=ids).select_related("by")
    by_referral = _grouped(events.order_by("happened_on", "recorded_at", "id"), "referral_id")
    for record in records.values():  # 22
        record.referral_events = {r.pk: by_referral.get(r.pk, []) for r in record.referrals}
    load(  # 23
        KeyEvent.objects.select_related("recorded_by").order_by("started_on", "id"), "key_events"
    )
    load(  # 24
        ClientDocument.objects.select_related("uploaded_by").order_by("uploaded_at", "id"),
        "documents",
    )
    staff_ids = {pk for record in records.values() for pk in record.staff()}
    memberships = _grouped(  # 25
        Membership.objects.filter(user_id__in=staff_ids).select_related("team"), "user_id"
    )
    for record in records.values():
        record.memberships = {pk: memberships.get(pk, []) for pk in record.staff()}
    return list(records.values())
