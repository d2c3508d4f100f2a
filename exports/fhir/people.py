"""The client and the people around them: Patient, RelatedPerson, the CareTeam (agency staff
from the assignments, outside providers as Practitioner and Organization), and the
EpisodeOfCare of each program enrolment with its status history."""

from __future__ import annotations

from datetime import date

from clients.models import CareProvider
from exports.fhir import codes
from exports.fhir.builder import Builder, Resource, coding, concept, day, display, text


def _telecom(phone: str = "", email: str = "") -> list[dict[str, str]]:
    found = []
    if phone:
        found.append({"system": "phone", "value": phone})
    if email:
        found.append({"system": "email", "value": email})
    return found


def add_patient(b: Builder) -> None:
    client = b.record.client
    names = [{"use": "official", "family": client.family_name, "given": [client.given_name]}]
    if client.preferred_name:
        names.append(
            {"use": "usual", "family": client.family_name, "given": [client.preferred_name]}
        )
    body: Resource = {
        "resourceType": "Patient",
        "identifier": [
            {
                "use": "usual",
                "type": concept("http://terminology.hl7.org/CodeSystem/v2-0203", "MR"),
                "system": b.system("record-number"),
                "value": client.record_number,
            }
        ],
        "active": client.is_open,
        "name": names,
        "communication": [{"language": text(client.primary_language), "preferred": True}],
        "managingOrganization": b.organization(),
    }
    if client.pronouns:
        body["extension"] = [
            {"url": codes.PRONOUNS_EXTENSION, "valueCodeableConcept": text(client.pronouns)}
        ]
    if telecom := _telecom(client.phone):
        body["telecom"] = telecom
    if client.address:
        body["address"] = [{"text": client.address}]
    if client.date_of_birth:
        body["birthDate"] = day(client.date_of_birth)
    b.add("clients.client", client.pk, body)


def add_related_people(b: Builder) -> None:
    for person in b.record.people:
        relationship = [text(person.relationship or display(person, "kind"))]
        if role := codes.RELATED_PERSON_ROLE.get(person.kind):
            relationship.append(concept(codes.V3_ROLE_CODE, *role))
        if person.is_emergency_contact:
            relationship.append(concept(codes.V2_CONTACT_ROLE, "C", "Emergency Contact"))
        body: Resource = {
            "resourceType": "RelatedPerson",
            "active": person.is_active,
            "patient": b.patient,
            "relationship": relationship,
            "name": [{"text": person.full_name}],
        }
        if telecom := _telecom(person.phone, person.email):
            body["telecom"] = telecom
        if person.address:
            body["address"] = [{"text": person.address}]
        b.add("clients.relatedperson", person.pk, body)


def provider_organization(b: Builder, provider: CareProvider) -> dict[str, str] | None:
    if not provider.organization_name:
        return None
    body: Resource = {"resourceType": "Organization", "name": provider.organization_name}
    if provider.directory_organization_id:
        body["identifier"] = [
            {"system": b.system("directory"), "value": str(provider.directory_organization_id)}
        ]
    if telecom := _telecom("" if provider.name else provider.phone):
        body["telecom"] = telecom
    # One Organization per directory entry (or per name when not linked).
    key = provider.directory_organization_id or provider.organization_name.casefold()
    return b.add("outside.organization", key, body)


def provider_reference(b: Builder, provider: CareProvider) -> dict[str, str]:
    """The outside provider: a Practitioner when a person is named, else the Organization."""
    organization = provider_organization(b, provider)
    if not provider.name:
        return organization  # type: ignore[return-value]
    body: Resource = {"resourceType": "Practitioner", "name": [{"text": provider.name}]}
    if telecom := _telecom(provider.phone, provider.email):
        body["telecom"] = telecom
    return b.add("clients.careprovider", provider.pk, body)


def _period(start: date | None, end: date | None) -> dict[str, str]:
    period = {}
    if start:
        period["start"] = day(start)
    if end:
        period["end"] = day(end)
    return period


def add_care_team(b: Builder) -> dict[str, str]:
    participants = []
    for assignment in b.record.assignments:
        participants.append(
            {
                "role": [text(display(assignment, "role"))],
                "member": b.practitioner(assignment.staff),
                "onBehalfOf": b.team(b.record.client.team),
                "period": _period(assignment.started_on, assignment.ended_on),
            }
        )
    for provider in b.record.providers:
        participant: Resource = {
            "role": [text(provider.role or display(provider, "kind"))],
            "member": provider_reference(b, provider),
        }
        if provider.name and (organization := provider_organization(b, provider)):
            participant["onBehalfOf"] = organization
        if period := _period(provider.started_on, provider.ended_on):
            participant["period"] = period
        participants.append(participant)
    body: Resource = {
        "resourceType": "CareTeam",
        "status": "active" if b.record.client.is_open else "inactive",
        "name": "Care team",
        "subject": b.patient,
        "managingOrganization": [b.organization()],
    }
    if participants:
        body["participant"] = participants
    return b.add("clients.careteam", b.record.client.pk, body)


def _status_history(b: Builder, start: date, end: date | None) -> list[Resource]:
    """The client's status periods that overlap the enrolment, clipped to it."""
    changes = b.record.status_changes
    history = []
    for index, change in enumerate(changes):
        until = changes[index + 1].effective_on if index + 1 < len(changes) else None
        if (end and change.effective_on > end) or (until and until <= start):
            continue
        period = _period(
            max(change.effective_on, start), min(filter(None, (until, end)), default=None)
        )
        history.append({"status": codes.EPISODE_STATUS[change.to_status], "period": period})
    return history


def add_episodes(b: Builder, care_team: dict[str, str]) -> dict[int, dict[str, str]]:
    """One EpisodeOfCare per program enrolment; returns their references by enrolment id."""
    references = {}
    primaries = [a for a in b.record.assignments if a.role == "primary"]
    for enrolment in b.record.enrolments:
        if enrolment.ended_on is not None:
            status = "finished"
        else:
            status = codes.EPISODE_STATUS[b.record.client.status]
        body: Resource = {
            "resourceType": "EpisodeOfCare",
            "status": status,
            "type": [
                {
                    "coding": [coding(b.system("program"), enrolment.program.kind)],
                    "text": enrolment.program.name,
                }
            ],
            "patient": b.patient,
            "managingOrganization": b.organization(),
            "period": _period(enrolment.started_on, enrolment.ended_on),
            "team": [care_team],
        }
        if history := _status_history(b, enrolment.started_on, enrolment.ended_on):
            body["statusHistory"] = history
        manager = next(
            (
                a.staff
                for a in reversed(primaries)
                if a.started_on <= (enrolment.ended_on or date.max)
                and (a.ended_on is None or a.ended_on >= enrolment.started_on)
            ),
            None,
        )
        if manager is not None:
            body["careManager"] = b.practitioner(manager)
        references[enrolment.pk] = b.add("clients.enrolment", enrolment.pk, body)
    return references
