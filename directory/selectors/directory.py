"""Reads of the service directory. The directory belongs to the agency, not to a team: every
member of staff (case manager, supervisor, compliance reviewer, admin) reads their agency's
entries, only agency admins change them, and another agency's entries answer 404 exactly like
entries that do not exist.

"Open now" follows each schedule's RRULE (directory.hours): plain weekly hours are decided in
SQL, the few others (monthly, every other week, with a count, in another UTC offset) by
python-dateutil over one query of them, so the page keeps its fixed number of queries.

Search (`directory_search`) is full text (the generated `search` tsvector columns, GIN
indexed) OR trigram word similarity on service and organisation names (GIN `gin_trgm_ops`
indexes), so "housng" still finds "Harbor Housing Navigation". Everything a result row shows
comes from annotations on the one page query, so a page costs the same queries however many
services match.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import (
    BigIntegerField,
    BooleanField,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
)
from django.db.models.functions import Coalesce, Concat, JSONObject, Trim
from django.shortcuts import get_object_or_404
from django.utils import timezone

from casework.access import access_for
from casework.models import Agency, User
from directory.hours import SIMPLE, hours_of, open_schedule_ids, simple_open_at
from directory.models import (
    Accessibility,
    Address,
    Category,
    Contact,
    Language,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceCapacity,
    ServiceStatus,
    TaxonomyTerm,
    Url,
)
from directory.models.entries import VERIFY_EVERY_DAYS
from directory.predicates import may_edit_directory
from directory.selectors.contacts import with_phones

MAX_WORDS = 6
MIN_FUZZY_LENGTH = 3
FUZZY_SCORE = 0.5
# cpu_operator_cost for the two matching-id queries only (transaction-local, like the
# threshold). PostgreSQL prices every operator like `=` (0.0025), so it rates a scan of every
# agency row computing word similarity (`%>`) per row below the GIN bitmap scans, and 10,000
# services take 60-180 ms per id query. Priced at 0.25 (word similarity per row really costs
# about a hundred comparisons) it ORs the full-text and trigram GIN indexes: 4-17 ms.
FILTER_OPERATOR_COST = 0.25
# A search matching more rows than this is too broad to rank usefully anyway.
MAX_MATCHES = 5000
_TEXT = TextField()


def _agency_ids(viewer: User) -> frozenset[int]:
    """Every agency the viewer has any role in; no role at all is refused (403)."""
    ids = access_for(viewer).agency_ids
    if not ids:
        raise PermissionDenied
    return ids


def admin_agency_for(*, viewer: User) -> Agency:
    """The agency whose directory the viewer administers (403 for everyone else)."""
    admin_ids = access_for(viewer).admin_agency_ids
    if not admin_ids:
        raise PermissionDenied
    return Agency.objects.get(pk=min(admin_ids))


def _scoped(model, viewer: User, pk: int, *, change: bool, related=()):
    obj = get_object_or_404(
        model.objects.select_related(*related), pk=pk, agency_id__in=_agency_ids(viewer)
    )
    if change and not may_edit_directory(viewer, obj.agency_id):
        raise PermissionDenied
    return obj


def organization_get_for(*, viewer: User, pk: int, change: bool = False) -> Organization:
    return _scoped(Organization, viewer, pk, change=change, related=("verified_by",))


def service_get_for(*, viewer: User, pk: int, change: bool = False) -> Service:
    return _scoped(Service, viewer, pk, change=change, related=("organization", "verified_by"))


def location_get_for(*, viewer: User, pk: int, change: bool = False) -> Location:
    return _scoped(Location, viewer, pk, change=change, related=("organization",))


def organizations_for(*, viewer: User) -> QuerySet[Organization]:
    return Organization.objects.filter(agency_id__in=_agency_ids(viewer))


def services_for(*, viewer: User) -> QuerySet[Service]:
    return Service.objects.filter(agency_id__in=_agency_ids(viewer))


def terms_for(*, agency_ids) -> QuerySet[TaxonomyTerm]:
    return TaxonomyTerm.objects.filter(agency_id__in=agency_ids).order_by("name", "id")


def _at_its_locations(model) -> QuerySet:
    """Rows of `model` (addresses, schedules, languages) kept for the locations the outer
    query's service is offered at, for a subquery of it."""
    return model.objects.filter(
        location__in=ServiceAtLocation.objects.filter(service_id=OuterRef(OuterRef("pk"))).values(
            "location_id"
        )
    )


def open_schedules_at(agency_ids, moment: datetime) -> set[int]:
    """Ids of the agency's schedules SQL cannot decide (not plain weekly) that are open at
    `moment`: one query, then python-dateutil."""
    rows = Schedule.objects.filter(agency_id__in=agency_ids).exclude(SIMPLE)
    return open_schedule_ids(rows.filter(opens_at__isnull=False, closes_at__isnull=False), moment)


def open_at(moment: datetime, open_ids=frozenset()) -> ExpressionWrapper:
    """True when the service's hours cover `moment` (agency time): its own schedules and
    those of it at one of its locations; a service without any keeps its locations' hours (a
    drop-in centre open when its building is). `open_ids` are the other schedules open then
    (open_schedules_at)."""
    covers = simple_open_at(moment) | Q(pk__in=list(open_ids))
    # The service's own schedules, direct or of it at a location, as two subqueries each served
    # by an index: one subquery with `service_id = x OR service_at_location.service_id = x`
    # read every schedule of the directory for each row shown (0.5 s a page at 10,000
    # services; docs/benchmarks.md).
    direct = Schedule.objects.filter(service_id=OuterRef("pk"))
    at_location = Schedule.objects.filter(service_at_location__service_id=OuterRef("pk"))
    has_own = Exists(direct) | Exists(at_location)
    open_here = (
        Exists(direct.filter(covers))
        | Exists(at_location.filter(covers))
        | (~has_own & Exists(_at_its_locations(Schedule).filter(covers)))
    )
    return ExpressionWrapper(open_here, output_field=BooleanField())


def speaks(code: str) -> Q:
    """The service, or one of the locations it is offered at, lists the language."""
    return Q(Exists(Language.objects.filter(service_id=OuterRef("pk"), code=code))) | Q(
        Exists(_at_its_locations(Language).filter(code=code))
    )


def capacities() -> ArraySubquery:
    """The service's capacities (HSDS 3.1) as a list of objects: available, maximum, unit,
    updated."""
    rows = ServiceCapacity.objects.filter(service_id=OuterRef("pk")).order_by("id")
    return ArraySubquery(
        rows.values(
            json=JSONObject(
                available="available", maximum="maximum", unit="unit__name", updated="updated"
            )
        )
    )


def _no_index(column: str) -> ExpressionWrapper:
    """`column` for ORDER BY in a first-row subquery, ordered alike (NULLs last) but in a way
    no index gives. Ordered by the bare column, PostgreSQL walks that column's whole index
    from its start, testing each row against the subquery's filter, to stop at the first
    match (a LIMIT 1 it prices as cheap): for the first phone 7,450 rows and for the first
    address about 700 per service shown, at 10,000 services. Without an index order it
    fetches the few rows the filter names through their own indexes and sorts them."""
    return ExpressionWrapper(F(column) + 0, output_field=BigIntegerField())


def with_summary(services: QuerySet[Service], *, now: datetime, open_ids) -> QuerySet[Service]:
    """What a result row shows, as columns of the same query: organisation, first phone,
    first address, category and language names, capacity, open now. `open_ids`: the
    schedules SQL cannot decide that are open (open_schedules_at, one query)."""
    first_phone = Phone.objects.filter(
        Q(service_id=OuterRef("pk")) | Q(organization_id=OuterRef("organization_id"))
    ).order_by(_no_index("service_id").asc(nulls_last=True), "id")
    first_address = _at_its_locations(Address).order_by(_no_index("id"))
    return services.select_related("organization").annotate(
        phone=Subquery(first_phone.values("number")[:1]),
        address=Subquery(
            first_address.annotate(
                line=Concat("address_1", Value(", "), "city", output_field=TextField())
            ).values("line")[:1]
        ),
        category_names=ArraySubquery(
            Category.objects.filter(service_id=OuterRef("pk"))
            .order_by("term__name")
            .values("term__name")
        ),
        language_names=ArraySubquery(
            Language.objects.filter(service_id=OuterRef("pk")).order_by("name").values("name")
        ),
        capacity_list=capacities(),
        open_now=open_at(now, open_ids),
    )


@dataclass(frozen=True)
class DirectoryQuery:
    text: str = ""
    category: int | None = None
    language: str = ""
    area: str = ""
    open_now: bool = False
    accepting: bool = False
    include_inactive: bool = False

    @property
    def words(self) -> list[str]:
        return " ".join(self.text.split())[:100].split()[:MAX_WORDS]


def _matching_ids(agency_ids, query: DirectoryQuery) -> tuple[list, list]:
    """Ids of the services, and of the organisations, whose own text matches: full text
    (stemmed, over names and descriptions) OR, per word, a name close in spelling (`%>`,
    word similarity). Two index-served queries (GIN on `search`, GIN trigram on `name`):
    asking for "service or its organisation" in one query would make PostgreSQL compute
    the similarity for every row of the directory.

    The trigram threshold is lowered to FUZZY_SCORE for this transaction only: the default
    (0.6) misses one dropped letter in a six-letter word ("housng"), and the setting is
    shared with client search on the same connection, so it must not outlive these queries.
    In the same statement cpu_operator_cost is set to FILTER_OPERATOR_COST, for this
    transaction only, so the planner takes the BitmapOr over both GIN indexes instead of a
    scan of every agency row (see FILTER_OPERATOR_COST)."""
    full_text = SearchQuery(" ".join(query.words), config="english", search_type="websearch")
    service_match, organization_match = Q(search=full_text), Q(search=full_text)
    for word in query.words:
        if len(word) >= MIN_FUZZY_LENGTH:
            service_match |= Q(name__trigram_word_similar=word)
            organization_match |= Q(name__trigram_word_similar=word)
    services = Service.objects.filter(agency_id__in=agency_ids)
    organizations = Organization.objects.filter(agency_id__in=agency_ids)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('pg_trgm.word_similarity_threshold', %s, true),"
            " set_config('cpu_operator_cost', %s, true)",
            [str(FUZZY_SCORE), str(FILTER_OPERATOR_COST)],
        )
        service_ids = list(
            services.filter(service_match).order_by().values_list("pk", flat=True)[:MAX_MATCHES]
        )
        organization_ids = list(
            organizations.filter(organization_match)
            .order_by()
            .values_list("pk", flat=True)[:MAX_MATCHES]
        )
    return service_ids, organization_ids


def _score(query: DirectoryQuery):
    """Higher is better: the service's own text counts twice its organisation's."""
    full_text = SearchQuery(" ".join(query.words), config="english", search_type="websearch")
    score = 2 * SearchRank(F("search"), full_text) + SearchRank(
        F("organization__search"), full_text
    )
    for word in query.words:
        if len(word) >= MIN_FUZZY_LENGTH:
            score = score + 2 * TrigramWordSimilarity(word.lower(), F("name"))
            score = score + TrigramWordSimilarity(word.lower(), F("organization__name"))
    return score


class DirectoryResults:
    """directory_search's answer: the ordered matches, counted and sliced like a queryset (so
    a Paginator takes it as it is), where a slice is a list of those services with what a
    result row shows (with_summary) and their hours (`hours`).

    The summary is computed for the slice's rows only: the page query asks for `pk IN (the
    matches, ordered and limited)`. With the summary on every match before the limit,
    PostgreSQL worked out its eight subqueries ("open now" hashed over every schedule of the
    directory) for all ~700 matches of a common word (docs/benchmarks.md).

    `matches` is the plain ordered queryset, for callers that need no summary."""

    ordered = True  # for Paginator: the matches are ordered

    def __init__(self, matches: QuerySet[Service], *, order, score, now, agency_ids, open_ids):
        self.matches = matches
        self._order = order
        self._score = score
        self._now = now
        self._agency_ids = agency_ids
        self._open_ids = open_ids

    def count(self) -> int:
        return self.matches.count()

    def exists(self) -> bool:
        return self.matches.exists()

    def __getitem__(self, rows: slice) -> list[Service]:
        if not isinstance(rows, slice):
            raise TypeError("DirectoryResults takes slices only")
        # The ids come from the matches, which are the viewer's agency's (services_for).
        shown = Service.objects.filter(pk__in=self.matches[rows].values("pk"))
        if self._score is not None:
            shown = shown.annotate(match_score=self._score)
        if self._open_ids is None:  # the schedules SQL cannot decide: one query
            self._open_ids = open_schedules_at(self._agency_ids, self._now)
        hours = Prefetch("schedules", Schedule.objects.order_by("id"), to_attr="hours")
        summary = with_summary(shown, now=self._now, open_ids=self._open_ids)
        return list(summary.prefetch_related(hours).order_by(*self._order))

    def __iter__(self):
        return iter(self[:])


def directory_search(
    *, viewer: User, query: DirectoryQuery, now: datetime | None = None
) -> DirectoryResults:
    """The viewer's agency's services matching `query`, best match first (by name without
    text). Inactive services and those of inactive organisations only on request."""
    now = now or timezone.now()
    services = services_for(viewer=viewer)
    if not query.include_inactive:
        services = services.exclude(status=ServiceStatus.INACTIVE).exclude(
            status=ServiceStatus.DEFUNCT
        )
        services = services.filter(organization__is_active=True)
    if query.category:
        services = services.filter(
            Exists(Category.objects.filter(service_id=OuterRef("pk"), term_id=query.category))
        )
    if query.language:
        services = services.filter(speaks(query.language))
    if query.area:
        services = services.filter(
            Exists(ServiceArea.objects.filter(service_id=OuterRef("pk"), name=query.area))
        )
    if query.accepting:
        services = services.filter(accepting_referrals=True, status=ServiceStatus.ACTIVE)
    agency_ids = _agency_ids(viewer)
    score = None
    if query.words:
        service_ids, organization_ids = _matching_ids(agency_ids, query)
        services = services.filter(Q(pk__in=service_ids) | Q(organization_id__in=organization_ids))
        score = Coalesce(_score(query), Value(0.0), output_field=FloatField())
        services = services.annotate(match_score=score)
        order = ("-match_score", "name", "pk")
    else:
        order = ("name", "pk")
    open_ids = None
    if query.open_now:
        open_ids = open_schedules_at(agency_ids, now)
        services = services.filter(open_at(now, open_ids))
    return DirectoryResults(
        services.order_by(*order),
        order=order,
        score=score,
        now=now,
        agency_ids=agency_ids,
        open_ids=open_ids,
    )


@dataclass(frozen=True)
class FilterOptions:
    categories: list[tuple[int, str]]
    languages: list[tuple[str, str]]
    areas: list[str]


def filter_options_for(*, viewer: User) -> FilterOptions:
    """Choices for the search filters: three small queries over the agency's directory."""
    agency_ids = _agency_ids(viewer)
    categories = list(terms_for(agency_ids=agency_ids).values_list("pk", "name"))
    seen: dict[str, str] = {}
    for name, code in _distinct_values(Language, ("name", "code"), agency_ids):
        seen.setdefault(code, name)
    areas = [name for (name,) in _distinct_values(ServiceArea, ("name",), agency_ids)]
    return FilterOptions(categories, sorted(seen.items(), key=lambda i: i[1]), areas)


def _distinct_values(model, columns: tuple[str, ...], agency_ids) -> list[tuple]:
    """The distinct `columns` of the agencies' rows, ordered by them: the same rows as
    `SELECT DISTINCT ... ORDER BY columns`, read by skipping through the model's
    (agency, *columns) index one value at a time (a recursive query), so a dozen languages
    over 35,000 rows cost a dozen index probes instead of a scan of every row (issue 24)."""
    table = model._meta.db_table
    listed = ", ".join(f"r.{c}" for c in columns)
    previous = ", ".join(f"p.{c}" for c in columns)
    outer = ", ".join(columns)
    sql = (
        f"WITH RECURSIVE found(agency_id, {outer}) AS ("  # noqa: S608 - fixed names
        f" SELECT a.id, f.* FROM unnest(%s::bigint[]) AS a(id) CROSS JOIN LATERAL"
        f" (SELECT {listed} FROM {table} r WHERE r.agency_id = a.id"
        f" ORDER BY {listed} LIMIT 1) f"
        f" UNION ALL"
        f" SELECT p.agency_id, n.* FROM found p CROSS JOIN LATERAL"
        f" (SELECT {listed} FROM {table} r WHERE r.agency_id = p.agency_id"
        f" AND ({listed}) > ({previous}) ORDER BY {listed} LIMIT 1) n"
        f") SELECT DISTINCT {outer} FROM found ORDER BY {outer}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [sorted(agency_ids)])
        return cursor.fetchall()


def verification_due_on(verified_on: date | None, created: date) -> date:
    return (verified_on or created) + timedelta(days=VERIFY_EVERY_DAYS)


def unverified_services_for(*, viewer: User, today: date) -> QuerySet[Service]:
    """Services of the viewer's administered agency not verified for 12 months (or never),
    longest unverified first. Admins only."""
    admin_agency = admin_agency_for(viewer=viewer)
    cutoff = today - timedelta(days=VERIFY_EVERY_DAYS)
    return (
        Service.objects.filter(agency=admin_agency)
        .exclude(status=ServiceStatus.DEFUNCT)
        .filter(Q(verified_on__lt=cutoff) | Q(verified_on__isnull=True))
        .select_related("organization", "verified_by")
        .order_by(F("verified_on").asc(nulls_first=True), "name", "pk")
    )


def unverified_organizations_for(*, viewer: User, today: date) -> QuerySet[Organization]:
    admin_agency = admin_agency_for(viewer=viewer)
    cutoff = today - timedelta(days=VERIFY_EVERY_DAYS)
    return (
        Organization.objects.filter(agency=admin_agency, is_active=True)
        .filter(Q(verified_on__lt=cutoff) | Q(verified_on__isnull=True))
        .select_related("verified_by")
        .order_by(F("verified_on").asc(nulls_first=True), "name", "pk")
    )


def service_detail_for(*, viewer: User, pk: int) -> Service:
    """One service with everything its page shows, in a fixed number of queries."""
    areas = ServiceArea.objects.filter(service=OuterRef("pk")).order_by("name", "id")
    now = timezone.now()
    summary = with_summary(
        services_for(viewer=viewer),
        now=now,
        open_ids=open_schedules_at(_agency_ids(viewer), now),
    )
    service = get_object_or_404(
        summary.select_related("verified_by").annotate(
            area_names=ArraySubquery(areas.values("name"))
        ),
        pk=pk,
    )
    return service


def service_hours(service: Service, now: datetime | None = None) -> list:
    """The service's own opening hours (its schedules, and those of it at one location), each
    with its words, whether it is open now, has ended, and when it next opens."""
    rows = Schedule.objects.filter(
        Q(service=service) | Q(service_at_location__service=service)
    ).order_by("id")
    return hours_of(rows.distinct(), now)


def service_locations(service: Service, now: datetime | None = None) -> list[Location]:
    """The service's locations with their addresses, opening hours (`hours`, as
    service_hours), and as columns `access_notes` (accessibility) and `language_names`
    (languages spoken there)."""
    notes = Accessibility.objects.filter(location=OuterRef("pk")).order_by("id")
    languages = Language.objects.filter(location=OuterRef("pk")).order_by("name", "id")
    locations = list(
        Location.objects.filter(agency_id=service.agency_id, services=service)
        .annotate(
            access_notes=ArraySubquery(
                notes.values(
                    text=Trim(
                        Concat("description", Value(" "), "details", output_field=TextField())
                    )
                )
            ),
            language_names=ArraySubquery(languages.values("name")),
        )
        .prefetch_related(
            "addresses",
            Prefetch("schedules", Schedule.objects.order_by("id"), to_attr="schedule_rows"),
        )
        .order_by("name", "id")
    )
    for location in locations:
        location.hours = hours_of(location.schedule_rows, now)
    return locations


def service_capacities(service: Service | None) -> list[ServiceCapacity]:
    """The service's capacities with their units (HSDS 3.1), in one query; none without a
    service."""
    if service is None:
        return []
    return list(service.capacities.select_related("unit").order_by("id"))


def service_extras(service: Service) -> dict[str, list]:
    """What HSDS adds beyond the core, for the service's page: fees, documents to bring,
    whom to ask (the service's contacts, else its organisation's) with their own phones
    (`phone_list`), further websites and capacity. Six queries."""
    contacts = list(
        with_phones(
            Contact.objects.filter(Q(service=service) | Q(organization_id=service.organization_id))
        )
    )
    own = [c for c in contacts if c.service_id == service.pk]
    return {
        "cost_options": list(service.cost_options.order_by("id")),
        "documents": list(service.required_documents.order_by("id")),
        "contacts": own or contacts,
        "urls": list(Url.objects.filter(service=service).order_by("id")),
        "capacities": service_capacities(service),
    }
