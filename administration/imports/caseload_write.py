"""Writing a checked caseload import, set-based: per batch of clients, one INSERT per table
(clients, with their contact dates by `contact_dates_of`; episodes, status changes,
enrolments, assignments), then people and releases in bulk, and the audit events last.

Audit last on purpose: the audit chain's lock is held from the first audit insert to the end
of the transaction, so writing the events at the end keeps every other audited page waiting
for the length of those inserts only, not of the whole import.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.utils import timezone

from administration.imports.caseload_check import CaseloadCheck, ClientLine, ClientUpdate
from casework.audit import audit_record_many
from casework.models import Agency, User
from clients.models import (
    Assignment,
    AssignmentRole,
    Client,
    ConsentRelease,
    Enrolment,
    Episode,
    RecipientKind,
    RelatedPerson,
    StatusChange,
)
from clients.services.contact_dates import contact_dates_of

BATCH = 1000
T = TypeVar("T")


@dataclass(frozen=True)
class Source:
    """Where the rows came from, for the audit trail."""

    import_id: int
    files: dict[str, tuple[str, str]]  # kind -> (file name, sha256)

    def detail(self, kind: str, line: int) -> dict[str, Any]:
        name, sha256 = self.files[kind]
        return {"import": self.import_id, "file": name, "sha256": sha256, "line": line}


@dataclass(frozen=True)
class Written:
    clients: int
    people: int
    releases: int
    updated: int = 0


def _batches(rows: Sequence[T], size: int = BATCH) -> Iterator[Sequence[T]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def caseload_write(
    *,
    agency: Agency,
    check: CaseloadCheck,
    skip_lines: set[int],
    source: Source,
    imported_by: User,
) -> Written:
    """Write everything the check kept but the lines the admin chose to skip (possible
    duplicates). The caller holds the transaction."""
    lines = [c for c in check.clients if c.line not in skip_lines]
    clients: dict[str, Client] = {}
    audit: dict[str, list] = {"clients": [], "people": [], "releases": []}
    for batch in _batches(lines):
        created = _clients(agency, batch, imported_by)
        for line, client in zip(batch, created, strict=True):
            clients[line.record_number.lower()] = client
            audit["clients"].append(
                (
                    client,
                    client.pk,
                    {**source.detail("clients", line.line), "team": line.team.pk},
                )
            )
    updated = _updates(check.updates, source, audit.setdefault("updated", []))
    people = _people(check, clients, imported_by, source, audit["people"])
    releases = _releases(check, clients, people, imported_by, source, audit["releases"])
    for kind, action in (
        ("clients", "clients.client.imported"),
        ("people", "clients.related_person.imported"),
        ("releases", "clients.consent.imported"),
        ("updated", "clients.client.updated_by_import"),
    ):
        audit_record_many(
            action=action, actor=imported_by, agency_id=agency.pk, entries=audit[kind]
        )
    return Written(clients=len(clients), people=len(people), releases=releases, updated=updated)


def _updates(updates: Sequence[ClientUpdate], source: Source, audit: list) -> int:
    """The changes to clients already in Casework, set-based: the clients locked and read in
    one query, written back in UPDATEs of BATCH rows; each one's version moves on, so an edit
    form open meanwhile is refused as stale. The audit names the columns, not their values."""
    if not updates:
        return 0
    locked = Client.objects.select_for_update().in_bulk([u.client_id for u in updates])
    now = timezone.now()
    columns: set[str] = set()
    for update in updates:
        client = locked[update.client_id]
        for name, value in update.changes.items():
            setattr(client, name, value)
        columns |= set(update.changes)
        client.version += 1
        client.updated_at = now
        audit.append(
            (
                client,
                client.pk,
                {**source.detail("clients", update.line), "fields": sorted(update.changes)},
            )
        )
    Client.objects.bulk_update(
        list(locked.values()), [*sorted(columns), "version", "updated_at"], batch_size=BATCH
    )
    return len(updates)


def _clients(agency: Agency, batch: Sequence[ClientLine], by: User) -> list[Client]:
    """One batch: six INSERTs and the contact dates, whatever its size up to BATCH."""
    created = Client.objects.bulk_create([_client(agency, line, by) for line in batch])
    episodes = Episode.objects.bulk_create(
        [
            Episode(client=client, number=1, opened_on=line.enrolled_on, opened_by=by)
            for line, client in zip(batch, created, strict=True)
        ]
    )
    StatusChange.objects.bulk_create(
        [
            StatusChange(
                client=client,
                episode=episode,
                from_status="",
                to_status=line.status,
                effective_on=line.enrolled_on,
                reason="Imported with the agency's caseload",
                changed_by=by,
            )
            for line, client, episode in zip(batch, created, episodes, strict=True)
        ]
    )
    Enrolment.objects.bulk_create(
        [
            Enrolment(
                client=client, program=line.program, started_on=line.enrolled_on, created_by=by
            )
            for line, client in zip(batch, created, strict=True)
        ]
    )
    Assignment.objects.bulk_create(
        [
            Assignment(
                client=client,
                staff=line.primary,
                role=AssignmentRole.PRIMARY,
                started_on=line.enrolled_on,
                reason="Imported with the agency's caseload",
                assigned_by=by,
            )
            for line, client in zip(batch, created, strict=True)
        ]
    )
    return created


def _client(agency: Agency, line: ClientLine, by: User) -> Client:
    """The client row, with the last contact and the next contact due by the same rule as
    everywhere (contact_dates_of): a new client has no visit, so its dates follow from the
    last contact before Casework, or from the enrolment."""
    last, due = contact_dates_of(
        status=line.status,
        last_visit_on=None,
        chosen_due=None,
        opened_on=line.enrolled_on,
        standard_days=line.program.contact_standard_days,
        prior_contact_on=line.last_contact_on,
    )
    return Client(
        agency=agency,
        team=line.team,
        program=line.program,
        status=line.status,
        status_since=line.enrolled_on,
        prior_contact_on=line.last_contact_on,
        last_contact_on=last,
        next_contact_due=due,
        created_by=by,
        **line.details,
    )


def _people(
    check: CaseloadCheck, clients: dict[str, Client], by: User, source: Source, audit: list
) -> dict[tuple[str, str], RelatedPerson]:
    kept = [p for p in check.people if p.record_number in clients]
    made: dict[tuple[str, str], RelatedPerson] = {}
    for batch in _batches(kept):
        rows = RelatedPerson.objects.bulk_create(
            [
                RelatedPerson(client=clients[p.record_number], created_by=by, **p.details)
                for p in batch
            ]
        )
        for line, person in zip(batch, rows, strict=True):
            made[(line.record_number, person.full_name.casefold())] = person
            audit.append(
                (
                    person,
                    person.client_id,
                    {**source.detail("people", line.line), "kind": person.kind},
                )
            )
    return made


def _releases(
    check: CaseloadCheck,
    clients: dict[str, Client],
    people: dict[tuple[str, str], RelatedPerson],
    by: User,
    source: Source,
    audit: list,
) -> int:
    kept = [r for r in check.releases if r.record_number in clients]
    for batch in _batches(kept):
        rows = []
        for line in batch:
            details = dict(line.details)
            if line.related_name:
                details.update(
                    recipient_kind=RecipientKind.RELATED_PERSON,
                    related_person=people[(line.record_number, line.related_name)],
                    recipient_name="",
                )
            rows.append(
                ConsentRelease(client=clients[line.record_number], created_by=by, **details)
            )
        for line, consent in zip(batch, ConsentRelease.objects.bulk_create(rows), strict=True):
            audit.append(
                (
                    consent,
                    consent.client_id,
                    {
                        **source.detail("releases", line.line),
                        "categories": consent.categories,
                        "signed": consent.signed_on is not None,
                    },
                )
            )
    return len(kept)
