"""Checking a caseload import: every line of every file, before anything is written.

The same rules as the app's own forms, read for thousands of lines with a fixed number of
queries (programs, teams, areas, the staff named, the record numbers already used, possible
duplicates in chunks). A client whose record number is already in the agency is "already in
Casework", matched by that number: its line is checked like any other, and where a filled
cell of the client's own details (UPDATABLE) differs from the record, the import updates it;
the dry run lists each such line with the columns it changes. Team, program, case manager,
enrolment and status are left to transfers, reassignment and the client's lifecycle; people
and releases of a client already in Casework are left as they are. An empty cell leaves the
client's value as it is. So importing the same files again changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower
from django.utils import timezone

from administration.imports.cells import Cells
from administration.imports.columns import FILES, TITLES, check_columns
from administration.imports.files import Problem, Table, read_table
from casework.access import WRITE_ROLES
from casework.models import Agency, Membership, Program, ServiceArea, Team, User
from clients.models import (
    Client,
    RecipientKind,
    RelationshipKind,
    RiskLevel,
    SignatureMethod,
    SignerKind,
    Status,
)
from clients.selectors.duplicates import Person, possible_duplicates_in_agency
from clients.services.errors import ClientRecordError
from clients.services.releases import consent_details_check

IMPORT_STATUSES = {
    Status.ACTIVE: Status.ACTIVE.label,
    Status.REFERRED: Status.REFERRED.label,
    Status.ON_HOLD: Status.ON_HOLD.label,
}
# The consent service's field names, as the releases file calls them.
_RELEASE_COLUMN = {
    "signer_kind": "signer",
    "related_person": "recipient_name",
    "told_right_to_revoke": "statements_given",
    "told_not_conditioned": "statements_given",
    "told_redisclosure": "statements_given",
}


@dataclass
class ClientLine:
    line: int
    record_number: str
    team: Team
    program: Program
    primary: User
    enrolled_on: date
    last_contact_on: date | None
    status: str
    details: dict[str, Any]


# The client's own details an import may update when the record number is already in the
# agency (the columns of the same names).
UPDATABLE = (
    "given_name",
    "family_name",
    "preferred_name",
    "pronouns",
    "date_of_birth",
    "primary_language",
    "needs_interpreter",
    "phone",
    "address",
    "risk_level",
    "justice_involved",
    "co_occurring_substance_use",
    "homeless",
)


@dataclass
class ClientUpdate:
    """A line whose client is already in Casework and whose filled cells change it."""

    line: int
    record_number: str
    client_id: int
    changes: dict[str, Any]


@dataclass
class PersonLine:
    line: int
    record_number: str
    details: dict[str, Any]


@dataclass
class ReleaseLine:
    line: int
    record_number: str
    details: dict[str, Any]
    related_name: str  # the related person it names (casefolded), or ""


@dataclass
class CaseloadCheck:
    problems: list[Problem] = field(default_factory=list)
    clients: list[ClientLine] = field(default_factory=list)
    people: list[PersonLine] = field(default_factory=list)
    releases: list[ReleaseLine] = field(default_factory=list)
    already: list[int] = field(default_factory=list)  # lines already in Casework
    updates: list[ClientUpdate] = field(default_factory=list)  # those of them that change it
    skipped_people: int = 0
    skipped_releases: int = 0
    # line of the clients file -> ids of existing clients it may be
    duplicates: dict[int, list[int]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


def caseload_read(files: dict[str, tuple[str, bytes]]) -> tuple[dict[str, Table], list[Problem]]:
    """Read the files: kind ("clients", "people", "releases") -> (name, bytes). Returns the
    tables and what makes a file unreadable (its columns included)."""
    tables: dict[str, Table] = {}
    problems: list[Problem] = []
    for kind, (name, data) in files.items():
        table = read_table(data, filename=name, label=f"{TITLES[kind]} ({name})")
        if not table.problems:
            check_columns(table, FILES[kind])
        problems += table.problems
        tables[kind] = table
    if "clients" not in tables:
        problems.append(Problem(TITLES["clients"], None, "", "The clients file is needed."))
    return tables, problems


def caseload_check(*, agency: Agency, tables: dict[str, Table]) -> CaseloadCheck:
    """Check every line of the tables read (and found readable) by `caseload_read`."""
    check = CaseloadCheck()
    today = timezone.localdate()
    known = _clients(agency, tables["clients"], today, check)
    if "people" in tables:
        _people(tables["people"], known, check)
    if "releases" in tables:
        _releases(agency, tables["releases"], known, check, today)
    if not check.problems:
        _duplicates(agency, check)
    return check


# --- Clients ---------------------------------------------------------------------------


@dataclass
class _Lookups:
    programs: dict[str, Program]
    teams: dict[str, Team]
    areas: dict[str, ServiceArea]
    users: dict[str, User]
    assignable: set[tuple[int, int]]  # (user id, team id): case manager or supervisor there
    existing: dict[str, Client]  # clients already in the agency, by lower-cased record number


def _lookups(agency: Agency, rows: list[tuple[int, dict]]) -> _Lookups:
    """Six queries, whatever the number of lines."""
    emails = {str(c.get("case_manager_email", "")).strip().lower() for _l, c in rows}
    numbers = {str(c.get("record_number", "")).strip().lower() for _l, c in rows}
    users = {u.email.lower(): u for u in User.objects.filter(email__in=emails - {""})}
    roles = Membership.objects.filter(
        user__in=users.values(), team__agency=agency, role__in=WRITE_ROLES
    ).values_list("user_id", "team_id")
    existing = (
        Client.objects.filter(agency=agency)
        .annotate(number=Lower("record_number"))
        .filter(number__in=numbers - {""})
        .only("pk", "record_number", *UPDATABLE)
    )
    return _Lookups(
        programs={p.name.casefold(): p for p in Program.objects.filter(agency=agency)},
        teams={
            t.name.casefold(): t
            for t in Team.objects.filter(agency=agency, is_active=True).select_related(
                "service_area"
            )
        },
        areas={a.name.casefold(): a for a in ServiceArea.objects.filter(agency=agency)},
        users=users,
        assignable=set(roles),
        existing={c.number: c for c in existing},
    )


def _clients(agency: Agency, table: Table, today: date, check: CaseloadCheck) -> dict[str, str]:
    """Check the clients file; return record number (lower-cased) -> "new" or "already"."""
    look = _lookups(agency, table.rows)
    known: dict[str, str] = {}
    first_line: dict[str, int] = {}
    for line, cells in table.rows:
        row = Cells(table.file, line, cells, check.problems)
        number = row.text("record_number", required=True, max_length=40)
        key = number.lower()
        if key and key in first_line:
            row.bad("record_number", f"The same record number is on line {first_line[key]} too.")
            continue
        first_line.setdefault(key, line)
        parsed = _client_line(row, number, look, today)
        if key in look.existing:
            known[key] = "already"
            check.already.append(line)
            if parsed is not None and row.ok:
                _update(parsed, look.existing[key], cells, check)
            continue
        if parsed is not None and row.ok:
            check.clients.append(parsed)
        if key:
            known[key] = "new"
    return known


def _update(parsed: ClientLine, client: Client, cells: dict, check: CaseloadCheck) -> None:
    """Note what the line changes in the client already in Casework: the filled cells of
    UPDATABLE columns whose value differs."""
    changes = {
        name: parsed.details[name]
        for name in UPDATABLE
        if str(cells.get(name, "") or "").strip() and parsed.details[name] != getattr(client, name)
    }
    if changes:
        check.updates.append(ClientUpdate(parsed.line, parsed.record_number, client.pk, changes))


def _client_line(row: Cells, number: str, look: _Lookups, today: date) -> ClientLine | None:
    details: dict[str, Any] = {
        "record_number": number,
        "given_name": row.text("given_name", required=True, max_length=100),
        "family_name": row.text("family_name", required=True, max_length=100),
        "preferred_name": row.text("preferred_name", max_length=100),
        "pronouns": row.text("pronouns", max_length=40),
        "primary_language": row.text("primary_language", max_length=60) or "English",
        "needs_interpreter": row.flag("needs_interpreter"),
        "phone": row.text("phone", max_length=40),
        "address": row.text("address", max_length=500),
        "risk_level": row.choice("risk_level", dict(RiskLevel.choices), default=RiskLevel.LOW),
        "justice_involved": row.flag("justice_involved"),
        "co_occurring_substance_use": row.flag("co_occurring_substance_use"),
        "homeless": row.flag("homeless"),
    }
    dob = row.date("date_of_birth", required=True, today=today)
    details["date_of_birth"] = dob
    enrolled = row.date("enrolled_on", required=True, today=today)
    last = row.date("last_contact_on", today=today)
    if dob and enrolled and enrolled < dob:
        row.bad("enrolled_on", "Before the date of birth.")
    if dob and last and last < dob:
        row.bad("last_contact_on", "Before the date of birth.")
    status = row.choice("status", IMPORT_STATUSES, default=Status.ACTIVE)
    program = _named(row, "program", look.programs, "No program of the agency is called")
    team = _named(row, "team", look.teams, "No active team of the agency is called")
    area_name = row.text("service_area", max_length=120)
    if area_name:
        details["service_area"] = _named(
            row, "service_area", look.areas, "No service area of the agency is called"
        )
    else:
        details["service_area"] = team.service_area if team else None
    primary = _primary(row, look, team)
    if not row.ok:
        return None
    return ClientLine(
        line=row.line,
        record_number=number,
        team=team,
        program=program,
        primary=primary,
        enrolled_on=enrolled,
        last_contact_on=last,
        status=status,
        details=details,
    )


def _named(row: Cells, column: str, known: dict[str, Any], missing: str) -> Any:
    name = row.text(column, required=True, max_length=120)
    found = known.get(name.casefold()) if name else None
    if name and found is None:
        row.bad(column, f"{missing} “{name}”.")
    return found


def _primary(row: Cells, look: _Lookups, team: Team | None) -> User | None:
    email = row.text("case_manager_email", required=True, max_length=254).lower()
    if not email:
        return None
    user = look.users.get(email)
    if user is None:
        row.bad("case_manager_email", f"No staff member has the address {email}: invite them.")
    elif not user.is_active:
        row.bad("case_manager_email", f"{user.full_name}'s account is deactivated.")
    elif team is not None and (user.pk, team.pk) not in look.assignable:
        row.bad(
            "case_manager_email",
            f"{user.full_name} is not a case manager or supervisor of {team.name}.",
        )
    return user


# --- Related persons -------------------------------------------------------------------


def _client_of(row: Cells, known: dict[str, str], check: CaseloadCheck, kind: str) -> str | None:
    """The line's client: "new" (checked and kept), None to skip it (already in Casework, or
    a problem noted)."""
    number = row.text("record_number", required=True, max_length=40).lower()
    state = known.get(number)
    if number and state is None:
        row.bad("record_number", "No client with this record number in the clients file.")
    if state == "already":
        if kind == "people":
            check.skipped_people += 1
        else:
            check.skipped_releases += 1
        return None
    return state


def _people(table: Table, known: dict[str, str], check: CaseloadCheck) -> None:
    seen: dict[tuple[str, str], int] = {}
    for line, cells in table.rows:
        row = Cells(table.file, line, cells, check.problems)
        if _client_of(row, known, check, "people") is None:
            continue
        number = row.text("record_number").lower()
        details = {
            "kind": row.choice("role", dict(RelationshipKind.choices)),
            "full_name": row.text("full_name", required=True, max_length=150),
            "relationship": row.text("relationship", max_length=80),
            "phone": row.text("phone", max_length=40),
            "email": row.text("email", max_length=254),
            "address": row.text("address", max_length=500),
            "is_emergency_contact": row.flag("emergency_contact"),
        }
        if details["email"]:
            try:
                validate_email(details["email"])
            except ValidationError:
                row.bad("email", "Not an e-mail address.")
        key = (number, details["full_name"].casefold())
        if details["full_name"] and key in seen:
            row.bad("full_name", f"The same person of this client is on line {seen[key]} too.")
        seen.setdefault(key, line)
        if row.ok:
            check.people.append(PersonLine(line, number, details))


# --- Releases --------------------------------------------------------------------------


def _releases(
    agency: Agency, table: Table, known: dict[str, str], check: CaseloadCheck, today: date
) -> None:
    people = {(p.record_number, p.details["full_name"].casefold()) for p in check.people}
    dobs = {c.record_number.lower(): c.details["date_of_birth"] for c in check.clients}
    for line, cells in table.rows:
        row = Cells(table.file, line, cells, check.problems)
        if _client_of(row, known, check, "releases") is None:
            continue
        number = row.text("record_number").lower()
        kind = row.choice("recipient_kind", dict(RecipientKind.choices))
        name = row.text("recipient_name", required=True)
        related = ""
        if kind == RecipientKind.RELATED_PERSON and name:
            related = name.casefold()
            if (number, related) not in people:
                row.bad(
                    "recipient_name", "Not a person of this client in the related persons file."
                )
        categories = [
            part.strip().lower().replace(" ", "_")
            for part in str(cells.get("categories", "")).split(";")
            if part.strip()
        ]
        told = row.flag("statements_given")
        details = {
            "discloser": row.text("discloser") or agency.name,
            # Checked as a named person; linked to the related person when written.
            "recipient_kind": RecipientKind.PERSON if related else kind,
            "recipient_name": name,
            "recipient_details": row.text("recipient_details", max_length=300),
            "categories": categories,
            "purpose": row.text("purpose", required=True, max_length=300),
            "effective_on": row.date("effective_on", required=True, today=date.max),
            "expires_on": row.date("expires_on", today=date.max),
            "expiry_event": row.text("expiry_event"),
            "signed_on": row.date("signed_on", today=today),
            "signature_method": row.choice(
                "signature_method", dict(SignatureMethod.choices), default=""
            ),
            "signer_kind": row.choice(
                "signer", dict(SignerKind.choices), default=SignerKind.CLIENT
            ),
            "representative_name": row.text("representative_name", max_length=150),
            "representative_authority": row.text("representative_authority", max_length=300),
            "minor_consent_basis": row.text("minor_consent_basis", max_length=300),
            "told_right_to_revoke": told,
            "told_not_conditioned": told,
            "told_redisclosure": told,
        }
        if not row.ok:
            continue
        try:
            cleaned = consent_details_check(
                details=details, client=Client(date_of_birth=dobs.get(number))
            )
        except ClientRecordError as error:
            row.bad(_RELEASE_COLUMN.get(error.field, error.field or ""), str(error.message))
            continue
        check.releases.append(ReleaseLine(line, number, cleaned, related))


# --- Possible duplicates ---------------------------------------------------------------


def _duplicates(agency: Agency, check: CaseloadCheck) -> None:
    people = [
        Person(
            key=c.line,
            given_name=c.details["given_name"],
            family_name=c.details["family_name"],
            date_of_birth=c.details["date_of_birth"],
        )
        for c in check.clients
    ]
    for line, matches in possible_duplicates_in_agency(agency=agency, people=people).items():
        check.duplicates[line] = [client.pk for client in matches]
