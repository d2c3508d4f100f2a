"""Plans, results, releases and referrals: CarePlan per approved version with one Goal per
goal (its identity kept across versions, the client's own words as description.text), an
Observation per instrument result (LOINC where LOINC has the code; items as components), a
Flag per safety flag, signed comprehensive assessments as DocumentReference, a Consent per
release (Part 2 data labelled 42CFRPart2), and a ServiceRequest per referral with a Task
whose relevantHistory (Provenance) is the referral's status history."""

from __future__ import annotations

import base64

from django.utils import timezone

from careplans.instruments import all_instruments
from careplans.models import Administration, CarePlan, Goal, ObjectiveStatus, PlanStatus
from clients.models import ConsentRelease, ConsentStatus, RecipientKind
from exports.fhir import codes
from exports.fhir.builder import Builder, Resource, coding, concept, day, display, instant, text
from referrals.models import Referral, ReferralStatus

_INSTRUMENTS = {i.code: i for i in all_instruments()}


# --- Care plans and goals -----------------------------------------------------------------
def _goal_status(goal: Goal, plan: CarePlan) -> tuple[str, str | None]:
    """(lifecycleStatus, achievementStatus code) from the goal's objectives."""
    statuses = [o.status for o in goal.objectives.all()]
    achieved = statuses and all(s == ObjectiveStatus.ACHIEVED for s in statuses)
    if achieved:
        return "completed", "achieved"
    if statuses and all(s == ObjectiveStatus.DISCONTINUED for s in statuses):
        return "cancelled", "not-achieved"
    progress = "in-progress" if ObjectiveStatus.IN_PROGRESS in statuses else None
    return ("active" if plan.status == PlanStatus.ACTIVE else "cancelled"), progress


def _goal(b: Builder, goal: Goal, plan: CarePlan) -> dict[str, str]:
    lifecycle, achievement = _goal_status(goal, plan)
    body: Resource = {
        "resourceType": "Goal",
        "lifecycleStatus": lifecycle,
        "description": text(goal.client_words),
        "subject": b.patient,
        "expressedBy": b.patient,
        "startDate": day(timezone.localdate(plan.approved_at)),
    }
    if achievement:
        body["achievementStatus"] = concept(codes.GOAL_ACHIEVEMENT, achievement)
    targets = [
        {"detailString": o.text, "dueDate": day(o.target_date)} for o in goal.objectives.all()
    ]
    if targets:
        body["target"] = targets
    # One Goal per lineage: later versions of the plan refer to the same Goal, which holds
    # the goal as the latest version words it (plans are loaded oldest first).
    key = b.key("careplans.goal", goal.lineage)
    b.entries[:] = [e for e in b.entries if e["resource"]["id"] != key]
    b._seen.discard(key)
    return b.add("careplans.goal", goal.lineage, body)


def add_care_plans(b: Builder, care_team: dict[str, str]) -> None:
    previous = None
    for plan in b.record.plans:
        goals = list(plan.goals.all())
        references = [_goal(b, goal, plan) for goal in goals]
        activities = [
            {
                "detail": {
                    "kind": "ServiceRequest",
                    "code": text(intervention.what),
                    "goal": [reference],
                    "status": "in-progress" if plan.status == PlanStatus.ACTIVE else "stopped",
                    "scheduledString": intervention.frequency,
                    "description": " · ".join(
                        filter(
                            None,
                            (display(intervention, "responsible"), intervention.responsible_name),
                        )
                    ),
                }
            }
            for goal, reference in zip(goals, references, strict=True)
            for intervention in goal.interventions.all()
        ]
        body: Resource = {
            "resourceType": "CarePlan",
            "identifier": [
                {"system": b.system("care-plan"), "value": f"{plan.client_id}-v{plan.number}"}
            ],
            "status": "active" if plan.status == PlanStatus.ACTIVE else "revoked",
            "intent": "plan",
            "title": f"Care plan, version {plan.number}",
            "subject": b.patient,
            "period": {"start": day(timezone.localdate(plan.approved_at))},
            "created": instant(plan.created_at),
            "author": b.practitioner(plan.created_by),
            "careTeam": [care_team],
        }
        if plan.summary:
            body["description"] = plan.summary
        if references:
            body["goal"] = references
        if activities:
            body["activity"] = activities
        if previous is not None:
            body["replaces"] = [previous]
        previous = b.add("careplans.careplan", plan.pk, body)
        b.provenance(
            plan,
            target=previous,
            when=plan.approved_at,
            signers=[(plan.approved_by, "verifier", codes.VERIFICATION_SIGNATURE)],
            activity="Approved the care plan",
        )
    b.leave_out(
        "care-plan drafts",
        b.record.draft_plans,
        "A version becomes part of the record when a supervisor approves it.",
    )


# --- Results, flags, assessments ------------------------------------------------------------
def _observation_code(b: Builder, instrument: str) -> dict:
    if total := codes.INSTRUMENT_TOTALS.get(instrument):
        return concept(codes.LOINC, *total)
    name = _INSTRUMENTS[instrument].name if instrument in _INSTRUMENTS else instrument
    return concept(b.system("instrument"), f"{instrument}-result", f"{name} result")


def _components(b: Builder, item: Administration) -> list[Resource]:
    definition = _INSTRUMENTS.get(item.instrument)
    components = []
    for code, answer in item.answers.items():
        if answer is None:
            continue
        label = str(definition.item(code).label) if definition else code
        if loinc := codes.INSTRUMENT_ITEMS.get(code):
            system = codes.LOINC
        else:
            system, loinc = b.system("instrument-item"), code
        components.append({"code": concept(system, loinc, label=label), "valueInteger": answer})
    return components


def add_observations(b: Builder) -> None:
    for item in b.record.administrations:
        body: Resource = {
            "resourceType": "Observation",
            "status": "final",
            "category": [concept(codes.OBSERVATION_CATEGORY, "survey", "Survey")],
            "code": _observation_code(b, item.instrument),
            "subject": b.patient,
            "effectiveDateTime": day(item.administered_on),
            "issued": instant(item.created_at),
            "performer": [b.practitioner(item.author)],
            "interpretation": [text(item.band)],
        }
        if item.score is not None:
            body["valueInteger"] = item.score
        else:
            body["valueCodeableConcept"] = text(f"Risk: {item.risk or 'none'}")
        if components := _components(b, item):
            body["component"] = components
        if item.instrument in codes.SUBSTANCE_USE_INSTRUMENTS:
            body["meta"] = {
                "security": [
                    coding(codes.V3_ACT_CODE, code, display)
                    for code, display in codes.CATEGORY_LABELS["substance_use"]
                ]
            }
        b.add("careplans.administration", item.pk, body)


def add_flags(b: Builder) -> None:
    for flag in b.record.flags:
        period = {"start": instant(flag.raised_at)}
        if flag.acknowledged_at:
            period["end"] = instant(flag.acknowledged_at)
        body: Resource = {
            "resourceType": "Flag",
            "status": "active" if flag.is_open else "inactive",
            "category": [concept(codes.FLAG_CATEGORY, "safety", "Safety")],
            "code": text("Safety: " + "; ".join(flag.reason_labels)),
            "subject": b.patient,
            "period": period,
        }
        if flag.acknowledged_by:
            body["author"] = b.practitioner(flag.acknowledged_by)
        b.add("careplans.safetyflag", flag.pk, body)


def add_assessments(b: Builder) -> None:
    for assessment in b.record.assessments:
        lines = [f"{display(assessment, 'kind')} assessment, {assessment.assessed_on:%d %b %Y}"]
        for _key, label, answers in assessment.domain_rows():
            need = answers.get("need") or "not rated"
            lines.append(f"\n{label}: need {need}")
            for part in ("strengths", "notes"):
                if answers.get(part):
                    lines.append(f"{part.capitalize()}: {answers[part]}")
        if assessment.summary:
            lines.append(f"\nSummary: {assessment.summary}")
        for addendum in assessment.addenda.all():
            lines.append(
                f"\nAddendum ({timezone.localtime(addendum.created_at):%d %b %Y}): {addendum.text}"
            )
        reference = b.add(
            "careplans.assessment",
            assessment.pk,
            {
                "resourceType": "DocumentReference",
                "status": "current",
                "docStatus": "amended" if assessment.addenda.all() else "final",
                "type": concept(
                    b.system("document"), "comprehensive-assessment", "Comprehensive assessment"
                ),
                "subject": b.patient,
                "date": instant(assessment.signed_at),
                "author": [b.practitioner(assessment.author)],
                "content": [
                    {
                        "attachment": {
                            "contentType": "text/plain; charset=utf-8",
                            "data": base64.b64encode("\n".join(lines).encode()).decode(),
                            "title": "Comprehensive assessment",
                        }
                    }
                ],
            },
        )
        b.provenance(
            assessment,
            target=reference,
            when=assessment.signed_at,
            signers=[(assessment.author, "author", codes.AUTHOR_SIGNATURE)],
            activity="Completed and signed the assessment",
        )


# --- Releases -------------------------------------------------------------------------------
def _consent_status(consent: ConsentRelease, today) -> str:
    status = consent.status_on(today)
    if status in (ConsentStatus.EXPIRED, ConsentStatus.REVOKED):
        return "inactive"
    return "proposed" if status == ConsentStatus.PENDING else "active"


def _recipient(b: Builder, consent: ConsentRelease) -> dict[str, str]:
    if consent.recipient_kind == RecipientKind.RELATED_PERSON:
        return b.ref("clients.relatedperson", consent.related_person_id)
    kind = (
        "Organization" if consent.recipient_kind == RecipientKind.ORGANIZATION else "RelatedPerson"
    )
    body: Resource = {"resourceType": kind, "name": consent.recipient_name}
    if kind == "RelatedPerson":
        body = {
            "resourceType": kind,
            "patient": b.patient,
            "name": [{"text": consent.recipient_name}],
        }
    if consent.recipient_details:
        body["address"] = [{"text": consent.recipient_details}]
    return b.add(f"recipient.{kind}", consent.pk, body)


def add_consents(b: Builder) -> None:
    today = timezone.localdate()
    for consent in b.record.consents:
        labels = [
            coding(codes.V3_ACT_CODE, code, display)
            for category in consent.categories
            for code, display in codes.CATEGORY_LABELS.get(category, ())
        ]
        classes = sorted(
            {c for cat in consent.categories for c in codes.CATEGORY_CLASSES.get(cat, ())}
        )
        period = {"start": day(consent.effective_on)}
        end = min(
            filter(None, (consent.expires_on, consent.revoked_on, consent.expiry_event_on)),
            default=None,
        )
        if end:
            period["end"] = day(end)
        provision: Resource = {
            "type": "permit",
            "period": period,
            "actor": [
                {
                    "role": concept(codes.V3_PARTICIPATION, "IRCP", "information recipient"),
                    "reference": _recipient(b, consent),
                }
            ],
            "action": [concept(codes.CONSENT_ACTION, "disclose", "Disclose")],
            "class": [coding(codes.RESOURCE_TYPES, c) for c in classes],
            "code": [
                concept(b.system("consent-category"), c, str(label))
                for c, label in zip(consent.categories, consent.category_labels, strict=True)
            ],
        }
        if labels:
            provision["securityLabel"] = labels
        policies = [{"uri": codes.HIPAA_AUTHORIZATION}]
        body: Resource = {
            "resourceType": "Consent",
            "status": _consent_status(consent, today),
            "scope": concept(codes.CONSENT_SCOPE, "patient-privacy", "Privacy Consent"),
            "category": [concept(codes.LOINC, "59284-0", "Patient Consent")],
            "patient": b.patient,
            "dateTime": instant(consent.created_at),
            "organization": [b.organization()],
            "provision": provision,
        }
        if consent.signed_on:
            body["performer"] = [b.patient]
        if consent.includes_substance_use:
            policies.append({"uri": codes.PART2_CONSENT})
            body["meta"] = {"security": [codes.PART2_LABEL]}
        body["policy"] = policies
        if consent.has_form:
            body["sourceAttachment"] = {
                "contentType": consent.form_content_type,
                "title": "Signed release (kept in Casework)",
                "size": consent.form_size,
            }
        b.add("clients.consentrelease", consent.pk, body)


# --- Referrals ------------------------------------------------------------------------------
def _performer(b: Builder, referral: Referral) -> dict[str, str]:
    if referral.organization_id:
        organization = referral.organization
        return b.add(
            "directory.organization",
            organization.pk,
            {
                "resourceType": "Organization",
                "identifier": [
                    {"system": b.system("directory"), "value": str(organization.hsds_id)}
                ],
                "active": organization.is_active,
                "name": organization.name,
            },
        )
    body: Resource = {"resourceType": "Organization", "name": referral.provider_name}
    if referral.provider_contact:
        body["telecom"] = [{"system": "other", "value": referral.provider_contact}]
    return b.add("referral.provider", referral.pk, body)


def add_referrals(b: Builder) -> None:
    for referral in b.record.referrals:
        performer = _performer(b, referral)
        body: Resource = {
            "resourceType": "ServiceRequest",
            "status": codes.SERVICE_REQUEST_STATUS.get(referral.status, "revoked"),
            "intent": "order",
            "category": [concept(codes.SNOMED, "3457005", "Patient referral")],
            "priority": referral.urgency,
            "code": text(referral.provider_label),
            "subject": b.patient,
            "authoredOn": instant(referral.created_at),
            "requester": b.practitioner(referral.referred_by),
            "performer": [performer],
            "reasonCode": [text(referral.reason)],
        }
        if referral.appointment_at:
            body["occurrenceDateTime"] = instant(referral.appointment_at)
        request = b.add("referrals.referral", referral.pk, body)
        history = []
        for event in b.record.referral_events.get(referral.pk, []):
            if event.kind == "status":
                what = f"{display(event, 'from_status') or 'new'} → {display(event, 'to_status')}"
            else:
                what = f"Follow-up ({display(event, 'contact').lower()})"
            history.append(
                b.add(
                    "referrals.referralevent",
                    event.pk,
                    {
                        "resourceType": "Provenance",
                        "target": [b.ref("referrals.task", referral.pk)],
                        "occurredDateTime": day(event.happened_on),
                        "recorded": instant(event.recorded_at),
                        "activity": text(what),
                        "agent": [{"who": b.practitioner(event.by)}],
                    },
                )
            )
        task: Resource = {
            "resourceType": "Task",
            "status": codes.TASK_STATUS[referral.status],
            "businessStatus": text(ReferralStatus(referral.status).label),
            "intent": "order",
            "focus": request,
            "for": b.patient,
            "authoredOn": instant(referral.created_at),
            "lastModified": instant(referral.updated_at),
            "requester": b.practitioner(referral.referred_by),
            "owner": performer,
        }
        if referral.outcome_note:
            task["output"] = [{"type": text("Outcome"), "valueString": referral.outcome_note}]
        if history:
            task["relevantHistory"] = history
        b.add("referrals.task", referral.pk, task)
