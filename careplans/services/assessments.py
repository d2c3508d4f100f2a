"""The comprehensive assessment: start (optionally from the last one), autosave the draft,
complete and sign, add addenda.

A draft belongs to its author and carries a version, so a save from a stale tab is refused,
never silently applied. Signing checks every domain has a need rating and fixes the
assessment for good (migration 0002's trigger refuses any later change).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from careplans.models import (
    DOMAINS,
    Assessment,
    AssessmentAddendum,
    AssessmentKind,
    NeedRating,
)
from careplans.predicates import may_add_assessment_addendum
from careplans.services.errors import AssessmentError, StaleAssessmentError
from casework.audit import audit_client
from casework.errors import refuse_stale
from casework.models import User
from clients.models import Client
from clients.services.locking import client_lock_for_change

MAX_TEXT = 5000
# An assessment may be dated back (written up after the meeting), not far, and not ahead.
MAX_BACKDATE = timedelta(days=30)


@dataclass(frozen=True)
class AssessmentInput:
    assessed_on: date
    # {domain key: {"need": str, "strengths": str, "notes": str}}
    domains: dict[str, dict[str, str]] = field(default_factory=dict)
    summary: str = ""


def _checked_domains(data: AssessmentInput) -> dict[str, dict[str, str]]:
    """Only known domains and fields, trimmed; an unknown need rating is refused."""
    out: dict[str, dict[str, str]] = {}
    for key, _label in DOMAINS:
        given = data.domains.get(key) or {}
        need = (given.get("need") or "").strip()
        if need and need not in NeedRating.values:
            raise AssessmentError(_("Choose a need rating."), field=f"{key}_need")
        entry = {
            "need": need,
            "strengths": (given.get("strengths") or "").strip()[:MAX_TEXT],
            "notes": (given.get("notes") or "").strip()[:MAX_TEXT],
        }
        if any(entry.values()):
            out[key] = entry
    return out


def _check_date(day: date) -> None:
    today = timezone.localdate()
    if day > today:
        raise AssessmentError(
            _("The assessment cannot be dated in the future."), field="assessed_on"
        )
    if day < today - MAX_BACKDATE:
        raise AssessmentError(
            _("Date the assessment within the last %(days)s days.") % {"days": MAX_BACKDATE.days},
            field="assessed_on",
        )


def _check_complete(assessment: Assessment) -> None:
    errors = {
        f"{key}_need": _("Rate the need in %(domain)s.") % {"domain": label}
        for key, label in DOMAINS
        if not (assessment.domains.get(key) or {}).get("need")
    }
    if errors:
        raise AssessmentError(
            _("Rate the need in every domain before completing (%(n)s left).") % {"n": len(errors)},
            errors=errors,
        )


SAVED_ELSEWHERE = gettext_lazy(
    "This assessment was saved elsewhere (another tab or device) at %(time)s. "
    "Copy your text, then reload the page to see the saved version."
)


def _locked_draft(*, assessment_id: int, editor: User, version: int) -> Assessment:
    assessment = (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("client")
        .get(pk=assessment_id)
    )
    if assessment.author_id != editor.pk:
        raise PermissionDenied
    if assessment.is_signed:
        raise AssessmentError(_("This assessment is signed; add an addendum instead."))
    refuse_stale(assessment, version, StaleAssessmentError, SAVED_ELSEWHERE)
    return assessment


def _audit(action: str, *, actor: User, assessment: Assessment, **detail) -> None:
    audit_client(
        f"careplans.assessment.{action}",
        assessment,
        assessment.client,
        actor=actor,
        detail=detail or None,
    )


def assessment_start(*, client: Client, author: User, from_last: bool = False) -> Assessment:
    """A new draft of `author`, or their draft already open for this client. `from_last`
    copies the domains of the client's last signed assessment as a starting point."""
    with transaction.atomic():
        client = client_lock_for_change(client.pk, author)
        if not client.is_open:
            raise AssessmentError(_("This client is discharged; re-open the record first."))
        draft = Assessment.objects.filter(
            client=client, author=author, signed_at__isnull=True
        ).first()
        if draft is not None:
            return draft
        last = (
            Assessment.objects.filter(client=client, signed_at__isnull=False)
            .order_by("-assessed_on", "-id")
            .first()
        )
        assessment = Assessment(
            client=client,
            team_id=client.team_id,
            author=author,
            kind=AssessmentKind.INITIAL if last is None else AssessmentKind.REASSESSMENT,
            assessed_on=timezone.localdate(),
        )
        if from_last and last is not None:
            assessment.domains = copy.deepcopy(last.domains)
            assessment.started_from = last
        assessment.save()
        _audit(
            "created",
            actor=author,
            assessment=assessment,
            started_from=last.pk if assessment.started_from_id else None,
        )
    return assessment


def _apply(assessment: Assessment, data: AssessmentInput) -> None:
    _check_date(data.assessed_on)
    assessment.assessed_on = data.assessed_on
    assessment.domains = _checked_domains(data)
    assessment.summary = data.summary.strip()[:MAX_TEXT]


def assessment_draft_save(
    *, assessment: Assessment, editor: User, data: AssessmentInput, version: int
) -> Assessment:
    """Save the author's changes to a draft (the form and every autosave)."""
    with transaction.atomic():
        assessment = _locked_draft(assessment_id=assessment.pk, editor=editor, version=version)
        _apply(assessment, data)
        assessment.version += 1
        assessment.save()
        _audit("draft_saved", actor=editor, assessment=assessment)
    return assessment


def assessment_sign(
    *, assessment: Assessment, signed_by: User, data: AssessmentInput, version: int
) -> Assessment:
    """Save what the author sees and complete it: signed, immutable from now on."""
    with transaction.atomic():
        assessment = _locked_draft(assessment_id=assessment.pk, editor=signed_by, version=version)
        _apply(assessment, data)
        _check_complete(assessment)
        assessment.signed_at = timezone.now()
        assessment.version += 1
        assessment.save()
        _audit("signed", actor=signed_by, assessment=assessment)
    return assessment


def assessment_addendum_add(
    *, assessment: Assessment, author: User, text: str, reason: str
) -> AssessmentAddendum:
    text, reason = text.strip(), reason.strip()
    with transaction.atomic():
        assessment = (
            Assessment.objects.select_for_update(of=("self",))
            .select_related("client")
            .get(pk=assessment.pk)
        )
        if not may_add_assessment_addendum(author, assessment):
            raise PermissionDenied
        if not assessment.is_signed:
            raise AssessmentError(_("This assessment is still a draft: edit it instead."))
        if not text:
            raise AssessmentError(_("Write the text to add."), field="text")
        if not reason:
            raise AssessmentError(_("Give the reason."), field="reason")
        addendum = AssessmentAddendum.objects.create(
            assessment=assessment, text=text[:MAX_TEXT], reason=reason[:300], author=author
        )
        _audit("addendum_added", actor=author, assessment=assessment, addendum_id=addendum.pk)
    return addendum
