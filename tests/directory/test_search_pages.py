"""Directory search computes what a result row shows for the shown rows only (the page's ids
first, then their summary: directory.selectors.directory.DirectoryResults). These tests hold
it to the way it was done before, the summary on every match and the page cut from that: the
same services in the same order on every page, with the same phone, address, categories,
languages, capacity, open-now and hours, for text and filters alike."""

from __future__ import annotations

import random
from datetime import date, datetime, time
from decimal import Decimal

import pytest
from django.core.paginator import Paginator
from django.db.models import Exists, FloatField, OuterRef, Prefetch, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from directory.models import (
    Address,
    Category,
    Language,
    Location,
    Phone,
    Schedule,
    ServiceArea,
    ServiceAtLocation,
    ServiceCapacity,
    ServiceStatus,
    TaxonomyTerm,
    Unit,
)
from directory.selectors import directory as selectors
from directory.selectors.directory import (
    DirectoryQuery,
    _agency_ids,
    _matching_ids,
    _score,
    directory_search,
    open_schedules_at,
    services_for,
    speaks,
    with_summary,
)
from directory.services import directory as services
from tests.factories import OrganizationFactory, ServiceFactory

pytestmark = pytest.mark.django_db

PAGE = 7
WORDS = ["Housing", "Food", "Pantry", "Legal", "Therapy", "Clinic", "Shelter", "Youth"]


def _old_search(*, viewer, query: DirectoryQuery, now: datetime):
    """directory_search as it was: the summary on every match, filtered and ordered."""
    found = services_for(viewer=viewer)
    if not query.include_inactive:
        found = found.exclude(status=ServiceStatus.INACTIVE).exclude(status=ServiceStatus.DEFUNCT)
        found = found.filter(organization__is_active=True)
    if query.category:
        found = found.filter(
            Exists(Category.objects.filter(service_id=OuterRef("pk"), term_id=query.category))
        )
    if query.language:
        found = found.filter(speaks(query.language))
    if query.area:
        found = found.filter(
            Exists(ServiceArea.objects.filter(service_id=OuterRef("pk"), name=query.area))
        )
    if query.accepting:
        found = found.filter(accepting_referrals=True, status=ServiceStatus.ACTIVE)
    agency_ids = _agency_ids(viewer)
    if query.words:
        service_ids, organization_ids = _matching_ids(agency_ids, query)
        found = found.filter(Q(pk__in=service_ids) | Q(organization_id__in=organization_ids))
        found = found.annotate(
            match_score=Coalesce(_score(query), Value(0.0), output_field=FloatField())
        )
        order = ("-match_score", "name", "pk")
    else:
        order = ("name", "pk")
    found = with_summary(found, now=now, open_ids=open_schedules_at(agency_ids, now))
    if query.open_now:
        found = found.filter(open_now=True)
    hours = Prefetch("schedules", Schedule.objects.order_by("id"), to_attr="hours")
    return found.prefetch_related(hours).order_by(*order)


def _shown(service) -> tuple:
    return (
        service.pk,
        service.name,
        service.organization.name,
        service.phone,
        service.address,
        service.category_names,
        service.language_names,
        service.capacity_list,
        service.open_now,
        getattr(service, "match_score", None),
        [h.pk for h in service.hours],
    )


@pytest.fixture
def directory(agency):
    """Sixty services under twelve organisations, names sharing words (ties in the score),
    with phones of their own or their organisation's, addresses and hours at locations,
    weekly and monthly hours of their own, categories, languages, capacities, and some
    inactive, not accepting, or under an inactive organisation."""
    rng = random.Random(24)  # noqa: S311 - test data
    services.categories_ensure(agency=agency)
    terms = list(TaxonomyTerm.objects.filter(agency=agency)[:6])
    unit = Unit.objects.create(agency=agency, name="Bed")
    organizations = [
        OrganizationFactory(
            agency=agency, name=f"{rng.choice(WORDS)} Collaborative {i}", is_active=i != 11
        )
        for i in range(12)
    ]
    for i, organization in enumerate(organizations):
        if i % 3 == 0:
            Phone.objects.create(agency=agency, organization=organization, number=f"555-01{i:02d}")
        place = Location.objects.create(agency=agency, organization=organization, name=f"L{i}")
        Address.objects.create(
            agency=agency,
            location=place,
            address_1=f"{i} Main St",
            city="Harbor",
            state_province="WA",
            postal_code="98000",
        )
        Schedule.objects.create(
            agency=agency, location=place, byday="SA,SU", opens_at=time(10), closes_at=time(16)
        )
        Language.objects.create(agency=agency, location=place, code="vi", name="Vietnamese")
    for n in range(60):
        organization = organizations[n % 12]
        status = ServiceStatus.INACTIVE if n % 13 == 0 else ServiceStatus.ACTIVE
        service = ServiceFactory(
            organization=organization,
            name=f"{rng.choice(WORDS)} {rng.choice(WORDS)} Program",
            description=f"{rng.choice(WORDS)} help for {rng.choice(WORDS).lower()} needs.",
            status=status,
            accepting_referrals=n % 4 != 0,
        )
        if n % 2:
            place = organization.locations.first()
            ServiceAtLocation.objects.create(agency=agency, service=service, location=place)
        if n % 5:
            Phone.objects.create(agency=agency, service=service, number=f"555-1{n:03d}")
        for term in rng.sample(terms, rng.randint(0, 3)):
            Category.objects.create(agency=agency, service=service, term=term)
        if n % 3 == 0:
            Language.objects.create(agency=agency, service=service, code="es", name="Spanish")
        if n % 4 == 1:
            Schedule.objects.create(
                agency=agency, service=service, byday="MO,WE", opens_at=time(9), closes_at=time(17)
            )
        if n % 7 == 2:
            Schedule.objects.create(
                agency=agency,
                service=service,
                freq="MONTHLY",
                byday="1MO",
                dtstart=date(2024, 1, 1),
                opens_at=time(9),
                closes_at=time(12),
            )
        if n % 6 == 0:
            ServiceCapacity.objects.create(
                agency=agency,
                service=service,
                unit=unit,
                available=Decimal(n % 5),
                maximum=Decimal(10),
                updated=timezone.now(),
            )
    return terms


@pytest.mark.parametrize(
    "moment", [(2026, 2, 2, 10), (2026, 2, 7, 11)], ids=["first-monday", "saturday"]
)
@pytest.mark.parametrize(
    "params",
    [
        {},
        {"text": "housing"},
        {"text": "food pantry"},
        {"text": "housng"},
        {"text": "program"},
        {"text": "clinic", "open_now": True},
        {"open_now": True},
        {"language": "vi"},
        {"language": "es", "text": "legal"},
        {"accepting": True, "text": "youth therapy"},
        {"include_inactive": True},
        {"include_inactive": True, "text": "shelter"},
        {"category": 0},
    ],
)
def test_every_page_is_what_the_summary_over_every_match_showed(
    directory, case_manager, params, moment
):
    if "category" in params:
        params = {**params, "category": directory[0].pk}
    now = timezone.make_aware(datetime(*moment))
    query = DirectoryQuery(**params)
    old = Paginator(_old_search(viewer=case_manager, query=query, now=now), PAGE)
    new = Paginator(directory_search(viewer=case_manager, query=query, now=now), PAGE)

    assert new.count == old.count
    for number in old.page_range:
        before = [_shown(s) for s in old.page(number)]
        after = [_shown(s) for s in new.page(number)]
        assert after == before, f"page {number}"
    assert old.count > 0 or params.get("open_now")


def test_the_picker_reads_the_matches_without_their_summary(directory, case_manager):
    query = DirectoryQuery(text="housing")
    results = directory_search(viewer=case_manager, query=query)
    assert list(results.matches[:10].values_list("pk", flat=True)) == [s.pk for s in results[:10]]
    with pytest.raises(TypeError):
        results[0]


def test_a_page_reads_only_the_viewers_agency(directory, case_manager):
    """The page's rows come from the scoped matches: another agency's service of the same
    name is never on it."""
    ServiceFactory(name="Housing Housing Program", organization__name="Housing Collaborative 0")
    query = DirectoryQuery(text="housing")
    results = directory_search(viewer=case_manager, query=query)
    agencies = {s.agency_id for s in results[:100]}
    assert agencies == set(selectors._agency_ids(case_manager))


def _old_filter_options(viewer) -> selectors.FilterOptions:
    """filter_options_for as it was: DISTINCT over every language and area row."""
    agency_ids = _agency_ids(viewer)
    categories = list(selectors.terms_for(agency_ids=agency_ids).values_list("pk", "name"))
    languages = (
        Language.objects.filter(agency_id__in=agency_ids)
        .order_by("name", "code")
        .values_list("code", "name")
        .distinct()
    )
    seen: dict[str, str] = {}
    for code, name in languages:
        seen.setdefault(code, name)
    areas = list(
        ServiceArea.objects.filter(agency_id__in=agency_ids)
        .order_by("name")
        .values_list("name", flat=True)
        .distinct()
    )
    return selectors.FilterOptions(categories, sorted(seen.items(), key=lambda i: i[1]), areas)


def test_the_filter_lists_are_what_distinct_over_every_row_gave(
    directory, agency, case_manager, django_assert_num_queries
):
    """Languages skipped through their (agency, name, code) index and areas through their
    (agency, name) index: the same lists as DISTINCT over every row, including a code under
    two names (the first by name wins), names differing only in case or accents, repeats,
    and another agency's rows, which never show."""
    service = ServiceFactory(organization__agency=agency, name="Interpreting Program")
    for code, name in [
        ("es", "Español"),
        ("es", "spanish"),
        ("zh", "Mandarin"),
        ("zh", "Chinese"),
        ("", "Sign"),
        ("ase", "Sign"),
        ("vi", "Vietnamese"),
    ]:
        Language.objects.create(agency=agency, service=service, code=code, name=name)
    for name in ["North", "north", "Élan", "Eastside", "North", "Eastside", ""]:
        ServiceArea.objects.create(agency=agency, service=service, name=name)
    elsewhere = ServiceFactory(name="Elsewhere Program")
    assert elsewhere.agency_id != agency.pk
    Language.objects.create(agency=elsewhere.agency, service=elsewhere, code="fr", name="French")
    Language.objects.create(agency=elsewhere.agency, service=elsewhere, code="es", name="Aaa")
    ServiceArea.objects.create(agency=elsewhere.agency, service=elsewhere, name="Abroad")

    old = _old_filter_options(case_manager)
    with django_assert_num_queries(3):
        new = selectors.filter_options_for(viewer=case_manager)

    assert new == old
    assert ("es", "Español") in new.languages and "fr" not in dict(new.languages)
    assert "Abroad" not in new.areas and "North" in new.areas
