from __future__ import annotations

from django.core.management.base import BaseCommand

from casework.demo import DEMO_PASSWORD, demo_logins, real_agency_exists
from pages.demo import seed_demo


class Command(BaseCommand):
    help = (
        "Create the fictional Bayview agency with three teams, their staff and about 150 "
        "clients. Idempotent: rows that exist are kept, nothing is duplicated. With "
        "--unless-real-agency (as `make run` does), do nothing on a database that holds a "
        "real agency (one made by setup_agency)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--unless-real-agency",
            action="store_true",
            help="Skip when the database holds an agency other than the demo's.",
        )

    def handle(self, *args, **options) -> None:
        if options["unless_real_agency"] and real_agency_exists():
            self.stdout.write("This database holds a real agency: the demo is not loaded.")
            return
        agency = seed_demo()
        self.stdout.write(self.style.SUCCESS(f"Demo data ready for {agency.name}."))
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for email, role, team in demo_logins():
            self.stdout.write(f"  {email:<34} {role:<14} {team}")
