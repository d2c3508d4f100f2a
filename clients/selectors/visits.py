"""Reads of visits and notes, scoped through the client's team like every client read."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from casework import access
from casework.models import Role, User
from clients.models import Client, Mode, NoteAddendum, Visit
from clients.selectors.clients import client_get_for, client_get_for_change


def completed_visits() -> QuerySet[Visit]:
    """Visits that count as a completed contact, newest first."""
    return (
        Visit.objects.filter(retracted_at__isnull=True)
        .exclude(mode=Mode.ATTEMPTED)
        .order_by("-contact_at", "-id")
    )


def visit_get_for(*, viewer: User, client_id: int, pk: int) -> Visit:
    """The visit with its addenda, or 404 outside the viewer's teams."""
    client = client_get_for(viewer=viewer, pk=client_id)
    visit = access.child_or_404(
        Visit.objects.select_related("author", "cosigned_by").prefetch_related(
            Prefetch("addenda", NoteAddendum.objects.select_related("author"))
        ),
        pk=pk,
        client=client,
    )
    visit.client = client
    return visit


def visit_get_for_author(*, viewer: User, client_id: int, pk: int) -> Visit:
    """The visit for a change only its author may make: 404 outside the viewer's teams,
    403 for anyone else, compliance included."""
    client = client_get_for_change(viewer=viewer, pk=client_id)
    visit = access.child_or_404(Visit.objects.select_related("author"), pk=pk, client=client)
    if visit.author_id != viewer.pk:
        raise PermissionDenied
    visit.client = client
    return visit


def _own_notes(viewer: User, **conditions) -> QuerySet[Visit]:
    """The viewer's own notes meeting `conditions`, with their client, on clients the viewer
    may still see: the lists of one's own notes, scoped like every client read."""
    return Visit.objects.filter(
        author=viewer, client__in=Client.objects.visible_to(viewer).values("pk"), **conditions
    ).select_related("client")


def unsigned_notes_for(*, viewer: User) -> QuerySet[Visit]:
    """The viewer's own drafts, oldest contact first, so the day can be closed out."""
    return _own_notes(viewer, signed_at__isnull=True).order_by("contact_at", "id")


RECENT_DAYS = 30


def recent_notes_for(*, viewer: User) -> QuerySet[Visit]:
    """The viewer's own notes of the last 30 days, signed and drafts, newest contact first:
    the way back to a note that needs an addendum."""
    since = timezone.now() - timedelta(days=RECENT_DAYS)
    return _own_notes(viewer, contact_at__gte=since).order_by("-contact_at", "-id")


def overdue_notes_for(*, viewer: User) -> QuerySet[Visit]:
    """Unsigned notes past their documentation window: every one of the teams the viewer
    supervises or reviews, and the viewer's own elsewhere. Oldest deadline first."""
    acc = access.access_for(viewer)
    overseen = acc.supervised_team_ids | frozenset(
        t for t, role in acc.roles_by_team.items() if role == Role.COMPLIANCE
    )
    return (
        Visit.objects.filter(
            signed_at__isnull=True,
            sign_due_at__lt=timezone.now(),
            client__in=Client.objects.visible_to(viewer).values("pk"),
        )
        .filter(Q(author=viewer) | Q(client__team_id__in=overseen))
        .select_related("client", "author")
        .order_by("sign_due_at", "id")
    )
