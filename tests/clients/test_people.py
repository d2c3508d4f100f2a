"""Related persons: add, edit under optimistic locking, mark inactive, and the consent seam."""

from __future__ import annotations

import pytest
from django.urls import reverse

from casework.models import AuditEvent
from clients.models import RelatedPerson, RelationshipKind
from clients.services import people as services
from clients.services.errors import ClientRecordError, StaleRecordError
from tests.factories import ClientFactory, RelatedPersonFactory

pytestmark = pytest.mark.django_db


def _details(**overrides):
    details = {
        "kind": RelationshipKind.GUARDIAN,
        "full_name": "Gloria Public",
        "relationship": "conservator",
        "phone": "555-0111",
        "email": "gloria@example.test",
        "address": "1 Court St",
        "is_emergency_contact": True,
        "notes": "Call after 10am.",
    }
    return {**details, **overrides}


def _post_data(person=None, **overrides):
    data = {k: v for k, v in _details(**overrides).items() if v is not False}
    if person is not None:
        data["version"] = person.version
    return data


# --- Services ------------------------------------------------------------------------------


def test_it_adds_a_person_and_audits_without_their_details(client_a, case_manager):
    person = services.related_person_add(
        client_id=client_a.pk, details=_details(), added_by=case_manager
    )
    assert person.client == client_a and person.is_active and person.version == 1
    event = AuditEvent.objects.get(action="clients.related_person.added")
    assert event.client_id == client_a.pk and event.object_id == str(person.pk)
    assert "Gloria" not in str(event.detail)


def test_it_refuses_a_person_without_a_name(client_a, case_manager):
    with pytest.raises(ClientRecordError) as error:
        services.related_person_add(
            client_id=client_a.pk, details=_details(full_name="  "), added_by=case_manager
        )
    assert error.value.field == "full_name"
    assert not RelatedPerson.objects.exists()


def test_it_refuses_fields_that_are_not_person_details(client_a, case_manager):
    with pytest.raises(ValueError):
        services.related_person_add(
            client_id=client_a.pk, details=_details(is_active=False), added_by=case_manager
        )


def test_an_edit_bumps_the_version_and_a_stale_one_is_refused(client_a, case_manager):
    person = RelatedPersonFactory(client=client_a)
    services.related_person_update(
        client_id=client_a.pk,
        person_id=person.pk,
        details=_details(full_name="First Save"),
        version=1,
        changed_by=case_manager,
    )
    with pytest.raises(StaleRecordError):
        services.related_person_update(
            client_id=client_a.pk,
            person_id=person.pk,
            details=_details(full_name="Second Save"),
            version=1,
            changed_by=case_manager,
        )
    person.refresh_from_db()
    assert (person.full_name, person.version) == ("First Save", 2)


def test_marking_inactive_keeps_the_person(client_a, case_manager):
    person = RelatedPersonFactory(client=client_a)
    services.related_person_deactivate(
        client_id=client_a.pk, person_id=person.pk, deactivated_by=case_manager
    )
    person.refresh_from_db()
    assert not person.is_active
    assert AuditEvent.objects.filter(action="clients.related_person.deactivated").exists()
    with pytest.raises(ClientRecordError):
        services.related_person_deactivate(
            client_id=client_a.pk, person_id=person.pk, deactivated_by=case_manager
        )


def test_the_seam_says_nothing_may_be_shared_until_the_consent_issue(client_a):
    status = services.disclosure_status_for(RelatedPersonFactory(client=client_a))
    assert status.may_share is False
    assert status.label == "Sharing: no release on file — nothing may be shared"


# --- Views ---------------------------------------------------------------------------------


def test_the_form_adds_a_person(client, case_manager, client_a):
    client.force_login(case_manager)
    response = client.post(reverse("clients:person_create", args=[client_a.pk]), _post_data())
    assert response.status_code == 302
    assert RelatedPerson.objects.get().full_name == "Gloria Public"


def test_the_form_shows_a_missing_name_at_the_field_and_saves_nothing(
    client, case_manager, client_a
):
    client.force_login(case_manager)
    response = client.post(
        reverse("clients:person_create", args=[client_a.pk]), _post_data(full_name="")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["full_name"]
    assert not RelatedPerson.objects.exists()


def test_a_stale_edit_is_refused_and_the_typed_text_kept(client, case_manager, client_a):
    person = RelatedPersonFactory(client=client_a, full_name="Old Name")
    stale = _post_data(person, full_name="My Careful Edit", notes="Typed with care")
    RelatedPerson.objects.filter(pk=person.pk).update(version=2, full_name="Their Edit")
    client.force_login(case_manager)
    response = client.post(reverse("clients:person_edit", args=[client_a.pk, person.pk]), stale)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Someone else changed this person" in body
    assert "My Careful Edit" in body and "Typed with care" in body
    person.refresh_from_db()
    assert person.full_name == "Their Edit"


def test_the_edit_saves_with_the_current_version(client, case_manager, client_a):
    person = RelatedPersonFactory(client=client_a)
    client.force_login(case_manager)
    client.post(
        reverse("clients:person_edit", args=[client_a.pk, person.pk]),
        _post_data(person, full_name="New Name"),
    )
    person.refresh_from_db()
    assert (person.full_name, person.version) == ("New Name", 2)


def test_mark_inactive_asks_first_then_keeps_the_person_listed(client, case_manager, client_a):
    person = RelatedPersonFactory(client=client_a, full_name="Walter Gone")
    client.force_login(case_manager)
    url = reverse("clients:person_deactivate", args=[client_a.pk, person.pk])
    assert "Mark Walter Gone inactive?" in client.get(url).content.decode()
    assert RelatedPerson.objects.get().is_active
    client.post(url)
    page = client.get(reverse("clients:people", args=[client_a.pk])).content.decode()
    assert "Walter Gone" in page and "Inactive" in page
    client.post(reverse("clients:person_reactivate", args=[client_a.pk, person.pk]))
    assert RelatedPerson.objects.get().is_active


def test_every_person_shows_the_sharing_text_of_the_one_seam(
    client, case_manager, client_a, monkeypatch
):
    RelatedPersonFactory(client=client_a)
    monkeypatch.setattr(
        services,
        "disclosure_status_for",
        lambda person: services.DisclosureStatus(may_share=True, label="Seam replaced"),
    )
    client.force_login(case_manager)
    for name in ("clients:people", "clients:people_panel"):
        assert "Seam replaced" in client.get(reverse(name, args=[client_a.pk])).content.decode()


def test_the_default_sharing_text_shows_on_the_page(client, case_manager, client_a):
    RelatedPersonFactory(client=client_a)
    client.force_login(case_manager)
    body = client.get(reverse("clients:people", args=[client_a.pk])).content.decode()
    assert "Sharing: no release on file — nothing may be shared" in body


def test_compliance_reads_but_cannot_add(client, compliance, client_a):
    RelatedPersonFactory(client=client_a, full_name="Seen By Compliance")
    client.force_login(compliance)
    page = client.get(reverse("clients:people", args=[client_a.pk]))
    assert "Seen By Compliance" in page.content.decode()
    assert "Add a person" not in page.content.decode()
    response = client.post(reverse("clients:person_create", args=[client_a.pk]), _post_data())
    assert response.status_code == 403
    assert RelatedPerson.objects.count() == 1


def test_a_person_of_another_client_is_not_reached_through_this_client(
    client, case_manager, client_a
):
    other = RelatedPersonFactory(client=ClientFactory(team=client_a.team))
    client.force_login(case_manager)
    url = reverse("clients:person_edit", args=[client_a.pk, other.pk])
    assert client.get(url).status_code == 404


def test_another_team_gets_404_and_no_names(client, outsider, client_a):
    person = RelatedPersonFactory(client=client_a, full_name="Hidden Person")
    client.force_login(outsider)
    for url in (
        reverse("clients:people", args=[client_a.pk]),
        reverse("clients:people_panel", args=[client_a.pk]),
        reverse("clients:person_edit", args=[client_a.pk, person.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 404
        assert "Hidden Person" not in response.content.decode()


def test_reading_the_people_page_is_audited(client, case_manager, client_a):
    client.force_login(case_manager)
    client.get(reverse("clients:people", args=[client_a.pk]))
    assert AuditEvent.objects.filter(action="clients.client.view", client_id=client_a.pk).exists()


@pytest.mark.parametrize("name", ["clients:people", "clients:people_panel"])
def test_the_people_pages_take_the_same_queries_for_many_people(
    client, case_manager, client_a, django_assert_max_num_queries, name
):
    client.force_login(case_manager)
    url = reverse(name, args=[client_a.pk])
    RelatedPersonFactory(client=client_a)
    client.get(url)  # warm the session
    # session, user, client, audit insert, people count (page only), people, memberships
    # (access), the navigation's reminder count, session save (savepoint, update, release),
    # and the consent seam's one query for all the page's people.
    with django_assert_max_num_queries(12):
        client.get(url)
    RelatedPersonFactory.create_batch(30, client=client_a)
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200


def test_the_panel_shows_active_people_and_links_to_the_page(client, case_manager, client_a):
    RelatedPersonFactory(client=client_a, full_name="Active Annie")
    RelatedPersonFactory(client=client_a, full_name="Former Fred", is_active=False)
    client.force_login(case_manager)
    body = client.get(reverse("clients:people_panel", args=[client_a.pk])).content.decode()
    assert "Active Annie" in body and "Former Fred" not in body
    assert reverse("clients:people", args=[client_a.pk]) in body
    assert "<html" not in body
