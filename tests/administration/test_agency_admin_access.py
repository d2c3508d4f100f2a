"""An agency admin by their place on the staff (no team role): the access policy makes them
an admin of that agency in the same one query, and shows them no client."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework import access
from casework.models import Role
from clients.models import Client
from tests.factories import AgencyFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def test_a_place_as_agency_admin_makes_an_admin_of_that_agency_only(agency_admin, agency):
    AgencyFactory()  # another agency, not administered
    who = access.access_for(agency_admin)
    assert who.admin_agency_ids == {agency.pk}
    assert who.agency_ids == {agency.pk}
    assert Role.ADMIN in who.roles
    assert not who.sees_clients


def test_team_roles_and_the_agency_admin_place_come_in_one_query(agency_admin, team_b):
    MembershipFactory(user=agency_admin, team=team_b, role=Role.CASE_MANAGER)
    with CaptureQueriesContext(connection) as queries:
        who = access.access_for(agency_admin)
    assert len(queries) == 1
    assert who.admin_agency_ids == {team_b.agency_id}
    assert who.readable_team_ids == {team_b.pk}


def test_the_agency_admin_sees_no_client_anywhere(client, agency_admin, client_a, client_b):
    assert not Client.objects.visible_to(agency_admin).exists()
    client.force_login(agency_admin)
    assert client.get(reverse("clients:detail", kwargs={"pk": client_a.pk})).status_code == 404
    assert client.get(reverse("clients:list")).context["page"].paginator.count == 0
    assert client.get(reverse("teams")).status_code == 302  # to the agency pages
    assert client.get(reverse("administration:home")).status_code == 200


def test_a_deactivated_agency_admin_administers_nothing(agency_admin):
    agency_admin.is_active = False
    agency_admin.save(update_fields=["is_active"])
    assert not access.access_for(agency_admin).admin_agency_ids
