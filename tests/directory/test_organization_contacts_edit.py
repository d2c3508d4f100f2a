"""An admin edits an organisation's own contacts (each with its first phone) on their own
page: saved under the organisation's version, refused whole with the message at the row and
field, further phones from an import kept, and only by the agency's directory admins."""

from __future__ import annotations

import pytest
from django.urls import reverse

from casework.models import AuditEvent
from directory.models import Contact, Phone
from directory.selectors.contacts import organization_contact_rows
from directory.services.contacts import organization_contacts_update
from directory.services.errors import DirectoryRowError, StaleEntryError
from tests.directory.conftest import formset_data
from tests.factories import (
    AgencyFactory,
    MembershipFactory,
    OrganizationFactory,
    ServiceFactory,
    TeamFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def organization(agency):
    organization = OrganizationFactory(agency=agency, name="Harbor Housing Collaborative")
    contact = Contact.objects.create(
        agency=agency, organization=organization, name="Ana Ruiz", title="Intake"
    )
    Phone.objects.create(agency=agency, contact=contact, number="(415) 555-0101")
    return organization


def _url(organization) -> str:
    return reverse("directory:organization_contacts_edit", kwargs={"pk": organization.pk})


def _post(organization, *, contacts=(), version=None) -> dict:
    """The page as submitted: the current rows (as the page shows them) followed by `contacts`."""
    current = organization_contact_rows(organization=organization)
    data = {"version": organization.version if version is None else version}
    return data | formset_data("contacts", [*current, *contacts], initial=len(current))


def test_an_admin_adds_a_contact_with_a_phone(client, admin_user, organization):
    client.force_login(admin_user)
    assert 'value="Ana Ruiz"' in client.get(_url(organization)).content.decode()
    data = _post(
        organization,
        contacts=[{"name": " Bo Lee ", "department": "Outreach", "email": "bo@example.org",
                   "phone": "(415) 555-0199"}],
    )  # fmt: skip

    response = client.post(_url(organization), data)

    assert response.status_code == 302 and response.url == organization.get_absolute_url()
    bo = Contact.objects.get(organization=organization, name="Bo Lee")
    assert (bo.department, bo.email, bo.service_id) == ("Outreach", "bo@example.org", None)
    assert list(bo.phones.values_list("number", flat=True)) == ["(415) 555-0199"]
    organization.refresh_from_db()
    assert organization.version == 2
    event = AuditEvent.objects.get(action="directory.organization.contacts_changed")
    assert event.detail == {"contacts": 2}
    page = client.get(organization.get_absolute_url()).content.decode()
    assert '<a href="tel:4155550199">(415) 555-0199</a>' in page and "Ana Ruiz, Intake" in page


def test_editing_the_first_phone_keeps_the_further_phones_of_an_import(
    client, admin_user, organization
):
    contact = Contact.objects.get(organization=organization)
    first = contact.phones.get()
    second = Phone.objects.create(
        agency=organization.agency, contact=contact, number="(415) 555-0102", extension=7
    )
    data = _post(organization) | {"contacts-0-phone": "(415) 555-0111"}
    client.force_login(admin_user)

    assert client.post(_url(organization), data).status_code == 302

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.number == "(415) 555-0111"
    assert (second.number, second.extension) == ("(415) 555-0102", 7)
    assert contact.phones.count() == 2
    page = client.get(organization.get_absolute_url()).content.decode()
    assert '<a href="tel:4155550102,7">(415) 555-0102 ext. 7</a>' in page


def test_a_new_number_drops_the_extension_the_old_one_had(client, admin_user, organization):
    contact = Contact.objects.get(organization=organization)
    first = contact.phones.get()
    first.extension = 12
    first.save()
    client.force_login(admin_user)

    data = _post(organization) | {"contacts-0-phone": first.number}
    assert client.post(_url(organization), data).status_code == 302
    first.refresh_from_db()
    assert first.extension == 12  # the number unchanged: its extension stays

    organization.refresh_from_db()  # the save moved its version on
    data = _post(organization) | {"contacts-0-phone": "(415) 555-0111"}
    assert client.post(_url(organization), data).status_code == 302
    first.refresh_from_db()
    assert (first.number, first.extension) == ("(415) 555-0111", None)


def test_a_changed_contact_keeps_its_hsds_id_and_a_removed_one_goes(
    client, admin_user, organization
):
    ana = Contact.objects.get(organization=organization)
    Contact.objects.create(agency=organization.agency, organization=organization, name="Cy")
    data = _post(organization) | {"contacts-0-title": "Director", "contacts-1-DELETE": "on"}
    client.force_login(admin_user)

    assert client.post(_url(organization), data).status_code == 302

    [kept] = Contact.objects.filter(organization=organization)
    assert (kept.hsds_id, kept.title) == (ana.hsds_id, "Director")


@pytest.mark.parametrize(
    ("row", "field", "message"),
    [
        ({"phone": "555-0102"}, "name", "Give a name, a title, a department or an e-mail."),
        ({"name": "Bo", "email": "not an address"}, "email", "Enter a valid email address."),
    ],
)
def test_bad_input_is_refused_at_its_field_and_nothing_is_saved(
    client, admin_user, organization, row, field, message
):
    data = _post(organization, contacts=[{"name": "Cy Park"}, row])
    data["contacts-0-phone"] = "(415) 555-0000"  # an edit of a valid row, not saved either
    client.force_login(admin_user)

    response = client.post(_url(organization), data)

    assert response.status_code == 200
    assert response.context["forms"]["contacts"].forms[2].errors[field] == [message]
    body = response.content.decode()
    assert "is-invalid" in body and 'value="Cy Park"' in body  # the typed text stays
    assert list(Contact.objects.values_list("name", flat=True)) == ["Ana Ruiz"]
    assert list(Phone.objects.values_list("number", flat=True)) == ["(415) 555-0101"]
    organization.refresh_from_db()
    assert organization.version == 1
    assert not AuditEvent.objects.filter(action="directory.organization.contacts_changed")


def test_a_stale_page_is_refused_and_the_other_admins_change_stays(
    client, admin_user, organization
):
    opened = organization.version
    client.force_login(admin_user)
    edit = reverse("directory:organization_edit", kwargs={"pk": organization.pk})
    other = {"name": "Harbor Housing", "description": "Housing.", "version": opened}
    assert client.post(edit, other).status_code == 302

    response = client.post(
        _url(organization), _post(organization, version=opened, contacts=[{"name": "Bo"}])
    )

    assert response.status_code == 200
    assert "Someone else changed this entry" in response.content.decode()
    assert not Contact.objects.filter(name="Bo").exists()
    organization.refresh_from_db()
    assert organization.name == "Harbor Housing"


def test_the_service_checks_the_version(admin_user, organization):
    with pytest.raises(StaleEntryError):
        organization_contacts_update(
            organization_id=organization.pk, contacts=[], version=0, changed_by=admin_user
        )
    assert Contact.objects.filter(organization=organization).count() == 1


def test_the_service_refuses_a_contact_of_a_service(admin_user, organization, agency):
    service = ServiceFactory(organization=organization)
    theirs = Contact.objects.create(agency=agency, service=service, name="Desk")
    rows = [{"pk": theirs.pk, "name": "Mine now"}]

    with pytest.raises(DirectoryRowError) as refused:
        organization_contacts_update(
            organization_id=organization.pk,
            contacts=rows,
            version=organization.version,
            changed_by=admin_user,
        )

    assert (refused.value.rows, refused.value.index) == ("contacts", 0)
    theirs.refresh_from_db()
    assert (theirs.name, theirs.service_id) == ("Desk", service.pk)
    assert Contact.objects.filter(organization=organization).count() == 1


@pytest.mark.parametrize("role", ["case_manager", "supervisor", "compliance", "outsider"])
def test_staff_who_are_not_directory_admins_get_403(client, organization, role, request):
    client.force_login(request.getfixturevalue(role))
    assert client.get(_url(organization)).status_code == 403
    data = _post(organization, contacts=[{"name": "Bo"}])
    assert client.post(_url(organization), data).status_code == 403
    assert not Contact.objects.filter(name="Bo").exists()


def test_an_admin_of_another_agency_gets_404(client, organization):
    stranger = MembershipFactory(team=TeamFactory(agency=AgencyFactory()), role="admin").user
    client.force_login(stranger)
    assert client.get(_url(organization)).status_code == 404
    data = _post(organization, contacts=[{"name": "Bo"}])
    assert client.post(_url(organization), data).status_code == 404
    assert not Contact.objects.filter(name="Bo").exists()


def test_the_organisation_page_shows_contacts_to_all_and_links_the_editor_for_admins(
    client, admin_user, case_manager, organization
):
    client.force_login(case_manager)
    page = client.get(organization.get_absolute_url()).content.decode()
    assert '<a href="tel:4155550101">(415) 555-0101</a>' in page
    assert _url(organization) not in page
    client.force_login(admin_user)
    assert _url(organization) in client.get(organization.get_absolute_url()).content.decode()


@pytest.mark.parametrize("page", ["edit", "detail"])
def test_the_pages_cost_the_same_queries_for_few_or_many_contacts(
    client, admin_user, organization, page, django_assert_max_num_queries
):
    url = _url(organization) if page == "edit" else organization.get_absolute_url()
    client.force_login(admin_user)
    client.get(url)
    # Session, user, memberships; the organisation; the edit page: its contacts with their
    # first phone; the detail page: services, locations (none here, so no addresses), its
    # phones, contacts and their phones; the reminder badge; at most once a minute the
    # session's idle-time update (a savepoint pair and the update).
    with django_assert_max_num_queries(9 if page == "edit" else 13) as few:
        assert client.get(url).status_code == 200
    for n in range(5):
        contact = Contact.objects.create(
            agency=organization.agency, organization=organization, name=f"Staff {n}"
        )
        Phone.objects.create(agency=organization.agency, contact=contact, number=f"555-01{n}0")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert "Staff 4" in client.get(url).content.decode()
