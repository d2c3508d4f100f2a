"""The directory's pages: search for every role, admin editing with optimistic locking,
deactivation, verification, the 12-month list and reminder, import/export pages, agency
scoping and query budgets."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime, time, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from casework import reminders
from casework.models import AuditEvent, Reminder
from directory.models import (
    Address,
    Category,
    Language,
    Location,
    Organization,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceStatus,
    TaxonomyTerm,
)
from directory.reminders import UNVERIFIED_SERVICE
from directory.selectors.directory import DirectoryQuery, directory_search
from directory.services import directory as services
from tests.factories import (
    AgencyFactory,
    MembershipFactory,
    OrganizationFactory,
    ServiceFactory,
    TeamFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def housing(agency):
    services.categories_ensure(agency=agency)
    organization = OrganizationFactory(agency=agency, name="Harbor Housing Collaborative")
    service = ServiceFactory(
        organization=organization,
        name="Housing Navigation",
        description="A navigator helps people find apartments and pay deposits.",
    )
    term = TaxonomyTerm.objects.get(agency=agency, code="housing")
    Category.objects.create(agency=agency, service=service, term=term)
    Language.objects.create(agency=agency, service=service, code="es", name="Spanish")
    ServiceArea.objects.create(agency=agency, service=service, name="Harbor District")
    Schedule.objects.create(
        agency=agency, service=service, byday="MO,TU,WE,TH,FR", opens_at=time(9), closes_at=time(17)
    )
    return service


def _search(client, **params):
    response = client.get(reverse("directory:search"), params)
    assert response.status_code == 200
    return [s.name for s in response.context["page"]]


@pytest.mark.parametrize("role", ["case_manager", "supervisor", "compliance", "admin_user"])
def test_every_staff_role_finds_a_service_despite_a_typo(client, housing, role, request):
    client.force_login(request.getfixturevalue(role))
    assert _search(client, q="housng") == ["Housing Navigation"]


def test_full_text_covers_descriptions_and_organisation_names(client, case_manager, housing):
    client.force_login(case_manager)
    ServiceFactory(organization__agency=housing.agency, name="Food Pantry")
    assert _search(client, q="apartment") == ["Housing Navigation"]
    assert _search(client, q="collaborative") == ["Housing Navigation"]
    assert _search(client, q="pantry") == ["Food Pantry"]


def test_filters_narrow_the_results(client, case_manager, housing):
    client.force_login(case_manager)
    other = ServiceFactory(organization__agency=housing.agency, name="Food Pantry")
    housing_term = TaxonomyTerm.objects.get(agency=housing.agency, code="housing")

    assert _search(client, category=housing_term.pk) == ["Housing Navigation"]
    assert _search(client, language="es") == ["Housing Navigation"]
    assert _search(client, area="Harbor District") == ["Housing Navigation"]
    other.accepting_referrals = False
    other.save()
    assert _search(client, accepting="on") == ["Housing Navigation"]


def test_open_now_follows_the_weekly_schedule(case_manager, housing):
    tz = timezone.get_current_timezone()
    monday_noon = datetime(2026, 11, 30, 12, 0, tzinfo=tz)
    sunday_noon = datetime(2026, 11, 29, 12, 0, tzinfo=tz)
    query = DirectoryQuery(open_now=True)

    assert list(directory_search(viewer=case_manager, query=query, now=monday_noon)) == [housing]
    assert not directory_search(viewer=case_manager, query=query, now=sunday_noon).exists()


def _drop_in(agency, organization, *, own_hours: bool):
    """A service offered at a centre open at weekends, with or without hours of its own."""
    service = ServiceFactory(organization=organization, name="Weekend Drop-in")
    centre = Location.objects.create(agency=agency, organization=organization, name="Centre")
    ServiceAtLocation.objects.create(agency=agency, service=service, location=centre)
    Schedule.objects.create(
        agency=agency, location=centre, byday="SA,SU", opens_at=time(10), closes_at=time(16)
    )
    Language.objects.create(agency=agency, location=centre, code="vi", name="Vietnamese")
    if own_hours:
        Schedule.objects.create(
            agency=agency, service=service, byday="MO", opens_at=time(9), closes_at=time(12)
        )
    return service


def test_a_service_without_hours_of_its_own_is_open_when_its_location_is(case_manager, housing):
    tz = timezone.get_current_timezone()
    sunday_noon = datetime(2026, 11, 29, 12, 0, tzinfo=tz)
    drop_in = _drop_in(housing.agency, housing.organization, own_hours=False)
    query = DirectoryQuery(open_now=True)

    assert list(directory_search(viewer=case_manager, query=query, now=sunday_noon)) == [drop_in]
    rows = directory_search(viewer=case_manager, query=DirectoryQuery(), now=sunday_noon)
    assert {s.name: s.open_now for s in rows} == {"Housing Navigation": False, drop_in.name: True}


def test_a_services_own_hours_come_before_its_locations(case_manager, housing):
    tz = timezone.get_current_timezone()
    sunday_noon = datetime(2026, 11, 29, 12, 0, tzinfo=tz)
    monday_ten = datetime(2026, 11, 30, 10, 0, tzinfo=tz)
    drop_in = _drop_in(housing.agency, housing.organization, own_hours=True)
    query = DirectoryQuery(open_now=True)

    assert not directory_search(viewer=case_manager, query=query, now=sunday_noon).exists()
    assert drop_in in directory_search(viewer=case_manager, query=query, now=monday_ten)


def test_the_language_filter_reads_the_languages_spoken_at_a_services_locations(
    client, case_manager, housing
):
    _drop_in(housing.agency, housing.organization, own_hours=False)
    client.force_login(case_manager)

    assert _search(client, language="vi") == ["Weekend Drop-in"]
    assert _search(client, language="es") == ["Housing Navigation"]
    page = client.get(reverse("directory:search")).content.decode()
    assert '<option value="vi">Vietnamese</option>' in page


def test_another_agencys_entries_are_404_and_never_listed(client, case_manager, admin_user):
    elsewhere = ServiceFactory(name="Housing Elsewhere", organization__agency=AgencyFactory())
    for user in (case_manager, admin_user):
        client.force_login(user)
        assert _search(client, q="housing") == []
        detail = reverse("directory:service_detail", kwargs={"pk": elsewhere.pk})
        assert client.get(detail).status_code == 404
        edit = reverse("directory:service_edit", kwargs={"pk": elsewhere.pk})
        assert client.post(edit, {"name": "Taken over"}).status_code == 404
        org = reverse("directory:organization_detail", kwargs={"pk": elsewhere.organization_id})
        assert client.get(org).status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.name == "Housing Elsewhere"


def test_a_member_of_no_team_may_not_read_the_directory(client, housing):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    assert client.get(reverse("directory:search")).status_code == 403


def _service_post(service=None, **overrides):
    data = {
        "name": "Tenant Rights Clinic",
        "description": "Advice for tenants facing eviction.",
        "status": "active",
        "accepting_referrals": "on",
        "phone": "(415) 555-0142",
        "languages": ["es", "vi"],
        "areas": "Harbor District, Eastside",
        "mo_opens": "09:00",
        "mo_closes": "17:00",
        "we_opens": "13:00",
        "we_closes": "19:00",
    }
    if service is not None:
        data["version"] = service.version
    return data | overrides


def test_an_admin_adds_a_service_with_its_links(client, admin_user, agency):
    organization = OrganizationFactory(agency=agency)
    client.force_login(admin_user)
    url = reverse("directory:service_create", kwargs={"organization_id": organization.pk})
    client.get(url)  # the form gives the agency its standard categories
    legal = TaxonomyTerm.objects.get(agency=agency, code="legal-aid")

    response = client.post(url, _service_post(categories=[legal.pk]))

    service = Service.objects.get(name="Tenant Rights Clinic")
    assert response.status_code == 302 and response.url == service.get_absolute_url()
    links = services.service_links(service)
    assert links.categories == [legal.pk]
    assert links.languages == ["es", "vi"]
    assert links.areas == ["Eastside", "Harbor District"]
    assert links.phone == "(415) 555-0142"
    assert links.hours == {"MO": (time(9), time(17)), "WE": (time(13), time(19))}
    assert AuditEvent.objects.filter(action="directory.service.created").count() == 1


def test_a_closing_time_before_opening_is_refused_on_its_field(client, admin_user, housing):
    client.force_login(admin_user)
    url = reverse("directory:service_edit", kwargs={"pk": housing.pk})
    response = client.post(url, _service_post(housing, mo_opens="17:00", mo_closes="09:00"))
    assert response.status_code == 200
    assert response.context["form"].errors["mo_closes"]


def test_the_second_of_two_admins_editing_is_refused_and_keeps_their_text(
    client, admin_user, housing
):
    client.force_login(admin_user)
    url = reverse("directory:service_edit", kwargs={"pk": housing.pk})
    opened_at = housing.version
    services.service_update(
        service_id=housing.pk,
        details={f: getattr(housing, f) for f in services.SERVICE_FIELDS} | {"name": "First"},
        links=services.service_links(housing),
        version=opened_at,
        changed_by=admin_user,
    )

    response = client.post(url, _service_post(housing, name="Second", version=opened_at))

    assert response.status_code == 200
    assert "Someone else changed this entry" in response.content.decode()
    assert response.context["form"]["name"].value() == "Second"
    housing.refresh_from_db()
    assert housing.name == "First"


def test_non_admins_cannot_edit(client, case_manager, housing):
    client.force_login(case_manager)
    url = reverse("directory:service_edit", kwargs={"pk": housing.pk})
    assert client.post(url, _service_post(housing)).status_code == 403
    verify = reverse("directory:service_verify", kwargs={"pk": housing.pk})
    assert client.post(verify).status_code == 403


def test_a_deactivated_service_leaves_search_and_can_come_back(
    client, admin_user, case_manager, housing
):
    client.force_login(admin_user)
    client.post(reverse("directory:service_deactivate", kwargs={"pk": housing.pk}))
    housing.refresh_from_db()
    assert housing.status == ServiceStatus.INACTIVE

    client.force_login(case_manager)
    assert _search(client, q="housing") == []
    assert _search(client, q="housing", inactive="on") == ["Housing Navigation"]

    client.force_login(admin_user)
    client.post(reverse("directory:service_activate", kwargs={"pk": housing.pk}))
    housing.refresh_from_db()
    assert housing.status == ServiceStatus.ACTIVE


def test_a_deactivated_organisation_takes_its_services_out_of_search(
    client, admin_user, case_manager, housing
):
    client.force_login(admin_user)
    url = reverse("directory:organization_deactivate", kwargs={"pk": housing.organization_id})
    assert client.get(url).status_code == 200
    client.post(url)
    client.force_login(case_manager)
    assert _search(client, q="housing") == []
    assert Service.objects.filter(pk=housing.pk).exists()  # never deleted


def test_verifying_records_the_day_and_the_admin(client, admin_user, housing):
    housing.verified_on = timezone.localdate() - timedelta(days=500)
    housing.save()
    client.force_login(admin_user)
    unverified = reverse("directory:unverified")
    assert housing in client.get(unverified).context["page"]

    response = client.post(
        reverse("directory:service_verify", kwargs={"pk": housing.pk}), {"next": "unverified"}
    )

    assert response.url == unverified
    housing.refresh_from_db()
    assert housing.verified_on == timezone.localdate() and housing.verified_by == admin_user
    assert housing not in client.get(unverified).context["page"]


def test_verifying_an_organisation_records_the_day_the_admin_and_an_audit_event(
    client, admin_user, housing
):
    organization = housing.organization
    organization.verified_on = timezone.localdate() - timedelta(days=500)
    organization.save()
    version = organization.version
    client.force_login(admin_user)

    response = client.post(reverse("directory:organization_verify", kwargs={"pk": organization.pk}))

    assert response.status_code == 302
    organization.refresh_from_db()
    assert (organization.verified_on, organization.verified_by) == (
        timezone.localdate(),
        admin_user,
    )
    assert organization.assurer_email == admin_user.email
    assert organization.version == version + 1
    [event] = AuditEvent.objects.filter(action="directory.organization.verified")
    assert (event.actor, event.object_id) == (admin_user, str(organization.pk))


@pytest.mark.parametrize("role", ["case_manager", "compliance"])
def test_only_an_admin_verifies_an_organisation(client, request, role, housing):
    organization = housing.organization
    client.force_login(request.getfixturevalue(role))
    url = reverse("directory:organization_verify", kwargs={"pk": organization.pk})
    assert client.post(url).status_code in {403, 404}
    organization.refresh_from_db()
    assert organization.verified_by is None


def test_admins_are_reminded_of_entries_not_verified_for_a_year(admin_user, housing):
    housing.verified_on = timezone.localdate() - timedelta(days=366)
    housing.save()

    reminders.sweep(kinds=[UNVERIFIED_SERVICE])

    reminder = Reminder.objects.get(kind=UNVERIFIED_SERVICE)
    assert reminder.recipient == admin_user and reminder.object_id == housing.pk
    assert reminder.title == "Directory entry not verified for 12 months"

    services.service_verify(service_id=housing.pk, verified_by=admin_user)
    reminders.sweep(kinds=[UNVERIFIED_SERVICE])
    reminder.refresh_from_db()
    assert reminder.state == "resolved"


def test_an_agency_admin_without_a_team_is_reminded_too(admin_user, housing):
    from casework.models import AgencyStaff
    from tests.factories import UserFactory

    by_place = UserFactory()
    AgencyStaff.objects.create(agency=housing.agency, user=by_place, is_admin=True)
    AgencyStaff.objects.create(agency=housing.agency, user=admin_user, is_admin=True)
    housing.verified_on = timezone.localdate() - timedelta(days=366)
    housing.save()

    reminders.sweep(kinds=[UNVERIFIED_SERVICE])

    recipients = Reminder.objects.filter(kind=UNVERIFIED_SERVICE).values_list(
        "recipient", flat=True
    )
    assert sorted(recipients) == sorted([admin_user.pk, by_place.pk])  # each once


def test_an_admin_imports_a_package_page_and_sees_problems_by_line(client, admin_user, agency):
    client.force_login(admin_user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("organizations.csv", "id,name,description\nnot-a-uuid,A,B\n")
    upload = SimpleUploadedFile("package.zip", buffer.getvalue(), "application/zip")

    response = client.post(reverse("directory:import"), {"package": upload})

    assert response.status_code == 200
    body = response.content.decode()
    assert "Nothing was imported" in body and "organizations.csv" in body
    [problem] = response.context["report"].problems
    assert (problem.line, problem.field) == (2, "id")


def test_an_admin_exports_and_the_export_is_audited(client, admin_user, housing):
    client.force_login(admin_user)
    response = client.post(reverse("directory:export"), {"format": "csv"})
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert "services.csv" in names and "datapackage.json" in names
    assert AuditEvent.objects.filter(action="directory.package.exported").count() == 1


def test_the_search_page_costs_the_same_queries_for_few_or_many_results(
    client, case_manager, housing, django_assert_max_num_queries
):
    client.force_login(case_manager)
    client.get(reverse("directory:search"))  # warm the session
    # Session, user, memberships; three filter option lists; the matching ids (threshold,
    # service ids, organisation ids, in a transaction: a savepoint pair here); count; the page
    # (each row's organisation, phone, address, categories, languages, capacity and open-now
    # are columns of it); the schedules SQL cannot decide (monthly, fortnightly ...); the
    # page's rows' hours; the navigation's reminder badge; the session's idle-time update (a
    # savepoint pair and the update).
    with django_assert_max_num_queries(17) as few:
        _search(client, q="housing")
    for n in range(25):
        ServiceFactory(organization=housing.organization, name=f"Housing Program {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(_search(client, q="housing")) == 20


def test_the_detail_page_has_a_fixed_query_budget(
    client, case_manager, housing, django_assert_max_num_queries
):
    client.force_login(case_manager)
    url = reverse("directory:service_detail", kwargs={"pk": housing.pk})
    client.get(url)
    # Session, user, memberships; the schedules SQL cannot decide; the service with its
    # summary and areas; its hours; locations, their addresses, their hours; fees;
    # documents; contacts; further websites; capacities; the reminder badge; the
    # session's idle-time update (a savepoint pair and the update).
    with django_assert_max_num_queries(13):
        assert client.get(url).status_code == 200


def test_the_directory_is_in_every_roles_navigation(client, case_manager, compliance, admin_user):
    for user in (case_manager, compliance, admin_user):
        client.force_login(user)
        assert 'href="/directory/"' in client.get(reverse("dashboard")).content.decode()


def test_an_admin_of_another_agency_is_not_an_admin_here(client, housing):
    team = TeamFactory(agency=AgencyFactory())
    stranger = MembershipFactory(team=team, role="admin").user
    client.force_login(stranger)
    url = reverse("directory:service_edit", kwargs={"pk": housing.pk})
    assert client.get(url).status_code == 404


def test_an_admin_adds_an_organisation_and_a_location_offering_its_service(
    client, admin_user, agency
):
    client.force_login(admin_user)
    response = client.post(
        reverse("directory:organization_create"),
        {"name": "Eastside Food Bank", "description": "Groceries every week."},
    )
    organization = Organization.objects.get(name="Eastside Food Bank")
    assert organization.agency == agency and organization.verified_by == admin_user
    assert response.url == organization.get_absolute_url()
    pantry = ServiceFactory(organization=organization, name="Weekly Pantry")

    response = client.post(
        reverse("directory:location_create", kwargs={"organization_id": organization.pk}),
        {
            "name": "Alder Avenue warehouse",
            "location_type": "physical",
            "address_1": "2250 Alder Avenue",
            "city": "Bayview",
            "state_province": "CA",
            "postal_code": "94907",
            "services": [pantry.pk],
        },
    )

    assert response.status_code == 302
    address = Address.objects.get(location__organization=organization)
    assert address.city == "Bayview" and address.agency == agency
    assert ServiceAtLocation.objects.filter(service=pantry).count() == 1
    assert _search_row(client, pantry).address == "2250 Alder Avenue, Bayview"


def _search_row(client, service):
    response = client.get(reverse("directory:search"), {"q": service.name})
    return next(s for s in response.context["page"] if s.pk == service.pk)


def test_a_half_address_is_refused_on_its_field(client, admin_user, housing):
    client.force_login(admin_user)
    url = reverse("directory:location_create", kwargs={"organization_id": housing.organization_id})
    response = client.post(
        url, {"name": "Office", "location_type": "physical", "address_1": "1 Main"}
    )
    assert response.status_code == 200 and response.context["form"].errors["city"]


def test_a_stale_organisation_edit_is_refused(client, admin_user, housing):
    organization = housing.organization
    client.force_login(admin_user)
    url = reverse("directory:organization_edit", kwargs={"pk": organization.pk})
    data = {"name": "Mine", "description": "Mine", "version": organization.version}
    services.organization_update(
        organization_id=organization.pk,
        details={"name": "Theirs", "description": "Theirs", "email": "", "website": ""},
        version=organization.version,
        changed_by=admin_user,
    )
    response = client.post(url, data)
    assert response.status_code == 200 and "Someone else changed" in response.content.decode()
    organization.refresh_from_db()
    assert organization.name == "Theirs"


def test_exports_are_rate_limited(client, admin_user, housing, settings):
    from directory.hsds import exporter

    client.force_login(admin_user)
    for _ in range(exporter.EXPORTS_PER_HOUR):
        assert client.post(reverse("directory:export"), {"format": "json"}).status_code == 200
    response = client.post(reverse("directory:export"), {"format": "json"})
    assert "limit of exports" in response.content.decode()
    assert response["Content-Type"].startswith("text/html")


def test_the_service_page_shows_fees_documents_contacts_and_access(
    client, case_manager, housing, django_assert_max_num_queries
):
    from directory.models import Accessibility, Contact, CostOption, Location, RequiredDocument

    agency = housing.agency
    location = Location.objects.create(
        agency=agency, organization=housing.organization, name="Wharf office"
    )
    ServiceAtLocation.objects.create(agency=agency, service=housing, location=location)
    Accessibility.objects.create(agency=agency, location=location, description="Step-free")
    CostOption.objects.create(
        agency=agency, service=housing, option="Deposit", amount=25, currency="USD"
    )
    RequiredDocument.objects.create(agency=agency, service=housing, document="Photo ID")
    Contact.objects.create(
        agency=agency, organization=housing.organization, name="Ana Ruiz", title="Intake"
    )
    client.force_login(case_manager)
    url = reverse("directory:service_detail", kwargs={"pk": housing.pk})
    client.get(url)
    # Session, user, memberships; the service with its summary and areas; schedules;
    # locations with their accessibility and languages, their addresses, their hours; fees;
    # documents; contacts, their phones; the navigation's reminder badge; the session's
    # idle-time update (a savepoint pair and the update).
    with django_assert_max_num_queries(16) as budget:
        body = client.get(url).content.decode()
    for text in ("Deposit: 25.00 USD", "Photo ID", "Ana Ruiz, Intake", "Access: Step-free"):
        assert text in body, text
    for n in range(5):
        CostOption.objects.create(agency=agency, service=housing, option=f"Fee {n}")
        RequiredDocument.objects.create(agency=agency, service=housing, document=f"Paper {n}")
        Contact.objects.create(agency=agency, service=housing, name=f"Staff {n}")
    with django_assert_max_num_queries(len(budget.captured_queries)):
        body = client.get(url).content.decode()
    assert "Staff 4" in body and "Ana Ruiz" not in body  # the service's own contacts first


def test_the_service_page_shows_hours_and_languages_per_location_and_contact_phones(
    client, case_manager, housing, django_assert_max_num_queries
):
    from directory.models import Contact, Location, Phone

    agency = housing.agency
    wharf, annex = (
        Location.objects.create(agency=agency, organization=housing.organization, name=name)
        for name in ("Wharf office", "Annex")
    )
    for location in (wharf, annex):
        ServiceAtLocation.objects.create(agency=agency, service=housing, location=location)
    Schedule.objects.create(
        agency=agency, location=wharf, byday="MO,TU,WE,TH,FR", opens_at=time(8), closes_at=time(12)
    )
    Schedule.objects.create(
        agency=agency, location=wharf, byday="SA", opens_at=time(10), closes_at=time(14),
        description="Drop-in only",
    )  # fmt: skip
    Language.objects.create(agency=agency, location=wharf, code="vi", name="Vietnamese")
    Language.objects.create(agency=agency, location=wharf, code="tl", name="Tagalog")
    ana = Contact.objects.create(agency=agency, service=housing, name="Ana Ruiz", title="Intake")
    Phone.objects.create(agency=agency, contact=ana, number="(415) 555-0142", extension="12")
    client.force_login(case_manager)
    url = reverse("directory:service_detail", kwargs={"pk": housing.pk})
    client.get(url)

    # As above: the locations' hours and the contacts' phones are one query each.
    with django_assert_max_num_queries(16) as budget:
        body = client.get(url).content.decode()

    wharf_part = body[body.index("Wharf office") :]
    assert "Mon–Fri" in wharf_part and "08:00–12:00" in wharf_part
    assert "Sat" in wharf_part and "Drop-in only" in wharf_part
    assert "Tagalog, Vietnamese" in wharf_part
    annex_part = body[body.index("<strong>Annex") : body.index("Wharf office")]
    assert "Opening hours here" not in annex_part and "Languages spoken here" not in annex_part
    assert '<a href="tel:4155550142,12">(415) 555-0142 ext. 12</a>' in body
    # Both locations' hours still come in one query.
    Schedule.objects.create(
        agency=agency, location=annex, byday="MO", opens_at=time(9), closes_at=time(11)
    )
    Phone.objects.create(agency=agency, contact=ana, number="(415) 555-0143")
    with django_assert_max_num_queries(len(budget.captured_queries)):
        body = client.get(url).content.decode()
    assert '<a href="tel:4155550143">' in body


def test_reactivating_an_organisation_brings_its_services_back_to_search(
    client, admin_user, case_manager, housing
):
    client.force_login(admin_user)
    organization_id = housing.organization_id
    client.post(reverse("directory:organization_deactivate", kwargs={"pk": organization_id}))
    client.force_login(case_manager)
    assert _search(client, q="housing") == []
    client.force_login(admin_user)
    url = reverse("directory:organization_activate", kwargs={"pk": organization_id})
    assert client.post(url).status_code == 302
    client.force_login(case_manager)
    assert _search(client, q="housing") == [housing.name]


def test_editing_a_location_changes_its_address_and_the_services_offered_there(
    client, admin_user, agency
):
    client.force_login(admin_user)
    client.post(
        reverse("directory:organization_create"),
        {"name": "Eastside Food Bank", "description": "Groceries every week."},
    )
    organization = Organization.objects.get(name="Eastside Food Bank")
    pantry = ServiceFactory(organization=organization, name="Weekly Pantry")
    meals = ServiceFactory(organization=organization, name="Hot Meals")
    place = {
        "name": "Alder Avenue warehouse",
        "location_type": "physical",
        "address_1": "2250 Alder Avenue",
        "city": "Bayview",
        "state_province": "CA",
        "postal_code": "94907",
        "services": [pantry.pk],
    }
    client.post(
        reverse("directory:location_create", kwargs={"organization_id": organization.pk}), place
    )
    location = Location.objects.get(organization=organization)
    location.refresh_from_db()
    url = reverse("directory:location_edit", kwargs={"pk": location.pk})
    changed = {**place, "address_1": "90 Birch Street", "services": [meals.pk],
               "version": getattr(location, "version", 0)}  # fmt: skip
    assert client.post(url, changed).status_code == 302
    assert Address.objects.get(location=location).address_1 == "90 Birch Street"
    offered = ServiceAtLocation.objects.filter(location=location)
    assert list(offered.values_list("service_id", flat=True)) == [meals.pk]
    assert _search_row(client, meals).address == "90 Birch Street, Bayview"
