"""Invite many people at once from a CSV or XLSX file: every line checked first (problems by
line and column), then everyone invited in one transaction, or nobody."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from administration.imports.columns import STAFF, TITLES, check_columns
from administration.imports.files import Problem, read_table
from administration.services import AdministrationError
from administration.services.staff import TEAM_ROLES, staff_invite
from casework.models import Agency, Role, Team, User

MAX_PEOPLE = 500
_ROLE_WORDS = {
    "case_manager": Role.CASE_MANAGER,
    "case manager": Role.CASE_MANAGER,
    "supervisor": Role.SUPERVISOR,
    "compliance": Role.COMPLIANCE,
    "compliance reviewer": Role.COMPLIANCE,
    "admin": Role.ADMIN,
    "agency admin": Role.ADMIN,
}


@dataclass
class _Person:
    line: int
    email: str
    details: dict[str, str]
    is_admin: bool
    team_roles: dict[Team, str]


@dataclass
class BulkInviteReport:
    problems: list[Problem] = field(default_factory=list)
    invited: list[User] = field(default_factory=list)
    checked: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def staff_invite_bulk(
    *,
    agency: Agency,
    data: bytes,
    filename: str,
    invited_by: User,
    base_url: str,
    dry_run: bool = False,
) -> BulkInviteReport:
    label = TITLES["staff"]
    table = read_table(data, filename=filename, label=label, max_rows=MAX_PEOPLE)
    report = BulkInviteReport(problems=table.problems)
    if report.problems or not check_columns(table, STAFF):
        return report
    people = _check(agency, table.rows, report.problems, label)
    report.checked = len(people)
    if report.problems or dry_run:
        return report
    try:
        with transaction.atomic():
            for person in people:
                report.invited.append(
                    staff_invite(
                        agency=agency,
                        email=person.email,
                        details=person.details,
                        is_admin=person.is_admin,
                        team_roles=person.team_roles,
                        invited_by=invited_by,
                        base_url=base_url,
                    )
                )
    except AdministrationError as error:  # someone invited the same address meanwhile
        report.invited = []
        report.problems.append(Problem(label, None, error.field or "", error.message))
    return report


def _check(agency: Agency, rows, problems: list[Problem], label: str) -> list[_Person]:
    teams = {t.name.casefold(): t for t in Team.objects.filter(agency=agency, is_active=True)}
    emails = [str(cells.get("email", "")).strip().lower() for _line, cells in rows]
    taken = set(
        User.objects.filter(email__in=[e for e in emails if e]).values_list("email", flat=True)
    )
    seen: dict[str, int] = {}
    people = []
    for line, cells in rows:
        before = len(problems)

        def bad(column: str, message: str, line: int = line) -> None:
            problems.append(Problem(label, line, column, message))

        email = str(cells.get("email", "")).strip().lower()
        try:
            validate_email(email)
        except ValidationError:
            bad("email", "Not an e-mail address.")
        if email in seen:
            bad("email", f"The same address is on line {seen[email]} too.")
        elif email in taken:
            bad("email", "Someone already has an account with this address.")
        seen.setdefault(email, line)
        name = " ".join(str(cells.get("full_name", "")).split())
        if not name:
            bad("full_name", "Required; the cell is empty.")
        role = _ROLE_WORDS.get(" ".join(str(cells.get("role", "")).lower().split()))
        if role is None:
            bad("role", "Unknown role: case_manager, supervisor, compliance or admin.")
        team_roles: dict[Team, str] = {}
        for team_name in filter(None, (p.strip() for p in str(cells.get("teams", "")).split(";"))):
            team = teams.get(team_name.casefold())
            if team is None:
                bad("teams", f"No active team is called “{team_name}”.")
            elif role in TEAM_ROLES:
                team_roles[team] = role
        if role in TEAM_ROLES and not team_roles and len(problems) == before:
            bad("teams", "Name at least one team for this role.")
        if len(problems) == before:
            details = {
                "full_name": name,
                "job_title": str(cells.get("job_title", "")),
                "credentials": str(cells.get("credentials", "")),
            }
            people.append(_Person(line, email, details, role == Role.ADMIN, team_roles))
    return people
