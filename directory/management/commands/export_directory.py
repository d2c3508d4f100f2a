from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from casework.models import Agency
from directory.hsds.exporter import FORMATS, directory_export


class Command(BaseCommand):
    help = (
        "Export an agency's whole directory as an Open Referral HSDS package: a zip with one "
        "CSV file per table (--format csv) or one JSON file (--format json). Audited."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("output", type=Path, help="Where to write the .zip or .json file.")
        parser.add_argument("--agency", required=True, help="The agency's slug.")
        parser.add_argument("--format", choices=FORMATS, default="csv")

    def handle(self, *args, output: Path, agency: str, format: str, **options) -> None:
        try:
            source = Agency.objects.get(slug=agency)
        except Agency.DoesNotExist as error:
            raise CommandError(f"No agency with the slug {agency!r}.") from error
        data = directory_export(agency=source, fmt=format, exported_by=None)
        output.write_bytes(data)
        self.stdout.write(f"Wrote {output} ({len(data)} bytes).")
