from __future__ import annotations

import sys

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from administration.services import AdministrationError
from administration.services.setup import agency_setup, time_zone_apply, time_zone_check


class Command(BaseCommand):
    help = (
        "Start a real agency on an empty database: create the agency and its first agency "
        "admin, and set the deployment's time zone (TIME_ZONE, written to .env when it "
        "differs). Prints the admin's one-time link to set a password (valid 72 hours); "
        "two-factor sign-in is set up at the first sign-in. Asks for what the options leave "
        "out, unless --no-input."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--name", help="The agency's name.")
        parser.add_argument("--time-zone", help="IANA name, e.g. America/Los_Angeles.")
        parser.add_argument("--admin-email", help="The first agency admin's e-mail address.")
        parser.add_argument("--admin-name", help="The first agency admin's full name.")
        parser.add_argument("--no-input", action="store_true", help="Never ask; fail instead.")

    def handle(self, *args, **options) -> None:
        interactive = not options["no_input"] and sys.stdin.isatty()
        name = self._value(options["name"], "Agency name", interactive)
        zone = self._value(
            options["time_zone"], "Time zone", interactive, default=settings.TIME_ZONE
        )
        email = self._value(options["admin_email"], "First admin's e-mail", interactive)
        admin_name = self._value(options["admin_name"], "First admin's full name", interactive)
        try:
            validate_email(email)
        except ValidationError as error:
            raise CommandError(f"“{email}” is not an e-mail address.") from error
        try:
            zone = time_zone_check(zone)
            outcome = time_zone_apply(zone, env_file=settings.BASE_DIR / ".env")
            agency, admin, path = agency_setup(name=name, admin_email=email, admin_name=admin_name)
        except AdministrationError as error:
            raise CommandError(error.message) from error
        self.stdout.write(self.style.SUCCESS(f"Created {agency.name} and its admin {admin.email}."))
        self.stdout.write(outcome.message)
        self.stdout.write(
            "The admin sets a password here (one time, within 72 hours), then signs in and sets "
            "up two-factor sign-in:\n\n"
            f"    {settings.SITE_URL}{path}\n\n"
            "(SITE_URL gives the address; a new link: manage.py resend_invitation EMAIL.)"
        )

    def _value(self, given: str | None, prompt: str, interactive: bool, default: str = "") -> str:
        if given:
            return given.strip()
        if not interactive:
            if default:
                return default
            raise CommandError(f"{prompt} is needed: pass it as an option.")
        suffix = f" [{default}]" if default else ""
        while True:
            answer = input(f"{prompt}{suffix}: ").strip() or default
            if answer:
                return answer
