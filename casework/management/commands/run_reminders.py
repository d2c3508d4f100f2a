from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from casework import reminders


class Command(BaseCommand):
    help = (
        "Run the reminder sweep now: create the reminders every rule asks for (check-ins due, "
        "follow-ups after a hospital discharge, unsigned notes...), resolve those whose cause "
        "is gone and escalate overdue check-ins. Safe to run at any time, even twice at once."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--kind", action="append", help="Only this kind (repeatable).")

    def handle(self, *args, **options) -> None:
        known = {rule.kind for rule in reminders.rules()}
        kinds = options["kind"]
        if kinds and (unknown := set(kinds) - known):
            raise CommandError(f"Unknown kind {sorted(unknown)}; known: {sorted(known)}")
        result = reminders.sweep(kinds=kinds)
        for kind, r in result.kinds.items():
            status = "FAILED" if r.failed else "ok"
            self.stdout.write(
                f"{kind:<32} {status:<6} created {r.created:>6}  resolved {r.resolved:>6}"
                f"  escalated {r.escalated:>6}"
            )
        if result.failed:
            raise CommandError(f"Rules failed: {', '.join(result.failed)} (see the log)")
        self.stdout.write(self.style.SUCCESS("Reminders are up to date."))
