"""Every page that shows a client's record writes a view event (issue #23 found three that did
not: the new-visit form, the referral's send page and the record's referrals panel)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from casework.models import AuditEvent
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
