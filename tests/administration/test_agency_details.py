"""The agency's details and date policies, edited by its admin only, checked and audited."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from casework.models import Agency, AuditEvent

pytestmark = pytest.mark.django_db

URL = reverse("administration:agency_details")


def _data(**changes) -> dict:
    data = {
        "address": "1 Harbor Way, Bayview",
        "phone": "+1 415 555 0100",
        "records_begin_on": "2019-07-01",
        "release_max_months": "12",
    }
    data.update(changes)
    return data


def test_the_admin_sets_the_date_policies_and_it_is_audited(client, admin_user, team_a):
    client.force_login(admin_user)
    assert client.get(URL).status_code == 200
    response = client.post(URL, _data())
    assert response.status_code == 302
    agency = Agency.objects.get(pk=team_a.agency_id)
    assert agency.records_begin_on == date(2019, 7, 1)
    assert agency.release_max_months == 12
    assert agency.phone == "+1 415 555 0100"
    event = AuditEvent.objects.get(action="casework.agency.details_changed")
    assert event.actor == admin_user
    assert sorted(event.detail["changed"]) == [
        "address",
        "phone",
        "records_begin_on",
        "release_max_months",
    ]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("release_max_months", "0", "Give between 1 and 120 months, or leave it empty."),
        ("release_max_months", "121", "Give between 1 and 120 months, or leave it empty."),
        ("records_begin_on", "2099-01-01", "after today"),
    ],
)
def test_a_bad_value_is_refused_at_its_field_and_nothing_changes(
    client, admin_user, team_a, field, value, message
):
    client.force_login(admin_user)
    response = client.post(URL, _data(**{field: value}))
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    agency = Agency.objects.get(pk=team_a.agency_id)
    assert agency.records_begin_on is None and agency.release_max_months is None
    assert not AuditEvent.objects.filter(action="casework.agency.details_changed").exists()


@pytest.mark.parametrize("who", ["case_manager", "supervisor", "compliance"])
def test_no_one_but_an_agency_admin_reaches_it(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(URL).status_code == 403
    assert client.post(URL, _data()).status_code == 403
