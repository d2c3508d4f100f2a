from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from casework.models import Agency
from directory.hsds.importer import directory_import


class Command(BaseCommand):
    help = (
        "Import an Open Referral HSDS 3.0/3.1 package (a zip of CSV files, a CSV file, or JSON "
        "in any shape HSDS publishes) into an agency's directory. Everything is validated first "
        "and imported in one transaction, or not at all; warnings name what is not kept; rows "
        "are matched by HSDS id, so importing the same package twice changes nothing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("package", type=Path, help="The .zip, .csv or .json file.")
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
        self.stdout.write(f"Read: {report.shape}")
        for group in report.warning_groups:
            self.stdout.write(f"warning: {group}")
        if report.problems:
            for problem in report.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"Nothing imported: {len(report.problems)} problem(s).")
        counts = f"{report.total_created} row(s) added, {report.total_changed} changed"
        if dry_run:
            self.stdout.write(f"The package is valid; it would make {counts} (--dry-run).")
            return
        self.stdout.write(f"Imported: {counts}; {len(report.warnings)} warning(s).")
