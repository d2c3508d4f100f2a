"""The care plan's sections of "Send to provider": the plan in force and its crisis plan go
only under a release covering mental-health information, and never a draft."""

from __future__ import annotations

import pytest
from django.urls import reverse

from clients.models import Disclosure
from tests.factories import CareProviderFactory, ConsentReleaseFactory, active_plan, draft_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider(client_a):
    return CareProviderFactory(client=client_a)


def _release(client, categories):
    return ConsentReleaseFactory(
        client=client,
        recipient_kind="organization",
        related_person=None,
        recipient_name="Harbor Community Clinic",
        categories=categories,
    )


def _send(client, provider, sections):
    url = reverse("clients:provider_send", args=[provider.client_id, provider.pk])
    return client.post(url, {"sections": sections, "method": "letter"})


def test_the_plan_in_force_and_its_crisis_plan_print_for_the_provider(
    client, case_manager, supervisor, client_a, provider
):
    active_plan(client=client_a, author=case_manager, supervisor=supervisor)
    _release(client_a, ["general", "mental_health"])
    client.force_login(case_manager)
    response = _send(client, provider, ["care_plan", "crisis_plan"])
    body = client.get(response.url).content.decode()
    assert "“I want my own place”" in body and "Apply for two housing programs" in body
    assert "Not sleeping" in body and "988" in body
    assert Disclosure.objects.get().categories == ["mental_health"]


def test_a_general_release_does_not_cover_the_care_plan(client, case_manager, client_a, provider):
    _release(client_a, ["general"])
    client.force_login(case_manager)
    body = _send(client, provider, ["care_plan"]).content.decode()
    assert "does not cover mental health" in body and not Disclosure.objects.exists()


def test_a_draft_is_never_sent(client, case_manager, client_a, provider):
    draft_plan(client=client_a, author=case_manager, goals=("A draft goal",))
    _release(client_a, ["mental_health"])
    client.force_login(case_manager)
    body = client.get(_send(client, provider, ["care_plan"]).url).content.decode()
    assert "No care plan is in force." in body and "A draft goal" not in body
