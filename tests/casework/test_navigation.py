from __future__ import annotations

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

CURRENT = re.compile(r'class="nav-link active"\s+aria-current="page" href="([^"]+)">([^<]+)<')


@pytest.mark.parametrize(
    ("url_name", "label"),
    [
        ("clients:caseload", "My caseload"),
        ("clients:list", "Find a client"),
    ],
)
def test_exactly_one_entry_is_current(client, case_manager, url_name, label):
    client.force_login(case_manager)
    body = client.get(reverse(url_name)).content.decode()
    assert CURRENT.findall(body) == [(reverse(url_name), label)]


def test_a_client_record_lights_find_a_client(client, case_manager, client_a):
    client.force_login(case_manager)
    body = client.get(reverse("clients:detail", args=[client_a.pk])).content.decode()
    assert [label for _, label in CURRENT.findall(body)] == ["Find a client"]


def test_compliance_has_no_caseload_or_paperwork(client, compliance):
    client.force_login(compliance)
    body = client.get(reverse("dashboard")).content.decode()
    assert reverse("clients:caseload") not in body
    assert reverse("clients:unsigned_notes") not in body
    assert reverse("clients:list") in body
