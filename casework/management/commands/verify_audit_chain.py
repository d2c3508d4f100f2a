from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from casework.audit_chain import audit_chain_verify


class Command(BaseCommand):
    help = (
        "Verify the audit trail: every event's hash must cover its own contents and the hash "
        "of the event before it. Reports the first broken link and exits non-zero."
    )

    def handle(self, *args, **options) -> None:
        report = audit_chain_verify()
        if not report.intact:
            raise CommandError(
                f"Audit chain broken at event {report.broken_id}: {report.reason}. "
                f"({report.events} events checked.)"
            )
        self.stdout.write(
            self.style.SUCCESS(f"Audit chain intact: {report.events} events; head {report.head}")
        )
