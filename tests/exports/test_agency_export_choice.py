"""Someone who may export several agencies names the one to export: no default they did not
pick, and never an agency outside their reach."""

from __future__ import annotations

import pytest
from django.urls import reverse

from casework.models import AgencyStaff
from exports.models import AgencyExport
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_agency(admin_user):
    other = AgencyFactory(name="Bay Harbor Services", slug="bay-harbor")
    AgencyStaff.objects.create(agency=other, user=admin_user, is_admin=True)
    return other


def test_the_admin_of_two_agencies_chooses_which_to_export(
    client, admin_user, second_agency, django_capture_on_commit_callbacks
):
    client.force_login(admin_user)
    page = client.get(reverse("exports:agency")).content.decode()
    assert "Agency to export" in page and "Bay Harbor Services" in page
    client.post(reverse("exports:agency_start"))
    assert not AgencyExport.objects.exists()  # none chosen: nothing started
    with django_capture_on_commit_callbacks(execute=False):
        client.post(reverse("exports:agency_start"), {"agency": second_agency.pk})
    assert AgencyExport.objects.get().agency == second_agency


def test_an_agency_out_of_reach_is_not_exported(client, admin_user, second_agency):
    elsewhere = AgencyFactory(name="Elsewhere", slug="elsewhere")
    client.force_login(admin_user)
    client.post(reverse("exports:agency_start"), {"agency": elsewhere.pk})
    assert not AgencyExport.objects.exists()


def test_the_admin_of_one_agency_is_not_asked(
    client, admin_user, django_capture_on_commit_callbacks
):
    client.force_login(admin_user)
    assert "Agency to export" not in client.get(reverse("exports:agency")).content.decode()
    with django_capture_on_commit_callbacks(execute=False):
        client.post(reverse("exports:agency_start"))
    assert AgencyExport.objects.get().agency == admin_user.memberships.get().team.agency
