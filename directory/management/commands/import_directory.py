from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from casework.models import Agency
from directory.hsds.importer import directory_import


class Command(BaseCommand):
    help = (
        "Import an Open Referral HSDS package (a zip of CSV files, or JSON) into an agency's "
        "directory. Everything is validated first and imported in one transaction, or not at "
        "all; rows are matched by HSDS id, so importing the same package twice changes nothing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("package", type=Path, help="The .zip or .json file.")
        parser.add_argument("--agency", required=True, help="The agency's slug.")
        parser.add_argument("--dry-run", action="store_true", help="Validate only.")

    def handle(self, *args, package: Path, agency: str, dry_run: bool, **options) -> None:
        try:
            target = Agency.objects.get(slug=agency)
        except Agency.DoesNotExist as error:
            raise CommandError(f"No agency with the slug {agency!r}.") from error
        try:
            data = package.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {package}: {error}") from error
        report = directory_import(
            agency=target, data=data, filename=package.name, imported_by=None, dry_run=dry_run
        )
        for name, reason in report.skipped_reasons:
            self.stdout.write(f"skipped {name}: {reason}")
        if report.problems:
            for problem in report.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"Nothing imported: {len(report.problems)} problem(s).")
        if dry_run:
            self.stdout.write("The package is valid; nothing was imported (--dry-run).")
            return
        self.stdout.write(
            f"Imported: {report.total_created} row(s) added, {report.total_changed} changed."
        )
