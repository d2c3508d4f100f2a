"""An admin of several agencies picks the one the agency pages work on; the pages name it,
and an agency they do not administer cannot be picked."""

from __future__ import annotations

import pytest
from django.urls import reverse

from casework.models import AgencyStaff
from tests.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_agency(agency, agency_admin):
    # "Test Agency" sorts after "Bay Harbor": the first by name is the second one made.
    other = AgencyFactory(name="Bay Harbor Services", slug="bay-harbor")
    AgencyStaff.objects.create(agency=other, user=agency_admin, is_admin=True)
    return other


def test_the_admin_of_two_agencies_picks_the_one_they_work_on(
    client, agency, agency_admin, second_agency
):
    lone = UserFactory(full_name="Only At Test Agency")
    AgencyStaff.objects.create(agency=agency, user=lone)
    client.force_login(agency_admin)
    home = client.get(reverse("administration:home")).content.decode()
    assert '<h1 class="h3 mb-1">Bay Harbor Services</h1>' in home
    assert "Switch agency" in home and "Test Agency" in home
    response = client.post(
        reverse("administration:agency_switch"),
        {"agency": agency.pk, "next": reverse("administration:staff")},
    )
    assert response.status_code == 302 and response["Location"] == reverse("administration:staff")
    assert "Only At Test Agency" in client.get(reverse("administration:staff")).content.decode()
    home = client.get(reverse("administration:home")).content.decode()
    assert '<h1 class="h3 mb-1">Test Agency</h1>' in home


def test_an_agency_the_admin_does_not_administer_cannot_be_picked(
    client, agency_admin, second_agency
):
    stranger = AgencyFactory(name="Elsewhere", slug="elsewhere")
    client.force_login(agency_admin)
    url = reverse("administration:agency_switch")
    assert client.post(url, {"agency": stranger.pk}).status_code == 403
    assert client.post(url, {"agency": "x"}).status_code == 403
    assert client.post(url, {"agency": second_agency.pk, "next": "https://evil.test/"})[
        "Location"
    ] == reverse("administration:home")


def test_an_admin_of_one_agency_sees_no_switcher(client, agency_admin):
    client.force_login(agency_admin)
    assert "Switch agency" not in client.get(reverse("administration:home")).content.decode()
