"""Linking an outside provider to the service directory: the picker (served by the directory
app), the check on save through `clients.directory` (which asks `directory` directly; clients
never imports referrals), and the linked entry shown on the record."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.urls import reverse

from clients import directory
from clients.models import CareProvider, ProviderKind
from clients.services import careteam as services
from clients.services.errors import ClientRecordError
from tests.factories import (
    AgencyFactory,
    CareProviderFactory,
    OrganizationFactory,
    ServiceFactory,
)
from tests.shared_rows import seed_demo_with

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def clinic(agency):
    from directory.models import Phone

    organization = OrganizationFactory(agency=agency, name="Harbor Community Clinic")
    Phone.objects.create(agency=agency, organization=organization, number="555-0300")
    ServiceFactory(organization=organization, agency=agency, name="Psychiatric Medication Clinic")
    return organization


def _details(**overrides):
    details = {
        "kind": ProviderKind.PSYCHIATRIST,
        "name": "Dr. Rosa Prescott",
        "organization_name": "",
        "directory_organization_id": None,
        "role": "",
        "phone": "",
        "email": "",
        "started_on": None,
    }
    return {**details, **overrides}


def test_clients_imports_nothing_from_referrals():
    offenders = []
    for path in sorted((ROOT / "clients").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] == "referrals"]
    assert offenders == []


# --- The hook -------------------------------------------------------------------------------


def test_the_directory_serves_the_lookup_and_the_picker(clinic):
    assert directory.search_url_name() == "directory:picker"
    entry = directory.entries(agency_id=clinic.agency_id, ids=[clinic.pk])[clinic.pk]
    assert (entry.name, entry.phone, entry.is_active) == (
        "Harbor Community Clinic",
        "555-0300",
        True,
    )
    assert entry.url == reverse("directory:organization_detail", args=[clinic.pk])


def test_the_lookup_finds_nothing_in_another_agency(clinic):
    other = AgencyFactory()
    assert directory.entries(agency_id=other.pk, ids=[clinic.pk]) == {}


# --- Saving a link --------------------------------------------------------------------------


def test_a_link_fills_the_empty_organisation_and_phone(case_manager, client_a, clinic):
    provider = services.care_provider_add(
        client_id=client_a.pk,
        details=_details(directory_organization_id=clinic.pk),
        added_by=case_manager,
    )
    assert provider.directory_organization_id == clinic.pk
    assert (provider.organization_name, provider.phone) == ("Harbor Community Clinic", "555-0300")


def test_a_link_keeps_what_was_typed(case_manager, client_a, clinic):
    provider = services.care_provider_add(
        client_id=client_a.pk,
        details=_details(
            directory_organization_id=clinic.pk, organization_name="Harbor Clinic", phone="555-9"
        ),
        added_by=case_manager,
    )
    assert (provider.organization_name, provider.phone) == ("Harbor Clinic", "555-9")


def test_a_link_alone_names_the_provider(case_manager, client_a, clinic):
    provider = services.care_provider_add(
        client_id=client_a.pk,
        details=_details(name="", kind=ProviderKind.PHARMACY, directory_organization_id=clinic.pk),
        added_by=case_manager,
    )
    assert provider.label == "Harbor Community Clinic"


@pytest.mark.parametrize("which", ["inactive", "other_agency", "missing"])
def test_a_link_must_be_an_active_entry_of_the_agency(case_manager, client_a, clinic, which):
    if which == "inactive":
        clinic.is_active = False
        clinic.save(update_fields=["is_active"])
        chosen = clinic.pk
    elif which == "other_agency":
        chosen = OrganizationFactory(agency=AgencyFactory()).pk
    else:
        chosen = clinic.pk + 1000
    with pytest.raises(ClientRecordError) as refused:
        services.care_provider_add(
            client_id=client_a.pk,
            details=_details(directory_organization_id=chosen),
            added_by=case_manager,
        )
    assert refused.value.field == "directory_organization_id"
    expected = "no longer active" if which == "inactive" else "not in your agency's directory"
    assert expected in refused.value.message
    assert not CareProvider.objects.filter(client=client_a).exists()


def test_a_link_made_before_the_entry_was_deactivated_survives_an_edit(
    case_manager, client_a, clinic
):
    provider = CareProviderFactory(client=client_a, directory_organization_id=clinic.pk)
    clinic.is_active = False
    clinic.save(update_fields=["is_active"])
    services.care_provider_update(
        client_id=client_a.pk,
        provider_id=provider.pk,
        details=_details(directory_organization_id=clinic.pk, phone="555-0111"),
        version=provider.version,
        changed_by=case_manager,
    )
    provider.refresh_from_db()
    assert provider.directory_organization_id == clinic.pk and provider.phone == "555-0111"


# --- The pages ------------------------------------------------------------------------------


def test_the_form_links_through_the_hidden_field(client, case_manager, client_a, clinic):
    client.force_login(case_manager)
    url = reverse("clients:provider_create", args=[client_a.pk])
    page = client.get(url).content.decode()
    assert reverse("directory:picker") in page and "directory-picker.js" in page
    response = client.post(
        url,
        {"kind": ProviderKind.PSYCHIATRIST, "name": "Dr. Rosa Prescott",
         "directory_organization_id": clinic.pk},
    )  # fmt: skip
    assert response.status_code == 302
    provider = CareProvider.objects.get(client=client_a)
    assert provider.directory_organization_id == clinic.pk
    edit = client.get(reverse("clients:provider_edit", args=[client_a.pk, provider.pk]))
    assert (
        "Linked to" in edit.content.decode() and clinic.get_absolute_url() in edit.content.decode()
    )


def test_the_form_shows_the_refusal_at_the_picker(client, case_manager, client_a, clinic):
    clinic.is_active = False
    clinic.save(update_fields=["is_active"])
    client.force_login(case_manager)
    response = client.post(
        reverse("clients:provider_create", args=[client_a.pk]),
        {
            "kind": ProviderKind.PSYCHIATRIST,
            "name": "Dr. X",
            "directory_organization_id": clinic.pk,
        },
    )
    assert response.status_code == 200
    assert "no longer active in the directory" in response.content.decode()
    assert not CareProvider.objects.filter(client=client_a).exists()


def test_the_record_links_to_the_directory_page(
    client, case_manager, client_a, clinic, django_assert_max_num_queries
):
    CareProviderFactory(client=client_a, directory_organization_id=clinic.pk)
    client.force_login(case_manager)
    url = reverse("clients:care_team", args=[client_a.pk])
    body = client.get(url).content.decode()
    assert f'href="{clinic.get_absolute_url()}"' in body and "In the directory" in body
    panel = client.get(reverse("clients:care_team_panel", args=[client_a.pk])).content.decode()
    assert clinic.get_absolute_url() in panel
    with django_assert_max_num_queries(16) as small:
        client.get(url)
    for n in range(6):
        other = OrganizationFactory(agency=client_a.agency, name=f"Pharmacy {n}")
        CareProviderFactory(client=client_a, directory_organization_id=other.pk)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


# --- The picker (directory.views.picker) ------------------------------------------------------


def test_the_picker_finds_organisations_by_service_or_name(client, case_manager, clinic):
    OrganizationFactory(agency=clinic.agency, name="County Probation Department")
    client.force_login(case_manager)
    url = reverse("directory:picker")
    by_service = client.get(url, {"q": "medication"}).content.decode()
    assert "Harbor Community Clinic" in by_service and f'data-id="{clinic.pk}"' in by_service
    assert 'data-phone="555-0300"' in by_service
    by_name = client.get(url, {"q": "probation"}).content.decode()
    assert "County Probation Department" in by_name and "Harbor" not in by_name
    assert "at least 2 letters" in client.get(url, {"q": "h"}).content.decode()


def test_the_picker_hides_inactive_and_other_agencies_entries(client, case_manager, clinic):
    OrganizationFactory(agency=AgencyFactory(), name="Harbor Elsewhere Clinic")
    OrganizationFactory(agency=clinic.agency, name="Harbor Closed Clinic", is_active=False)
    client.force_login(case_manager)
    body = client.get(reverse("directory:picker"), {"q": "harbor"}).content.decode()
    assert "Harbor Community Clinic" in body
    assert "Elsewhere" not in body and "Closed" not in body


def test_the_picker_costs_the_same_queries_whatever_matches(
    client, case_manager, clinic, django_assert_max_num_queries
):
    client.force_login(case_manager)
    url = reverse("directory:picker")
    client.get(url, {"q": "clinic"})
    # session, user, memberships (access), the search's settings and two id queries (in a
    # savepoint) and its page, the organisations by name, the organisations with their first
    # phone, the session's new expiry (in a savepoint).
    with django_assert_max_num_queries(14) as small:
        client.get(url, {"q": "clinic"})
    for n in range(12):
        ServiceFactory(organization__agency=clinic.agency, name=f"Clinic service {n}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        body = client.get(url, {"q": "clinic"}).content.decode()
    assert body.count("data-directory-pick") == 8


# --- Demo -----------------------------------------------------------------------------------


def test_the_demo_links_the_providers_the_directory_lists(demo_base):
    from clients.demo import seed_clients
    from clients.demo.appointments import link_demo_providers, seed_appointments
    from directory.demo import seed_directory
    from directory.models import Organization

    seeders = [seed_clients, seed_directory, seed_appointments,
               link_demo_providers]  # fmt: skip
    demo_base.seed(seeders)  # what seed_demo() gives with these seeders alone
    county = Organization.objects.get(name="Bayview County Behavioral Health")
    linked = CareProvider.objects.filter(kind=ProviderKind.PSYCHIATRIST)
    assert linked.exists()
    assert set(linked.values_list("directory_organization_id", flat=True)) == {county.pk}
    probation = CareProvider.objects.filter(kind=ProviderKind.PROBATION)
    assert probation.exists() and not probation.filter(directory_organization_id__isnull=False)
    before = list(CareProvider.objects.order_by("pk").values_list("directory_organization_id"))
    seed_demo_with(seeders)
    after = list(CareProvider.objects.order_by("pk").values_list("directory_organization_id"))
    assert after == before
