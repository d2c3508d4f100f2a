"""manage.py export_fhir: write one client's record as a FHIR R4 Bundle (JSON)."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError

from casework.models import User
from clients.models import Client
from exports.services import bundle_json, client_fhir_export


class Command(BaseCommand):
    help = (
        "Write a client's whole record as an HL7 FHIR R4 Bundle (type collection). The export "
        "is made as the staff member named by --as, who must be allowed to read the record, "
        "and is audited like a download."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("record_number", help="The client's agency record number.")
        parser.add_argument("--agency", required=True, help="The agency's slug.")
        parser.add_argument("--as", dest="email", required=True, help="Staff e-mail.")
        parser.add_argument("--output", "-o", default="-", help="File to write (- for stdout).")
        parser.add_argument(
            "--validate",
            action="store_true",
            help="Check every resource against the fhir.resources R4B models first.",
        )

    def handle(self, *args, record_number: str, agency: str, email: str, output: str, **options):
        try:
            viewer = User.objects.get(email__iexact=email, is_active=True)
            client_id = Client.objects.values_list("pk", flat=True).get(
                agency__slug=agency, record_number=record_number
            )
        except (User.DoesNotExist, Client.DoesNotExist) as error:
            raise CommandError("No such staff member or client.") from error
        try:
            export = client_fhir_export(viewer=viewer, client_id=client_id)
        except Exception as error:  # a 404 from the access policy
            raise CommandError(f"{email} may not read this record.") from error
        if options["validate"]:
            from fhir.resources.R4B import get_fhir_model_class
            from fhir.resources.R4B.bundle import Bundle

            Bundle.model_validate(export.exported.bundle)
            for entry in export.exported.bundle["entry"]:
                resource = entry["resource"]
                get_fhir_model_class(resource["resourceType"]).model_validate(resource)
        data = bundle_json(export.exported.bundle)
        if output == "-":
            sys.stdout.buffer.write(data + b"\n")
        else:
            with open(output, "wb") as handle:
                handle.write(data)
        for item in export.exported.left_out:
            self.stderr.write(f"Left out: {item.what} ({item.count}): {item.why}")
        self.stderr.write(f"{len(export.exported.bundle['entry'])} resources written.")
