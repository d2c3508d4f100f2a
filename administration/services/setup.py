"""The first start of a real agency on an empty database: the agency, its first admin (with
a one-time link to set a password, then two-factor at the first sign-in), and the time zone.

Casework runs in one time zone per deployment: `TIME_ZONE` is the zone of "today", of every
date taken from a timestamp, of the reminder sweep and of the reports, for every agency in the
database. The agency's zone is therefore not stored on the agency, where it could disagree
with the one actually used: setup checks it against TIME_ZONE and, when it differs, writes
it to the `.env` file that the settings read (unless the real environment sets TIME_ZONE, which
wins over `.env` and must then be changed where it is set).
"""

from __future__ import annotations

import os
import re
import zoneinfo
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.text import slugify

from administration.services import AdministrationError
from administration.services.invitations import invitation_path
from administration.services.staff import staff_invite
from casework.audit import audit_record
from casework.models import Agency, User

_ENV_LINE = re.compile(r"^\s*(?:export\s+)?TIME_ZONE\s*=")


def time_zone_check(zone: str) -> str:
    """The IANA name as given, if the system knows it."""
    zone = zone.strip()
    if zone not in zoneinfo.available_timezones():
        raise AdministrationError(
            f"“{zone}” is not a time zone name: use the IANA name, for example "
            "America/Los_Angeles or Europe/London.",
            field="time_zone",
        )
    return zone


@dataclass(frozen=True)
class TimeZoneOutcome:
    changed: bool  # .env was written; the processes must be restarted to use it
    message: str


def time_zone_apply(zone: str, *, env_file: Path) -> TimeZoneOutcome:
    """Make `zone` the deployment's TIME_ZONE, or say why it cannot be done here."""
    if zone == settings.TIME_ZONE:
        return TimeZoneOutcome(False, f"Time zone: {zone} (TIME_ZONE, for the whole deployment).")
    lines = env_file.read_text().splitlines() if env_file.exists() else []
    in_file = any(_ENV_LINE.match(line) for line in lines)
    if "TIME_ZONE" in os.environ and not in_file:
        raise AdministrationError(
            f"The environment sets TIME_ZONE={os.environ['TIME_ZONE']}, which wins over "
            f".env: set it to {zone} where it is set, then run setup again.",
            field="time_zone",
        )
    if Agency.objects.exists():
        raise AdministrationError(
            f"The deployment runs on {settings.TIME_ZONE} and already holds an agency; every "
            "agency of one deployment shares its time zone.",
            field="time_zone",
        )
    kept = [line for line in lines if not _ENV_LINE.match(line)]
    env_file.write_text("\n".join([*kept, f"TIME_ZONE={zone}"]) + "\n")
    return TimeZoneOutcome(
        True,
        f"Time zone: wrote TIME_ZONE={zone} to {env_file} (it was {settings.TIME_ZONE}). "
        "Casework uses one time zone for the whole deployment: restart it (make run, or the "
        "web, worker and beat processes) for the new zone to apply.",
    )


def _slug(name: str) -> str:
    base = slugify(name)[:50] or "agency"
    slug, n = base, 1
    while Agency.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def agency_setup(*, name: str, admin_email: str, admin_name: str) -> tuple[Agency, User, str]:
    """Create the agency and its first admin on a database that holds no agency; return the
    path of the admin's one-time link (valid 72 hours)."""
    name = " ".join(name.split())
    if not name:
        raise AdministrationError("Give the agency's name.", field="name")
    with transaction.atomic():
        if Agency.objects.exists():
            names = ", ".join(Agency.objects.order_by("name").values_list("name", flat=True))
            raise AdministrationError(
                f"This database already holds an agency ({names}): setup starts an agency on an "
                "empty database. Use another DATABASE_URL, or for the embedded one move var/ "
                "away (it holds the demo).",
                field="name",
            )
        agency = Agency.objects.create(name=name, slug=_slug(name))
        admin = staff_invite(
            agency=agency,
            email=admin_email,
            details={"full_name": admin_name, "job_title": "Agency admin"},
            is_admin=True,
            team_roles={},
            invited_by=None,
            base_url=settings.SITE_URL,
            send_email=False,
        )
        audit_record(action="casework.agency.created", obj=agency, agency_id=agency.pk)
    return agency, admin, invitation_path(admin)
