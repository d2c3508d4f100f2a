"""Plausible dates by the agency's rules (issue #23), refused at the field with the limit in
the message and nothing saved: no contact before the agency's records begin, no release
longer than the agency's policy allows. Without a policy the generic bounds alone apply."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.models import Agency
from clients.models import ConsentRelease, Mode, Place, Visit
from tests.factories import RelatedPersonFactory

pytestmark = pytest.mark.django_db


def _visit(contact_at) -> dict:
    return {
        "contact_at": contact_at.strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": "45",
        "mode": Mode.FACE_TO_FACE,
        "place": Place.HOME,
        "services": ["housing"],
        "note_format": "dap",
        "note_data": "Met at home.",
        "note_assessment": "Settled.",
        "note_plan": "Call Monday.",
        "next_contact_due": "",
        "version": "",
    }


def _policy(client_a, **values) -> None:
    Agency.objects.filter(pk=client_a.agency_id).update(**values)


def test_a_contact_before_the_records_begin_is_refused_at_its_field(client, case_manager, client_a):
    _policy(client_a, records_begin_on=date(2019, 7, 1))
    client.force_login(case_manager)
    early = timezone.localtime().replace(year=2019, month=6, day=30)
    url = reverse("clients:visit_create", kwargs={"client_id": client_a.pk})
    response = client.post(url, _visit(early))
    assert response.status_code == 200
    assert response.context["form"].errors["contact_at"] == [
        "The agency's records begin on 1 Jul 2019: a contact cannot be earlier."
    ]
    assert not Visit.objects.exists()
    on_the_day = early + timedelta(days=1)
    assert client.post(url, _visit(on_the_day)).status_code == 302
    assert timezone.localtime(Visit.objects.get().contact_at).date() == on_the_day.date()


def test_without_a_policy_an_old_contact_is_kept(client, case_manager, client_a):
    client.force_login(case_manager)
    url = reverse("clients:visit_create", kwargs={"client_id": client_a.pk})
    old = timezone.localtime().replace(year=2001)
    assert client.post(url, _visit(old)).status_code == 302


def _release(person, effective: date, expires: date) -> dict:
    return {
        "discloser": "Harbor FSP",
        "recipient_kind": "related_person",
        "related_person": person.pk,
        "categories": ["general"],
        "purpose": "At the client's request",
        "effective_on": effective.isoformat(),
        "expires_on": expires.isoformat(),
        "signer_kind": "client",
        "signature_method": "wet",
        "signed_on": effective.isoformat(),
        "told_right_to_revoke": "on",
        "told_not_conditioned": "on",
        "told_redisclosure": "on",
    }


def test_a_release_longer_than_the_policy_is_refused_at_its_expiry(client, case_manager, client_a):
    _policy(client_a, release_max_months=12)
    sister = RelatedPersonFactory(client=client_a, full_name="Sara Sister")
    client.force_login(case_manager)
    url = reverse("clients:consent_create", args=[client_a.pk])
    effective = date(2026, 12, 1)
    response = client.post(url, _release(sister, effective, date(2027, 12, 2)))
    assert response.status_code == 200
    assert response.context["form"].errors["expires_on"] == [
        "The agency's policy allows a release of at most 12 months: from this start it can "
        "run until 1 Dec 2027 at the latest."
    ]
    assert not ConsentRelease.objects.exists()
    assert client.post(url, _release(sister, effective, date(2027, 12, 1))).status_code == 302


def test_without_a_policy_a_long_release_is_kept(client, case_manager, client_a):
    sister = RelatedPersonFactory(client=client_a, full_name="Sara Sister")
    client.force_login(case_manager)
    url = reverse("clients:consent_create", args=[client_a.pk])
    response = client.post(url, _release(sister, date(2026, 12, 1), date(2036, 12, 1)))
    assert response.status_code == 302
