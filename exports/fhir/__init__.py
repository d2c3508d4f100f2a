"""A client's record as a FHIR R4 Bundle (type `collection`): `bundle_for(record)`.

The record is loaded by `exports.records.records_load` (a fixed number of queries for any
number of clients); this package only turns rows into resources, without a query."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from casework.models import Agency
from exports.fhir.builder import Builder, LeftOut, Resource, bundle_language
from exports.fhir.care import add_appointments, add_encounters, add_notes
from exports.fhir.events import add_documents, add_key_events
from exports.fhir.people import add_care_team, add_episodes, add_patient, add_related_people
from exports.fhir.plans import (
    add_assessments,
    add_care_plans,
    add_consents,
    add_flags,
    add_observations,
    add_referrals,
)
from exports.records import ClientRecord

__all__ = ["ExportedBundle", "LeftOut", "bundle_for", "ALWAYS_LEFT_OUT", "BUNDLE_ONLY"]

# What no export carries, whatever the record holds.
ALWAYS_LEFT_OUT = (
    LeftOut(
        "psychotherapy notes",
        0,
        "Casework keeps no psychotherapy notes apart from the record; any kept elsewhere are "
        "excluded from the right of access (45 CFR 164.524(a)(1)(i)).",
    ),
    LeftOut(
        "the accounting of disclosures",
        0,
        "In the client's readable copy of the record; FHIR R4 has no resource for it.",
    ),
)


# Left out of the bundle but in the client's readable copy: the copy does not list them.
BUNDLE_ONLY = frozenset({"the accounting of disclosures"})


@dataclass(frozen=True)
class ExportedBundle:
    bundle: Resource
    left_out: tuple[LeftOut, ...]


def bundle_for(
    record: ClientRecord, *, agency: Agency, now: datetime | None = None
) -> ExportedBundle:
    """The client's whole record as one Bundle; no query (everything is loaded)."""
    now = now or timezone.now()
    with bundle_language():
        return _bundle(record, agency=agency, now=now)


def _bundle(record: ClientRecord, *, agency: Agency, now: datetime) -> ExportedBundle:
    b = Builder(record=record, agency=agency)
    add_patient(b)
    b.organization()
    b.team(record.client.team)
    add_related_people(b)
    care_team = add_care_team(b)
    episodes = add_episodes(b, care_team)
    add_encounters(b, episodes)
    add_notes(b)
    add_appointments(b)
    add_care_plans(b, care_team)
    add_observations(b)
    add_flags(b)
    add_assessments(b)
    add_consents(b)
    add_referrals(b)
    add_key_events(b)
    add_documents(b)
    b.left_out.extend(ALWAYS_LEFT_OUT)
    b.outcome()
    return ExportedBundle(bundle=b.bundle(now=now), left_out=tuple(b.left_out))
