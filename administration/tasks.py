"""Celery entry points of the agency admin's pages. Thin: ids in, one service call."""

from __future__ import annotations

from celery import shared_task

from administration.services.invitations import invitation_email
from casework.models import User


@shared_task(acks_late=True)
def send_invitation(user_id: int, base_url: str) -> None:
    """E-mail a fresh invitation link, unless the person has set a password meanwhile (a
    retried task must not send a link that no longer works)."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or user.has_usable_password():
        return
    invitation_email(user=user, base_url=base_url)


@shared_task(acks_late=True)
def run_caseload_import(import_id: int) -> None:
    """Run a queued caseload import. Safe to run twice: the import's row is locked and only
    a queued import runs, in one transaction (a worker killed midway leaves it queued and
    unwritten, for the retry)."""
    from administration.models import CaseloadImport, ImportState
    from administration.services.caseload import caseload_import_run

    batch = CaseloadImport.objects.filter(pk=import_id, state=ImportState.QUEUED).first()
    if batch is not None:
        caseload_import_run(agency=batch.agency, import_id=batch.pk)


@shared_task(acks_late=True)
def check_caseload_import(import_id: int) -> None:
    """Check the files of an upload too large for the web request. Safe to run twice: only
    an import still being checked is checked, its row locked."""
    from administration.services.caseload import caseload_check_stored

    caseload_check_stored(import_id=import_id)
