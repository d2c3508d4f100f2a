"""Co-signing notes and returning them with a comment.

Programs other than standard case management need a supervisor's co-signature on signed
notes (shared/domain/notes.md: "co-signature where required"; the program is the client's
enrolment, else the team's). The co-signature fills `Visit.cosigned_at`/`cosigned_by`, the
only columns besides the retraction that the signed-note trigger (clients migration 0003)
lets a signed note take, once. A return leaves the note as signed and asks its author, by a
notice and on the note's page, to address the comment (usually by an addendum).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.access import access_for
from casework.audit import audit_client
from casework.models import Team, User, save_new_version
from casework.notifications.services import Notice, notices_send
from clients.models import Visit
from clients.reminders import subject_line, url_pattern
from supervision.models import NoteReturn
from supervision.selectors.queues import needs_cosign
from supervision.services.errors import SupervisionError
from supervision.services.notices import NOTE_RETURNED

COMMENT_MAX = 2000


def _locked_for_review(*, visit_id: int, team: Team, reviewer: User) -> Visit:
    if team.pk not in access_for(reviewer).supervised_team_ids:
        raise SupervisionError(_("Only the team's supervisors co-sign its notes."))
    visit = (
        Visit.objects.select_for_update(of=("self",))
        .select_related("client")
        .filter(needs_cosign())
        .filter(pk=visit_id, client__team=team)
        .first()
    )
    if visit is None:
        raise Visit.DoesNotExist
    if visit.signed_at is None:
        raise SupervisionError(_("The author has not signed this note yet."))
    if visit.retracted_at is not None:
        raise SupervisionError(_("This note was marked entered in error."))
    if visit.cosigned_at is not None:
        raise SupervisionError(_("This note is already co-signed."))
    if visit.author_id == reviewer.pk:
        raise SupervisionError(_("A note is co-signed by someone other than its author."))
    return visit


def note_cosign(*, visit_id: int, team: Team, cosigned_by: User) -> Visit:
    """Co-sign a signed note of the team; an open return on it is resolved by this."""
    with transaction.atomic():
        visit = _locked_for_review(visit_id=visit_id, team=team, reviewer=cosigned_by)
        now = timezone.now()
        visit.cosigned_at = now
        visit.cosigned_by = cosigned_by
        save_new_version(visit, "cosigned_at", "cosigned_by")
        NoteReturn.objects.filter(visit=visit, resolved_at__isnull=True).update(
            resolved_at=now, resolved_by=cosigned_by
        )
        audit_client("clients.visit.cosigned", visit, visit.client, actor=cosigned_by)
    return visit


def note_return(*, visit_id: int, team: Team, returned_by: User, comment: str) -> NoteReturn:
    """Send a signed note back to its author with a comment instead of co-signing it."""
    comment = comment.strip()
    if not comment:
        raise SupervisionError(_("Write what the author should address."), field="comment")
    if len(comment) > COMMENT_MAX:
        raise SupervisionError(
            _("Keep the comment under %(n)d characters.") % {"n": COMMENT_MAX}, field="comment"
        )
    with transaction.atomic():
        visit = _locked_for_review(visit_id=visit_id, team=team, reviewer=returned_by)
        if NoteReturn.objects.filter(visit=visit, resolved_at__isnull=True).exists():
            raise SupervisionError(_("This note is already back with its author."))
        returned = NoteReturn.objects.create(
            visit=visit, team=team, returned_by=returned_by, comment=comment
        )
        client = visit.client
        notices_send(
            [
                Notice(
                    kind=NOTE_RETURNED,
                    recipient_id=visit.author_id,
                    object_type="supervision.notereturn",
                    object_id=returned.pk,
                    subject=subject_line(
                        client.given_name, client.preferred_name, client.record_number
                    ),
                    title=_("Your supervisor returned a note: read the comment"),
                    url=url_pattern("clients:visit_detail", "client_id", "pk").format(
                        client_id=client.pk, pk=visit.pk
                    ),
                    client_id=client.pk,
                    team_id=team.pk,
                )
            ]
        )
        # The comment may hold clinical detail: it stays on the row, not in the trail.
        audit_client(
            "supervision.note.returned",
            returned,
            client,
            actor=returned_by,
            detail={"visit_id": visit.pk},
        )
    return returned


def note_return_resolve(*, return_id: int, author: User, reply: str) -> NoteReturn:
    """The author has addressed the comment: the note goes back to the co-sign queue."""
    reply = reply.strip()
    with transaction.atomic():
        returned = (
            NoteReturn.objects.select_for_update(of=("self",))
            .select_related("visit__client")
            .filter(pk=return_id, visit__author=author)
            .first()
        )
        if returned is None:
            raise NoteReturn.DoesNotExist
        if returned.resolved_at is not None:
            raise SupervisionError(_("This return was already answered."))
        if len(reply) > 500:
            raise SupervisionError(_("Keep the reply under 500 characters."), field="reply")
        returned.resolved_at = timezone.now()
        returned.resolved_by = author
        returned.reply = reply
        returned.save(update_fields=["resolved_at", "resolved_by", "reply"])
        audit_client(
            "supervision.note.return_resolved",
            returned,
            returned.visit.client,
            actor=author,
            detail={"visit_id": returned.visit_id},
        )
    return returned
