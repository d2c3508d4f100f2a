"""Co-signing and returning notes, the author's answer, and marking emergency access
reviewed, from the team dashboard."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from casework.models import AuditEvent, EmergencyAccess, Program, Reminder
from clients.models import Visit
from supervision.models import NoteReturn
from supervision.services.notices import NOTE_RETURNED
from tests.factories import ClientFactory, ProgramFactory, VisitFactory

pytestmark = pytest.mark.django_db


def _signed(client_obj, author, days=2):
    now = timezone.now()
    return VisitFactory(
        client=client_obj,
        author=author,
        contact_at=now - timedelta(days=days),
        signed_at=now - timedelta(days=days - 1),
    )


def _dashboard(client, team):
    return client.get(reverse("supervision:dashboard", args=[team.pk])).content.decode()


def test_a_supervisor_cosigns_a_note_from_the_queue(
    client, supervisor, case_manager, client_a, team_a
):
    visit = _signed(client_a, case_manager)
    client.force_login(supervisor)
    assert reverse("supervision:cosign", args=[team_a.pk, visit.pk]) in _dashboard(client, team_a)
    response = client.post(reverse("supervision:cosign", args=[team_a.pk, visit.pk]))
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.cosigned_by == supervisor and visit.cosigned_at is not None
    assert AuditEvent.objects.filter(
        action="clients.visit.cosigned", object_id=str(visit.pk)
    ).exists()
    assert reverse("supervision:cosign", args=[team_a.pk, visit.pk]) not in _dashboard(
        client, team_a
    )


def test_the_database_lets_a_cosignature_be_set_once_only(supervisor, case_manager, client_a):
    visit = _signed(client_a, case_manager)
    Visit.objects.filter(pk=visit.pk).update(cosigned_at=timezone.now(), cosigned_by=supervisor)
    with pytest.raises(IntegrityError, match="signed note cannot be changed"), transaction.atomic():
        Visit.objects.filter(pk=visit.pk).update(cosigned_at=timezone.now() - timedelta(days=1))


def test_standard_program_notes_are_not_cosigned(client, supervisor, case_manager, team_a):
    standard = ProgramFactory(agency=team_a.agency, kind=Program.Kind.STANDARD)
    visit = _signed(ClientFactory(team=team_a, program=standard), case_manager)
    client.force_login(supervisor)
    assert reverse("supervision:cosign", args=[team_a.pk, visit.pk]) not in _dashboard(
        client, team_a
    )
    assert client.post(reverse("supervision:cosign", args=[team_a.pk, visit.pk])).status_code == 404
    visit.refresh_from_db()
    assert visit.cosigned_at is None


def test_a_draft_or_ones_own_note_is_not_cosigned(
    client, supervisor, case_manager, client_a, team_a
):
    draft = VisitFactory(client=client_a, author=case_manager)
    own = _signed(client_a, supervisor)
    client.force_login(supervisor)
    for visit in (draft, own):
        response = client.post(
            reverse("supervision:cosign", args=[team_a.pk, visit.pk]), follow=True
        )
        assert response.status_code == 200
        visit.refresh_from_db()
        assert visit.cosigned_at is None
    messages = [str(m) for m in response.context["messages"]]
    assert any("other than its author" in m for m in messages)


def test_returning_needs_a_comment_and_saves_nothing_without_one(
    client, supervisor, case_manager, client_a, team_a
):
    visit = _signed(client_a, case_manager)
    client.force_login(supervisor)
    url = reverse("supervision:return", args=[team_a.pk, visit.pk])
    response = client.post(url, {"comment": "   "})
    assert response.status_code == 200
    assert response.context["form"].errors["comment"]
    assert not NoteReturn.objects.exists()
    assert not Reminder.objects.filter(kind=NOTE_RETURNED).exists()


def test_a_returned_note_reaches_its_author_and_comes_back_when_answered(
    client, supervisor, case_manager, client_a, team_a
):
    visit = _signed(client_a, case_manager)
    client.force_login(supervisor)
    url = reverse("supervision:return", args=[team_a.pk, visit.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"comment": "Say when you will see her next."})
    assert response.status_code == 302
    returned = NoteReturn.objects.get()
    assert returned.visit == visit and returned.is_open
    assert reverse("supervision:cosign", args=[team_a.pk, visit.pk]) not in _dashboard(
        client, team_a
    )
    assert client.get(url).status_code == 404  # no second return while one is open

    # The author: a notice, the paperwork panel, and the comment on the note itself.
    notice = Reminder.objects.get(kind=NOTE_RETURNED)
    assert notice.recipient == case_manager and "Say when" not in notice.title
    client.force_login(case_manager)
    assert "Say when you will see her next." in client.get(reverse("dashboard")).content.decode()
    fragment = client.get(reverse("supervision:visit_review", args=[client_a.pk, visit.pk]))
    assert "Say when you will see her next." in fragment.content.decode()
    answer = reverse("supervision:return_resolve", args=[returned.pk])
    assert answer in fragment.content.decode()

    # Nobody but the author answers it.
    client.force_login(supervisor)
    assert client.post(answer, {"reply": "x"}).status_code == 404
    client.force_login(case_manager)
    assert client.post(answer, {"reply": "Addendum added."}).status_code == 302
    returned.refresh_from_db()
    assert not returned.is_open and returned.reply == "Addendum added."
    client.force_login(supervisor)
    assert reverse("supervision:cosign", args=[team_a.pk, visit.pk]) in _dashboard(client, team_a)


def test_cosigning_closes_an_open_return(client, supervisor, case_manager, client_a, team_a):
    visit = _signed(client_a, case_manager)
    NoteReturn.objects.create(visit=visit, team=team_a, returned_by=supervisor, comment="Fix it")
    client.force_login(supervisor)
    client.post(reverse("supervision:cosign", args=[team_a.pk, visit.pk]))
    assert NoteReturn.objects.get().resolved_by == supervisor


def test_a_supervisor_marks_emergency_access_reviewed(
    client, supervisor, outsider, client_a, client_b, team_a
):
    now = timezone.now()

    def grant(c):
        return EmergencyAccess.objects.create(
            user=outsider,
            client_id=c.pk,
            team_id=c.team_id,
            agency_id=c.agency_id,
            reason="Crisis at the shelter, needed the plan",
            granted_at=now - timedelta(hours=1),
            expires_at=now + timedelta(hours=3),
        )

    ours, theirs = grant(client_a), grant(client_b)
    client.force_login(supervisor)
    assert "Otto Outsider" in _dashboard(client, team_a)
    url = reverse("supervision:emergency_review", args=[team_a.pk, ours.pk])
    assert client.post(url).status_code == 302
    ours.refresh_from_db()
    assert ours.reviewed_by == supervisor
    # Another team's grant through this team's address: not found, not reviewed.
    other = reverse("supervision:emergency_review", args=[team_a.pk, theirs.pk])
    assert client.post(other).status_code == 404
    theirs.refresh_from_db()
    assert theirs.reviewed_at is None


def test_the_note_page_offers_the_cosignature_to_the_teams_supervisor(
    client, supervisor, case_manager, client_a, team_a
):
    visit = _signed(client_a, case_manager)
    fragment = reverse("supervision:visit_review", args=[client_a.pk, visit.pk])
    cosign = reverse("supervision:cosign", args=[team_a.pk, visit.pk])
    client.force_login(case_manager)
    body = client.get(fragment).content.decode()
    assert "Waiting for a supervisor" in body and cosign not in body
    client.force_login(supervisor)
    assert cosign in client.get(fragment).content.decode()
    note = reverse("clients:visit_detail", args=[client_a.pk, visit.pk])
    assert client.post(cosign, {"next": note}).url == note
    assert "Co-signed by Sandra Supervisor" in client.get(fragment).content.decode()
