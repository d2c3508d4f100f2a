"""Signed notes are immutable in the database itself: through the ORM, the services and the
Django admin. Addenda are append-only."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from clients.models import AddendumKind, NoteAddendum, Visit
from clients.services.errors import ClientRecordError
from clients.services.visits import VisitInput, visit_draft_save
from tests.factories import UserFactory, VisitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed(client_a, case_manager):
    return VisitFactory(client=client_a, author=case_manager, signed_at=timezone.now())


def _refused(action) -> None:
    with pytest.raises(IntegrityError, match="signed note cannot be"), transaction.atomic():
        action()


def test_model_save_cannot_change_a_signed_note(signed):
    signed.note = {"data": "rewritten"}
    _refused(signed.save)
    assert Visit.objects.get(pk=signed.pk).note["data"] == "Met at home."


def test_queryset_update_cannot_change_a_signed_note(signed):
    _refused(lambda: Visit.objects.filter(pk=signed.pk).update(duration_minutes=5))
    _refused(lambda: Visit.objects.filter(pk=signed.pk).update(signed_at=timezone.now()))


def test_a_signed_note_cannot_be_deleted(signed):
    _refused(signed.delete)
    _refused(lambda: Visit.objects.filter(pk=signed.pk).delete())
    assert Visit.objects.filter(pk=signed.pk).exists()


def test_a_retraction_is_written_once(signed):
    Visit.objects.filter(pk=signed.pk).update(retracted_at=timezone.now())
    _refused(lambda: Visit.objects.filter(pk=signed.pk).update(retracted_at=None))


def test_a_draft_may_still_change_and_be_deleted(client_a, case_manager):
    draft = VisitFactory(client=client_a, author=case_manager)
    Visit.objects.filter(pk=draft.pk).update(duration_minutes=10)
    draft.delete()


def test_the_service_refuses_to_save_a_signed_note(signed, case_manager):
    data = VisitInput(
        contact_at=signed.contact_at,
        duration_minutes=5,
        mode=signed.mode,
        place=signed.place,
        note=dict(signed.note),
    )
    with pytest.raises(ClientRecordError, match="signed"):
        visit_draft_save(visit=signed, editor=case_manager, data=data, version=signed.version)
    assert Visit.objects.get(pk=signed.pk).duration_minutes == 45


def test_addenda_are_append_only(signed, case_manager):
    addendum = NoteAddendum.objects.create(
        visit=signed, kind=AddendumKind.ADDENDUM, text="More", reason="Later", author=case_manager
    )
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        NoteAddendum.objects.filter(pk=addendum.pk).update(text="Changed")
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        addendum.delete()


# --- The Django admin --------------------------------------------------------------------


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


def test_the_admin_shows_a_signed_note_read_only(superuser_client, signed):
    url = reverse("admin:clients_visit_change", args=[signed.pk])
    response = superuser_client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="duration_minutes"' not in body and 'name="note"' not in body
    assert "Met at home." in body  # readable, not editable


def test_an_admin_post_does_not_change_a_signed_note(superuser_client, signed):
    url = reverse("admin:clients_visit_change", args=[signed.pk])
    superuser_client.post(url, {"duration_minutes": 5, "note": '{"data": "rewritten"}'})
    signed.refresh_from_db()
    assert signed.duration_minutes == 45 and signed.note["data"] == "Met at home."


def test_the_admin_refuses_to_delete_a_signed_note(superuser_client, signed):
    url = reverse("admin:clients_visit_delete", args=[signed.pk])
    assert superuser_client.get(url).status_code == 403
    assert superuser_client.post(url, {"post": "yes"}).status_code == 403
    changelist = reverse("admin:clients_visit_changelist")
    superuser_client.post(
        changelist, {"action": "delete_selected", "_selected_action": [signed.pk], "post": "yes"}
    )
    assert Visit.objects.filter(pk=signed.pk).exists()


def test_the_admin_offers_no_way_to_change_addenda(superuser_client, signed, case_manager):
    addendum = NoteAddendum.objects.create(
        visit=signed, kind=AddendumKind.ADDENDUM, text="More", reason="Later", author=case_manager
    )
    url = reverse("admin:clients_noteaddendum_change", args=[addendum.pk])
    response = superuser_client.get(url)
    assert response.status_code == 200 and 'name="text"' not in response.content.decode()
    delete = reverse("admin:clients_noteaddendum_delete", args=[addendum.pk])
    assert superuser_client.post(delete, {"post": "yes"}).status_code == 403
