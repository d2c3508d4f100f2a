"""Giving an instrument and acting on the safety flag it may raise.

The score, band and risk are computed here from the item answers by the instrument's
definition (careplans.instruments); a form never carries them. A risk rule that fires raises
a safety flag in the same transaction, and the client's case manager and the team's
supervisors are told at once (an in-app reminder, through the reminder engine's own rule).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from careplans import instruments
from careplans.models import Administration, FlagAction, SafetyFlag
from careplans.predicates import may_acknowledge_flag
from careplans.selectors.programs import program_for, settings_for
from careplans.services.errors import AssessmentError
from casework import reminders as engine
from casework.audit import audit_client
from casework.models import User
from clients.models import Client
from clients.services.locking import client_lock_for_change

MAX_BACKDATE = timedelta(days=30)
MAX_NOTE = 2000


def instrument_settings_for(client: Client) -> dict[str, str]:
    return dict(settings_for(program_for(client)).instrument_settings or {})


def administration_record(
    *,
    client: Client,
    author: User,
    instrument_code: str,
    answers: Mapping[str, object],
    administered_on: date,
) -> Administration:
    """Score complete answers and store them; raise a safety flag when a risk rule fires.
    Unanswered or invalid items are refused, each with its own message."""
    try:
        instrument = instruments.get(instrument_code)
    except KeyError:
        raise AssessmentError(_("Unknown instrument.")) from None
    today = timezone.localdate()
    if administered_on > today:
        raise AssessmentError(_("The date cannot be in the future."), field="administered_on")
    if administered_on < today - MAX_BACKDATE:
        raise AssessmentError(
            _("Enter results within %(days)s days of giving the instrument.")
            % {"days": MAX_BACKDATE.days},
            field="administered_on",
        )
    with transaction.atomic():
        client = client_lock_for_change(client.pk, author, related=("team__program", "program"))
        if not client.is_open:
            raise AssessmentError(_("This client is discharged; re-open the record first."))
        used = instrument.settings_with_defaults(instrument_settings_for(client))
        try:
            result = instrument.score(answers, used)
            cleaned = instrument.clean(answers, used)
        except instruments.IncompleteError as error:
            raise AssessmentError(
                _("Answer every item before the %(name)s can be scored (%(n)s left).")
                % {"name": instrument.name, "n": len(error.errors)},
                errors=error.errors,
            ) from None
        administration = Administration.objects.create(
            client=client,
            team_id=client.team_id,
            author=author,
            instrument=instrument.code,
            administered_on=administered_on,
            answers={k: v for k, v in cleaned.items() if v is not None},
            settings_used=used,
            score=result.score,
            band=result.band.code if result.band else "",
            band_level=result.band.level if result.band else 0,
            positive=result.positive,
            risk=result.risk,
            prorated=result.prorated,
        )
        audit_client(
            "careplans.administration.created",
            administration,
            client,
            actor=author,
            detail={"instrument": instrument.code},
        )
        if result.flags:
            _flag_raise(administration=administration, result=result, client=client)
    return administration


def _flag_raise(*, administration: Administration, result: instruments.Result, client: Client):
    # The C-SSRS grades the risk; PHQ-9 item 9 does not (a full risk assessment will).
    flag = SafetyFlag.objects.create(
        client=client,
        administration=administration,
        level=result.risk,
        reasons=list(result.flags),
    )
    audit_client(
        "careplans.safetyflag.raised",
        flag,
        client,
        actor=administration.author,
        detail={"administration_id": administration.pk, "reasons": list(result.flags)},
    )
    notify_safety_flags()
    return flag


def notify_safety_flags() -> None:
    """Bring the safety-flag reminders in line now, inside the caller's transaction, so the
    case manager and supervisors see the flag on their next page (the beat sweep would get
    there too, later). The rule's query reads open flags only: a handful of rows."""
    from careplans.reminders import SAFETY_FLAG

    for rule in engine.rules():
        if rule.kind == SAFETY_FLAG:
            engine.sweep_rule(rule, now=timezone.now())


def safety_flag_acknowledge(
    *, flag: SafetyFlag, acknowledged_by: User, actions: list[str], note: str
) -> SafetyFlag:
    """Record who acknowledged the flag and what was done; it leaves the header."""
    note = note.strip()
    with transaction.atomic():
        flag = (
            SafetyFlag.objects.select_for_update(of=("self",))
            .select_related("client")
            .get(pk=flag.pk)
        )
        if not may_acknowledge_flag(acknowledged_by, flag):
            raise PermissionDenied
        if not flag.is_open:
            raise AssessmentError(_("This flag was already acknowledged."))
        actions = [a for a in dict.fromkeys(actions) if a in FlagAction.values]
        if not actions:
            raise AssessmentError(_("Tick at least one thing that was done."), field="actions")
        if not note:
            raise AssessmentError(_("Say briefly what was done."), field="note")
        flag.acknowledged_at = timezone.now()
        flag.acknowledged_by = acknowledged_by
        flag.actions = actions
        flag.action_note = note[:MAX_NOTE]
        flag.save(update_fields=["acknowledged_at", "acknowledged_by", "actions", "action_note"])
        audit_client(
            "careplans.safetyflag.acknowledged",
            flag,
            flag.client,
            actor=acknowledged_by,
            detail={"actions": actions},
        )
        notify_safety_flags()  # the reminders resolve: their cause is gone
    return flag
