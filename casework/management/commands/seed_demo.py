from __future__ import annotations

from django.core.management.base import BaseCommand

from casework.demo import DEMO_PASSWORD, demo_logins, seed_demo


class Command(BaseCommand):
    help = (
        "Create the fictional Bayview agency with three teams, their staff and about 150 "
        "clients. Idempotent: rows that exist are kept, nothing is duplicated."
    )

    def handle(self, *args, **options) -> None:
        agency = seed_demo()
        self.stdout.write(self.style.SUCCESS(f"Demo data ready for {agency.name}."))
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for email, role, team in demo_logins():
            self.stdout.write(f"  {email:<34} {role:<14} {team}")
