"""An admin edits a service's contacts (with their phone), fees and documents on one page:
saved together under the service's version, refused whole with the message at the row and
field, and only by the agency's directory admins."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from casework.models import AuditEvent
from directory.models import Contact, CostOption, Phone, RequiredDocument
from directory.selectors.service_details import service_details_for
from directory.services.errors import DirectoryRowError, StaleEntryError
from directory.services.service_details import ServiceDetails, service_details_update
from tests.directory.conftest import formset_data
from tests.factories import AgencyFactory, MembershipFactory, ServiceFactory, TeamFactory

pytestmark = pytest.mark.django_db

_EMPTY = {"pk": None}


@pytest.fixture
def service(agency):
    service = ServiceFactory(organization__agency=agency, name="Housing Navigation")
    contact = Contact.objects.create(agency=agency, service=service, name="Ana Ruiz")
    Phone.objects.create(agency=agency, contact=contact, number="(415) 555-0101")
    CostOption.objects.create(
        agency=agency, service=service, option="Deposit", amount=25, currency="USD"
    )
    RequiredDocument.objects.create(agency=agency, service=service, document="Photo ID")
    return service


def _url(service) -> str:
    return reverse("directory:service_details_edit", kwargs={"pk": service.pk})


def _post(service, *, contacts=(), fees=(), documents=(), version=None) -> dict:
    """The page as submitted: the current rows (as the page shows them) followed by `…`."""
    current = service_details_for(service=service)
    data = {"version": service.version if version is None else version}
    for prefix, rows, extra in (
        ("contacts", current.contacts, contacts),
        ("fees", current.cost_options, fees),
        ("documents", current.documents, documents),
    ):
        data |= formset_data(prefix, [*rows, *extra], initial=len(rows))
    return data


def test_an_admin_adds_a_contact_with_a_phone_a_fee_and_a_document(client, admin_user, service):
    client.force_login(admin_user)
    assert 'value="Ana Ruiz"' in client.get(_url(service)).content.decode()
    data = _post(
        service,
        contacts=[{"name": "", "title": "Front desk", "phone": "(415) 555-0199"}],
        fees=[{"option": "Late fee", "amount": "5", "currency": "usd"}],
        documents=[{"document": "Proof of address", "uri": "example.org/address"}],
    )

    response = client.post(_url(service), data)

    assert response.status_code == 302 and response.url == service.get_absolute_url()
    desk = Contact.objects.get(service=service, title="Front desk")
    assert list(desk.phones.values_list("number", flat=True)) == ["(415) 555-0199"]
    assert service.cost_options.get(option="Late fee").currency == "USD"
    uri = service.required_documents.get(document="Proof of address").uri
    assert uri == "https://example.org/address"
    service.refresh_from_db()
    assert service.version == 2
    event = AuditEvent.objects.get(action="directory.service.details_changed")
    assert event.detail == {"contacts": 2, "cost_options": 2, "documents": 2}
    page = client.get(service.get_absolute_url()).content.decode()
    assert '<a href="tel:4155550199">(415) 555-0199</a>' in page and "Late fee" in page


def test_changed_rows_keep_their_hsds_id_and_removed_rows_go(client, admin_user, service):
    contact = Contact.objects.get(service=service)
    fee = CostOption.objects.get(service=service)
    data = _post(service)
    data |= {"contacts-0-title": "Intake", "contacts-0-phone": "", "fees-0-DELETE": "on"}
    client.force_login(admin_user)

    assert client.post(_url(service), data).status_code == 302

    edited = Contact.objects.get(service=service)
    assert (edited.hsds_id, edited.title) == (contact.hsds_id, "Intake")
    assert not edited.phones.exists()
    assert not CostOption.objects.filter(pk=fee.pk).exists()
    assert service.required_documents.count() == 1


@pytest.mark.parametrize(
    ("fee", "field", "message"),
    [
        ({"option": "Deposit", "amount": "-1", "currency": "USD"}, "amount", "negative"),
        ({"option": "Sliding", "amount": "3", "currency": "dollars"}, "currency", "Ensure"),
        ({"option": "T", "valid_from": "2027-02-01", "valid_to": "2027-01-01"}, "valid_to", "end"),
        ({"amount": "3", "currency": ""}, "currency", "currency of the amount"),
    ],
)  # fmt: skip
def test_a_bad_fee_is_refused_at_its_field_and_nothing_is_saved(
    client, admin_user, service, fee, field, message
):
    data = _post(
        service,
        contacts=[{"name": "Bo Lee", "phone": "555-0102"}],  # valid, but must not be saved
        fees=[fee],
        documents=[{"document": "Lease"}],
    )
    data["documents-0-document"] = "Passport"  # an edit of a valid row, not saved either
    client.force_login(admin_user)

    response = client.post(_url(service), data)

    assert response.status_code == 200
    form = response.context["forms"]["cost_options"].forms[1]
    assert message in " ".join(form.errors[field])
    body = response.content.decode()
    assert "is-invalid" in body and 'value="Bo Lee"' in body  # the typed text stays
    assert not Contact.objects.filter(name="Bo Lee").exists()
    assert list(service.required_documents.values_list("document", flat=True)) == ["Photo ID"]
    assert service.cost_options.count() == 1
    assert not AuditEvent.objects.filter(action="directory.service.details_changed").exists()


def test_a_contact_with_only_a_phone_and_a_bad_email_are_refused_at_their_fields(
    client, admin_user, service
):
    client.force_login(admin_user)
    data = _post(service, contacts=[{"phone": "555-0102"}])
    response = client.post(_url(service), data)
    assert response.context["forms"]["contacts"].forms[1].errors["name"] == [
        "Give a name, a title, a department or an e-mail."
    ]
    data = _post(service, contacts=[{"name": "Bo", "email": "not an address"}])
    response = client.post(_url(service), data)
    assert response.context["forms"]["contacts"].forms[1].errors["email"]
    assert Contact.objects.filter(service=service).count() == 1
    assert not Phone.objects.filter(number="555-0102").exists()


def test_a_stale_page_is_refused_and_the_other_admins_change_stays(client, admin_user, service):
    opened = service.version
    service_details_update(
        service_id=service.pk,
        details=service_details_for(service=service),
        version=opened,
        changed_by=admin_user,
    )
    client.force_login(admin_user)

    response = client.post(
        _url(service), _post(service, version=opened, documents=[{"document": "Lease"}])
    )

    assert response.status_code == 200
    assert "Someone else changed this entry" in response.content.decode()
    assert not service.required_documents.filter(document="Lease").exists()


def test_the_service_refuses_a_row_of_another_service(admin_user, service, agency):
    other = ServiceFactory(organization__agency=agency)
    foreign = RequiredDocument.objects.create(agency=agency, service=other, document="Visa")
    details = ServiceDetails(documents=[{"pk": foreign.pk, "document": "Mine now", "uri": ""}])

    with pytest.raises(DirectoryRowError) as refused:
        service_details_update(
            service_id=service.pk, details=details, version=service.version, changed_by=admin_user
        )

    assert (refused.value.rows, refused.value.index) == ("documents", 0)
    foreign.refresh_from_db()
    assert foreign.document == "Visa" and service.required_documents.count() == 1


def test_the_service_checks_the_version(admin_user, service):
    with pytest.raises(StaleEntryError):
        service_details_update(
            service_id=service.pk, details=ServiceDetails(), version=0, changed_by=admin_user
        )
    assert service.cost_options.count() == 1


def test_a_fees_period_and_amount_are_kept_as_typed(admin_user, service):
    fee = {"pk": None, "option": "Term", "amount": Decimal("0"), "currency": "USD",
           "amount_description": "", "valid_from": date(2027, 1, 1),
           "valid_to": date(2027, 6, 30)}  # fmt: skip
    details = service_details_for(service=service)
    details.cost_options.append(fee)
    service_details_update(
        service_id=service.pk, details=details, version=service.version, changed_by=admin_user
    )
    saved = service.cost_options.get(option="Term")
    assert (saved.amount, saved.valid_to) == (Decimal("0"), date(2027, 6, 30))


@pytest.mark.parametrize("role", ["case_manager", "supervisor", "compliance", "outsider"])
def test_staff_who_are_not_directory_admins_get_403(client, service, role, request):
    client.force_login(request.getfixturevalue(role))
    assert client.get(_url(service)).status_code == 403
    data = _post(service, documents=[{"document": "Lease"}])
    assert client.post(_url(service), data).status_code == 403
    assert not service.required_documents.filter(document="Lease").exists()


def test_an_admin_of_another_agency_gets_404(client, service):
    stranger = MembershipFactory(team=TeamFactory(agency=AgencyFactory()), role="admin").user
    client.force_login(stranger)
    assert client.get(_url(service)).status_code == 404
    assert client.post(_url(service), _post(service)).status_code == 404


def test_the_service_page_links_the_editor_for_admins_only(
    client, admin_user, case_manager, service
):
    client.force_login(case_manager)
    assert _url(service) not in client.get(service.get_absolute_url()).content.decode()
    client.force_login(admin_user)
    assert _url(service) in client.get(service.get_absolute_url()).content.decode()


def test_the_page_costs_the_same_queries_for_few_or_many_rows(
    client, admin_user, service, django_assert_max_num_queries
):
    client.force_login(admin_user)
    client.get(_url(service))
    # Session, user, memberships; the service with its organisation; its contacts with their
    # first phone; fees; documents; the reminder badge; at most once a minute the session's
    # idle-time update (a savepoint pair and the update).
    with django_assert_max_num_queries(11) as few:
        assert client.get(_url(service)).status_code == 200
    for n in range(5):
        Contact.objects.create(agency=service.agency, service=service, name=f"Staff {n}")
        RequiredDocument.objects.create(agency=service.agency, service=service, document=f"P{n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert "Staff 4" in client.get(_url(service)).content.decode()
