"""The columns of each import file: what the page documents, what the templates hold, and what
the checks expect. One list per file, so the three never disagree."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from openpyxl import Workbook

from administration.imports.files import Problem, Table


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    meaning: str
    example: str = ""


CLIENTS = (
    Column(
        "record_number", True, "The agency's record number; unique. Matches re-imports.", "10023"
    ),
    Column("given_name", True, "Given (first) name.", "Maria"),
    Column("family_name", True, "Family (last) name.", "Lopez"),
    Column("preferred_name", False, "The name the client goes by, if another.", "Mari"),
    Column("pronouns", False, "For example she/her.", "she/her"),
    Column("date_of_birth", True, "YYYY-MM-DD (or a date cell); not in the future.", "1984-03-02"),
    Column(
        "program", True, "The name of one of the agency's programs.", "Full Service Partnership"
    ),
    Column("team", True, "The name of one of the agency's active teams.", "Harbor FSP Team"),
    Column(
        "case_manager_email",
        True,
        "E-mail of the primary case manager: a case manager or supervisor of the team, "
        "invited already.",
        "ana.ruiz@example.org",
    ),
    Column(
        "enrolled_on", True, "Date the client's enrolment began; not in the future.", "2024-11-04"
    ),
    Column(
        "last_contact_on",
        False,
        "Date of the last completed contact in the old system: the next contact falls due "
        "the program's contact standard after it (after the enrolment when empty).",
        "2026-01-20",
    ),
    Column("status", False, "active (default), referred or on_hold.", "active"),
    Column("risk_level", False, "low (default), moderate or high.", "moderate"),
    Column("primary_language", False, "English by default.", "Spanish"),
    Column("needs_interpreter", False, "yes or no (default).", "no"),
    Column("address", False, "Postal address, one cell.", "12 Bay St, Oakland CA 94607"),
    Column("phone", False, "A phone number; format the column as text.", "510-555-0134"),
    Column("service_area", False, "One of the agency's service areas; the team's by default.", ""),
    Column("justice_involved", False, "yes or no (default).", "no"),
    Column("co_occurring_substance_use", False, "yes or no (default).", "no"),
    Column("homeless", False, "yes or no (default).", "no"),
)

PEOPLE = (
    Column("record_number", True, "The client's record number, as in the clients file.", "10023"),
    Column("full_name", True, "The person's name.", "Rosa Lopez"),
    Column(
        "role",
        True,
        "family, guardian, nominated, advocate, friend or other.",
        "family",
    ),
    Column("relationship", False, "For example mother, brother.", "mother"),
    Column("phone", False, "A phone number; format the column as text.", "510-555-0188"),
    Column("email", False, "An e-mail address.", ""),
    Column("address", False, "Postal address, one cell.", ""),
    Column("emergency_contact", False, "yes or no (default).", "yes"),
)

RELEASES = (
    Column("record_number", True, "The client's record number, as in the clients file.", "10023"),
    Column(
        "recipient_kind",
        True,
        "related_person (named in the people file for this client), person or organization.",
        "related_person",
    ),
    Column("recipient_name", True, "The person's or organisation's name.", "Rosa Lopez"),
    Column("recipient_details", False, "The recipient's address or contact.", ""),
    Column(
        "categories",
        True,
        "Separated by semicolons: general; mental_health; substance_use; hiv; "
        "psychotherapy_notes (alone).",
        "general; mental_health",
    ),
    Column("purpose", True, "Why the information may be shared.", "Family support"),
    Column("effective_on", True, "YYYY-MM-DD.", "2025-06-01"),
    Column("expires_on", False, "YYYY-MM-DD; this or an expiry event is needed.", "2026-06-01"),
    Column("expiry_event", False, "For example “discharge from the program”.", ""),
    Column("signed_on", False, "YYYY-MM-DD; empty when not signed yet.", "2025-06-01"),
    Column("signature_method", False, "wet or electronic, with the signature date.", "wet"),
    Column("signer", False, "client (default), representative or both.", "client"),
    Column("representative_name", False, "When a representative signed.", ""),
    Column("representative_authority", False, "For example “parent of a minor”.", ""),
    Column("minor_consent_basis", False, "The law letting a minor consent alone, if one does.", ""),
    Column(
        "statements_given",
        False,
        "yes when the client was told of the right to revoke, that services do not depend on "
        "signing, and that the recipient may re-disclose (required for a signed release).",
        "yes",
    ),
    Column("discloser", False, "Who may disclose; the agency's name by default.", ""),
)

STAFF = (
    Column(
        "email",
        True,
        "The person's work e-mail address; the invitation goes there.",
        "ana.ruiz@example.org",
    ),
    Column("full_name", True, "Name as colleagues know it.", "Ana Ruiz"),
    Column(
        "role",
        True,
        "case_manager, supervisor, compliance (read-only reviewer) or admin (agency admin).",
        "case_manager",
    ),
    Column(
        "teams",
        False,
        "The teams, by name, separated by semicolons; needed for every role but admin.",
        "Harbor FSP Team",
    ),
    Column("job_title", False, "For example Case manager.", "Case manager"),
    Column("credentials", False, "For example MSW, LCSW.", "MSW"),
)

FILES = {"clients": CLIENTS, "people": PEOPLE, "releases": RELEASES, "staff": STAFF}
TITLES = {
    "clients": "clients file",
    "people": "related persons file",
    "releases": "releases file",
    "staff": "staff file",
}


def check_columns(table: Table, columns: tuple[Column, ...]) -> bool:
    """Name every column the file lacks or that is not one of ours; True when none."""
    known = {c.name for c in columns}
    before = len(table.problems)
    for column in columns:
        if column.required and column.name not in table.columns:
            table.problems.append(Problem(table.file, 1, column.name, "This column is missing."))
    for name in table.columns:
        if name not in known:
            table.problems.append(
                Problem(table.file, 1, name, "Not a column of this file (see the template).")
            )
    return len(table.problems) == before


def template_csv(kind: str) -> bytes:
    columns = FILES[kind]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([c.name for c in columns])
    writer.writerow([c.example for c in columns])
    return out.getvalue().encode("utf-8")


def template_xlsx(kind: str) -> bytes:
    """The same header and example row; every column stored as text, so that record numbers
    and phone numbers keep their leading zeros."""
    columns = FILES[kind]
    book = Workbook()
    sheet = book.active
    sheet.title = kind
    sheet.append([c.name for c in columns])
    sheet.append([c.example for c in columns])
    for cells in sheet.iter_cols(min_row=1, max_row=2):
        for cell in cells:
            cell.number_format = "@"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
