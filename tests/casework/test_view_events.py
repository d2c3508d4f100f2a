"""Every page that shows a client's record writes a view event (issue #23 found three that did
not: the new-visit form, the referral's send page and the record's referrals panel)."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from casework.audit import RECORD_OPEN_HEADER
from casework.models import AuditEvent
from tests.factories import ClientFactory
from tests.url_expectations.referrals_referrals import _draft

pytestmark = pytest.mark.django_db


def _cast(case_manager, supervisor, compliance, admin_user, outsider, client_a, client_b):
    return {
        "case_manager": case_manager,
        "supervisor": supervisor,
        "compliance": compliance,
        "admin_user": admin_user,
        "outsider": outsider,
        "client_a": client_a,
        "client_b": client_b,
    }


@pytest.mark.parametrize(
    ("name", "kwargs_for"),
    [
        ("clients:visit_create", lambda c: {"client_id": c["client_a"].pk}),
        ("referrals:referral_panel", lambda c: {"client_id": c["client_a"].pk}),
        ("referrals:referral_send", _draft),
    ],
)
def test_the_page_writes_a_view_event_for_the_client(
    client, case_manager, supervisor, compliance, admin_user, outsider, client_a, client_b,
    name, kwargs_for,
):  # fmt: skip
    cast = _cast(case_manager, supervisor, compliance, admin_user, outsider, client_a, client_b)
    url = reverse(name, kwargs=kwargs_for(cast))
    client.force_login(case_manager)
    assert client.get(url).status_code == 200
    views = AuditEvent.objects.filter(action__endswith=".view", client_id=client_a.pk)
    assert views.filter(actor=case_manager, request_id__gt="").count() == 1, name


PANELS = ("clients:people_panel", "careplans:plan_panel", "referrals:referral_panel")


def _opens(client_a):
    return AuditEvent.objects.filter(action__endswith=".view", client_id=client_a.pk)


def _pass_of_the_record_page(client, client_id) -> str:
    response = client.get(reverse("clients:detail", args=[client_id]))
    assert response.status_code == 200
    return json.loads(response.context["record_open_headers"])[RECORD_OPEN_HEADER]


@pytest.mark.parametrize("name", PANELS)
def test_a_panel_loaded_by_the_record_page_is_part_of_its_open(
    client, case_manager, client_a, name
):
    client.force_login(case_manager)
    record_open = _pass_of_the_record_page(client, client_a.pk)
    url = reverse(name, kwargs={"client_id": client_a.pk})
    assert client.get(url, headers={RECORD_OPEN_HEADER: record_open}).status_code == 200
    assert list(_opens(client_a).values_list("action", flat=True)) == ["clients.client.view"]


def test_a_pass_counts_only_for_its_viewer_its_client_and_a_quarter_hour(
    client, case_manager, supervisor, client_a, clock
):
    client.force_login(case_manager)
    other = ClientFactory(team=client_a.team)
    record_open = _pass_of_the_record_page(client, other.pk)
    url = reverse("clients:people_panel", kwargs={"client_id": client_a.pk})
    client.get(url, headers={RECORD_OPEN_HEADER: record_open})  # another client's pass
    assert _opens(client_a).count() == 1

    record_open = _pass_of_the_record_page(client, client_a.pk)  # the open: 2
    client.force_login(supervisor)  # someone else's pass
    client.get(url, headers={RECORD_OPEN_HEADER: record_open})
    assert _opens(client_a).filter(actor=supervisor).count() == 1

    client.force_login(case_manager)
    client.get(url, headers={RECORD_OPEN_HEADER: record_open + "x"})  # altered
    assert _opens(client_a).filter(actor=case_manager).count() == 3
    clock.advance(minutes=16)
    client.get(url, headers={RECORD_OPEN_HEADER: record_open})  # expired
    assert _opens(client_a).filter(actor=case_manager).count() == 4
