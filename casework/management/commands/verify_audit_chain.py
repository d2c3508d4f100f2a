from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from casework.audit_chain import audit_chain_verify
from casework.audit_checkpoint import (
    Anchor,
    anchor_of,
    audit_checkpoint_take,
    audit_checkpoints_check,
)
from casework.models import AuditCheckpoint


class Command(BaseCommand):
    help = (
        "Verify the audit trail: every event's hash must cover its own contents and the hash "
        "of the event before it, and the chain must still match every checkpoint of its "
        "length and head (none truncated, none rewritten, none missing). Reports the first "
        "problem and exits non-zero; otherwise records a new checkpoint."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--anchor",
            type=_anchor,
            help="A checkpoint from the daily log line (events:head id:hash), checked too.",
        )
        parser.add_argument(
            "--no-checkpoint",
            action="store_true",
            help="Only check; link nothing and record no checkpoint (a read-only copy).",
        )

    def handle(self, *args, anchor: Anchor | None = None, **options) -> None:
        # A read-only copy cannot take the links still pending: it checks those it has.
        report = audit_chain_verify(link=not options["no_checkpoint"])
        if not report.intact:
            raise CommandError(
                f"Audit chain broken at event {report.broken_id}: {report.reason}. "
                f"({report.events} events checked.)"
            )
        if problem := audit_checkpoints_check(anchor=anchor):
            raise CommandError(f"Audit chain {problem}. ({report.events} events checked.)")
        self.stdout.write(
            self.style.SUCCESS(f"Audit chain intact: {report.events} events; head {report.head}")
        )
        if not options["no_checkpoint"]:
            checkpoint = audit_checkpoint_take(source=AuditCheckpoint.Source.VERIFY)
            if found := anchor_of(checkpoint):
                self.stdout.write(f"Checkpoint recorded; anchor {found}")


def _anchor(text: str) -> Anchor:
    try:
        return Anchor.parse(text)
    except ValueError as exc:
        raise CommandError(str(exc)) from exc
