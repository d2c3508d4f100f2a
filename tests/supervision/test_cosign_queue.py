"""The supervisor's co-sign queue: every waiting note, paged, oldest first, and "Co-sign and
next" that walks a queue of 60 to its end without going back to the list. Only notes the
supervisor may co-sign appear."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.models import AuditEvent, Program
from clients.models import Visit
from supervision.models import NoteReturn
from tests.factories import ClientFactory, ProgramFactory, VisitFactory

pytestmark = pytest.mark.django_db


def _signed(client_obj, author, *, hours_ago: int, **fields):
    signed = timezone.now() - timedelta(hours=hours_ago)
    return VisitFactory(
        client=client_obj,
        author=author,
        contact_at=signed - timedelta(hours=2),
        signed_at=signed,
        **fields,
    )


def _review_links(body: str, team_id: int) -> list[int]:
    queue = re.escape(reverse("supervision:cosign_queue", args=[team_id]))
    return [int(pk) for pk in re.findall(rf'href="{queue}(\d+)/"', body)]


def test_the_queue_lists_every_waiting_note_oldest_first_in_pages(
    client, supervisor, case_manager, client_a, team_a
):
    notes = [_signed(client_a, case_manager, hours_ago=200 - n) for n in range(30)]
    client.force_login(supervisor)
    url = reverse("supervision:cosign_queue", args=[team_a.pk])
    first = client.get(url).content.decode()
    assert 'data-testid="cosign-count">30<' in first
    listed = _review_links(first.split('data-testid="cosign-list"', 1)[1], team_a.pk)
    assert listed == [v.pk for v in notes[:25]]
    second = client.get(url + "?page=2").content.decode()
    listed = _review_links(second.split('data-testid="cosign-list"', 1)[1], team_a.pk)
    assert listed == [v.pk for v in notes[25:]]


def test_cosign_and_next_clears_a_queue_of_sixty_without_the_list(
    client, supervisor, case_manager, client_a, team_a
):
    notes = [_signed(client_a, case_manager, hours_ago=100 - n) for n in range(60)]
    client.force_login(supervisor)
    queue = client.get(reverse("supervision:cosign_queue", args=[team_a.pk])).content.decode()
    start = reverse("supervision:cosign_review", args=[team_a.pk, notes[0].pk])
    assert f'href="{start}"' in queue  # the button that starts at the oldest
    at, seen = notes[0].pk, []
    for n in range(60):
        page = client.get(reverse("supervision:cosign_review", args=[team_a.pk, at]))
        assert page.status_code == 200
        # What was co-signed has left the queue: this note is now the oldest waiting.
        assert f"note 1 of {60 - n}" in page.content.decode()
        seen.append(at)
        response = client.post(reverse("supervision:cosign_next", args=[team_a.pk, at]))
        assert response.status_code == 302
        if n < 59:
            at = int(re.search(r"/cosign/(\d+)/$", response["Location"]).group(1))
    assert response["Location"] == reverse("supervision:cosign_queue", args=[team_a.pk])
    assert seen == [v.pk for v in notes]
    assert not Visit.objects.filter(pk__in=seen, cosigned_at__isnull=True).exists()
    assert AuditEvent.objects.filter(action="clients.visit.cosigned").count() == 60


def test_a_skipped_note_comes_round_again(client, supervisor, case_manager, client_a, team_a):
    first, second, third = (_signed(client_a, case_manager, hours_ago=h) for h in (30, 20, 10))
    client.force_login(supervisor)
    # Skip the oldest: co-sign the second; the next is the third, then the skipped first.
    response = client.post(reverse("supervision:cosign_next", args=[team_a.pk, second.pk]))
    assert response["Location"] == reverse("supervision:cosign_review", args=[team_a.pk, third.pk])
    response = client.post(reverse("supervision:cosign_next", args=[team_a.pk, third.pk]))
    assert response["Location"] == reverse("supervision:cosign_review", args=[team_a.pk, first.pk])


def test_the_review_page_shows_the_note_and_its_place_and_is_audited(
    client, supervisor, case_manager, client_a, team_a
):
    older = _signed(client_a, case_manager, hours_ago=50)
    dap = {key: f"Text of {key}" for key in ("data", "assessment", "plan")}
    visit = _signed(client_a, case_manager, hours_ago=5, note_format="dap", note=dap)
    client.force_login(supervisor)
    body = client.get(reverse("supervision:cosign_review", args=[team_a.pk, visit.pk])).content
    body = body.decode()
    assert "note 2 of 2" in body
    for key, label, *_ in visit.sections:
        assert str(label) in body and f"Text of {key}" in body
    assert "Co-sign and next" in body  # the older note still waits
    assert reverse("supervision:cosign_review", args=[team_a.pk, older.pk]) in body
    assert AuditEvent.objects.filter(
        action="clients.visit.view", object_id=str(visit.pk), client_id=client_a.pk
    ).exists()


def test_only_notes_the_supervisor_may_cosign_are_in_the_queue(
    client, supervisor, case_manager, outsider, client_a, client_b, team_a
):
    waiting = _signed(client_a, case_manager, hours_ago=40)
    own = _signed(client_a, supervisor, hours_ago=30)  # co-signed by someone else
    draft = VisitFactory(client=client_a, author=case_manager)
    other_team = _signed(client_b, outsider, hours_ago=20)
    standard = ProgramFactory(agency=team_a.agency, kind=Program.Kind.STANDARD)
    no_cosign = _signed(ClientFactory(team=team_a, program=standard), case_manager, hours_ago=9)
    returned = _signed(client_a, case_manager, hours_ago=8)
    NoteReturn.objects.create(
        visit=returned, team_id=team_a.pk, returned_by=supervisor, comment="Add the plan."
    )
    client.force_login(supervisor)
    body = client.get(reverse("supervision:cosign_queue", args=[team_a.pk])).content.decode()
    assert _review_links(body.split('data-testid="cosign-list"', 1)[1], team_a.pk) == [waiting.pk]
    for visit in (own, draft, no_cosign, returned):
        url = reverse("supervision:cosign_review", args=[team_a.pk, visit.pk])
        assert client.get(url).status_code == 404
    # Another team's note is not found through this team, nor is that team open to him.
    url = reverse("supervision:cosign_review", args=[team_a.pk, other_team.pk])
    assert client.get(url).status_code == 404
    url = reverse("supervision:cosign_next", args=[team_a.pk, other_team.pk])
    assert client.post(url).status_code == 404
    other_team.refresh_from_db()
    assert other_team.cosigned_at is None
    url = reverse("supervision:cosign_queue", args=[client_b.team_id])
    assert client.get(url).status_code == 404


def test_a_case_manager_has_no_queue(client, case_manager, team_a, client_a, supervisor):
    visit = _signed(client_a, supervisor, hours_ago=3)
    client.force_login(case_manager)
    assert client.get(reverse("supervision:cosign_queue", args=[team_a.pk])).status_code == 403
    url = reverse("supervision:cosign_next", args=[team_a.pk, visit.pk])
    assert client.post(url).status_code == 403
    visit.refresh_from_db()
    assert visit.cosigned_at is None


def test_the_pages_queries_do_not_grow_with_the_queue(
    client, supervisor, case_manager, client_a, team_a, django_assert_max_num_queries
):
    notes = [_signed(client_a, case_manager, hours_ago=100 - n) for n in range(40)]
    client.force_login(supervisor)
    # Session and user, the team check, the audit insert, the count and the page (with its
    # clients and authors joined); the review: the note, its position, the next one.
    with django_assert_max_num_queries(12):
        client.get(reverse("supervision:cosign_queue", args=[team_a.pk]))
    with django_assert_max_num_queries(12):
        client.get(reverse("supervision:cosign_review", args=[team_a.pk, notes[20].pk]))
