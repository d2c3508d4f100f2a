"""Demo data: one fictional agency, its teams and staff. The apps' own demo rows come from
their seeders, which `seed_demo` runs in the order it is given them: the demo as a whole is
composed above every app (pages/demo.py), so `casework` imports none of them.

Everything is get-or-create or insert-ignoring-conflicts, so a second run changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction

from casework import reminders
from casework.models import (
    Agency,
    AgencyStaff,
    Membership,
    Program,
    Role,
    ServiceArea,
    Team,
    User,
)

DEMO_PASSWORD = "casework-demo-2026"  # noqa: S105 - documented demo credential
DEMO_DOMAIN = "bayview.test"
DEMO_SLUG = "bayview"


@dataclass(frozen=True)
class DemoTeam:
    key: str
    name: str
    program_kind: str
    program_name: str
    contact_days: int
    ratio: int
    area: str
    supervisor: str
    case_managers: tuple[str, ...]


TEAMS = (
    DemoTeam(
        "fsp",
        "Harbor FSP Team",
        Program.Kind.FSP,
        "Full Service Partnership",
        7,
        12,
        "Harbor District",
        "Renata Okafor",
        ("Luis Marín", "Grace Whitfield", "Tomasz Nowak", "Aisha Rahman"),
    ),
    DemoTeam(
        "aot",
        "Assisted Outpatient Team",
        Program.Kind.AOT,
        "Assisted Outpatient Treatment",
        7,
        10,
        "Central District",
        "Daniel Brooks",
        ("Mei Chen", "Oluwaseun Adeyemi", "Hannah Larsen", "Jorge Castillo"),
    ),
    DemoTeam(
        "standard",
        "Eastside Case Management",
        Program.Kind.STANDARD,
        "Standard Case Management",
        30,
        25,
        "Eastside",
        "Priya Natarajan",
        ("Sam Delgado", "Ruth Abernathy", "Kofi Mensah", "Lena Fischer"),
    ),
)
ADMIN = ("Agency Admin", f"admin@{DEMO_DOMAIN}")
COMPLIANCE = ("Carmen Ortiz", f"compliance@{DEMO_DOMAIN}")
# The deployment's operator: Django admin (a superuser, every table), no role in any team, so
# Casework's own pages show them no client.
OPERATOR = ("Site Operator", f"operator@{DEMO_DOMAIN}")

Seeder = Callable[[Agency], None]


@transaction.atomic
def seed_demo(seeders: Sequence[Seeder] = ()) -> Agency:
    """The demo agency, its teams and staff, then each seeder in turn, in one transaction."""
    agency, _ = Agency.objects.get_or_create(
        slug=DEMO_SLUG,
        defaults={
            "name": "Bayview Community Mental Health",
            # Fictional, like everything in the demo: printed at the head of client papers.
            "address": "1200 Harbor Street, Suite 300\nBayview, CA 94000",
            "phone": "(555) 010-2200",
        },
    )
    password_hash = make_password(DEMO_PASSWORD)  # hashed once: Argon2 is slow on purpose
    admin = _staff(ADMIN[1], ADMIN[0], "Operations manager", password_hash)
    AgencyStaff.objects.get_or_create(agency=agency, user=admin, defaults={"is_admin": True})
    compliance = _staff(COMPLIANCE[1], COMPLIANCE[0], "Compliance officer", password_hash)
    operator = _staff(OPERATOR[1], OPERATOR[0], "Site operator", password_hash)
    if not operator.is_superuser:
        operator.is_staff = operator.is_superuser = True
        operator.save(update_fields=["is_staff", "is_superuser"])
    for demo in TEAMS:
        program, _ = Program.objects.get_or_create(
            agency=agency,
            name=demo.program_name,
            defaults={
                "kind": demo.program_kind,
                "contact_standard_days": demo.contact_days,
                "caseload_ratio": demo.ratio,
            },
        )
        area, _ = ServiceArea.objects.get_or_create(agency=agency, name=demo.area)
        team, _ = Team.objects.get_or_create(
            agency=agency, name=demo.name, defaults={"program": program, "service_area": area}
        )
        supervisor = _staff(
            f"supervisor.{demo.key}@{DEMO_DOMAIN}",
            demo.supervisor,
            "Clinical supervisor",
            password_hash,
            credentials="LCSW",
        )
        _member(supervisor, team, Role.SUPERVISOR)
        _member(admin, team, Role.ADMIN)
        _member(compliance, team, Role.COMPLIANCE)
        for n, name in enumerate(demo.case_managers, start=1):
            cm = _staff(
                f"cm{n}.{demo.key}@{DEMO_DOMAIN}",
                name,
                "Case manager",
                password_hash,
                credentials="MSW" if n % 2 else "",
            )
            _member(cm, team, Role.CASE_MANAGER)
    for seeder in seeders:
        seeder(agency)
    return agency


def real_agency_exists() -> bool:
    """A database set up for a real agency (`setup_agency`) holds an agency besides the demo's."""
    return Agency.objects.exclude(slug=DEMO_SLUG).exists()


def demo_logins() -> list[tuple[str, str, str]]:
    """(e-mail, role, team) for the README and `make run`: one per role and team."""
    rows = [(ADMIN[1], "Agency admin", "all teams"), (COMPLIANCE[1], "Compliance", "all teams")]
    rows.append((OPERATOR[1], "Django admin", "no team"))
    for demo in TEAMS:
        rows.append((f"supervisor.{demo.key}@{DEMO_DOMAIN}", "Supervisor", demo.name))
        rows.append((f"cm1.{demo.key}@{DEMO_DOMAIN}", "Case manager", demo.name))
    return rows


def _staff(email: str, name: str, title: str, password_hash: str, credentials: str = "") -> User:
    user, _ = User.objects.get_or_create(
        email=email,
        defaults={
            "full_name": name,
            "job_title": title,
            "credentials": credentials,
            "password": password_hash,
            # A fictional direct line (555-01xx is reserved for fiction), stable per person.
            "work_phone": f"(555) 010-{2300 + sum(map(ord, email)) % 100:04d}",
        },
    )
    return user


def _member(user: User, team: Team, role: str) -> None:
    Membership.objects.get_or_create(user=user, team=team, defaults={"role": role})
    AgencyStaff.objects.get_or_create(agency_id=team.agency_id, user=user)


def seed_reminders(agency: Agency) -> None:
    """Last of the seeders: the demo history the others wrote is swept into real reminders."""
    reminders.sweep()
