"""One client's record leaving Casework: the FHIR bundle (for another system) and the copy for
the client (HIPAA 164.524, the right of access: a readable, print-ready page of the designated
record set plus the bundle, in one zip). Both are audited as exports, with ids and counts
only; what each leaves out is named in it."""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from datetime import datetime

from django.contrib.staticfiles import finders
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

from careplans.instruments import all_instruments
from casework.audit import audit_client
from casework.models import User
from clients.selectors.consent import accounting_of
from exports.fhir import BUNDLE_ONLY, ExportedBundle, bundle_for
from exports.fhir.events import document_member
from exports.records import ClientRecord
from exports.selectors import client_record_for

COPY_STYLESHEET = "css/record-copy.css"


def bundle_json(bundle: dict) -> bytes:
    """The bundle as the download carries it: compact UTF-8 JSON."""
    return json.dumps(bundle, ensure_ascii=False, separators=(",", ":")).encode()


@dataclass(frozen=True)
class ClientExport:
    record: ClientRecord
    exported: ExportedBundle
    at: datetime

    @property
    def file_stem(self) -> str:
        return f"record-{self.record.client.pk}-{timezone.localtime(self.at):%Y%m%d}"


def _audit(action: str, export: ClientExport, viewer: User, request, **detail) -> None:
    client = export.record.client
    audit_client(
        action,
        client,
        client,
        actor=viewer,
        request=request,
        detail={
            "resources": len(export.exported.bundle["entry"]),
            "left_out": {item.what: item.count for item in export.exported.left_out},
            **detail,
        },
    )


def client_fhir_export(
    *, viewer: User, client_id: int, request: HttpRequest | None = None
) -> ClientExport:
    """The client's bundle for someone who may read the record (404 otherwise, audited as a
    refusal); the export itself is audited as `exports.fhir.exported`."""
    record = client_record_for(viewer=viewer, client_id=client_id)
    now = timezone.now()
    export = ClientExport(record, bundle_for(record, agency=record.client.agency, now=now), now)
    _audit("exports.fhir.exported", export, viewer, request)
    return export


def questionnaires(record: ClientRecord) -> list[tuple]:
    """Each instrument result with the instrument's name and what it screens for, as the
    client reads them (PHQ-9, depression), not the stored code."""
    known = {i.code: i for i in all_instruments()}
    rows = []
    for given in record.administrations:
        instrument = known.get(given.instrument)
        name = instrument.name if instrument else given.instrument
        rows.append((given, name, str(instrument.purpose) if instrument else ""))
    return rows


def copy_context(export: ClientExport, *, standalone: bool) -> dict:
    """What the readable copy shows: the whole designated record set, in the client's terms."""
    record = export.record
    context = {
        "record": record,
        "client": record.client,
        "accounting": accounting_of(record.disclosures, on=timezone.localdate(export.at)),
        "left_out": [i for i in export.exported.left_out if i.what not in BUNDLE_ONLY],
        "prepared_at": timezone.localtime(export.at),
        "standalone": standalone,
        "notes": [(v, record.addenda.get(v.pk, [])) for v in record.signed_visits],
        "plan": next((p for p in reversed(record.plans) if p.status == "active"), None),
        "questionnaires": questionnaires(record),
        "documents": [(d, document_member(d)) for d in record.kept_documents],
    }
    if standalone:
        with open(finders.find(COPY_STYLESHEET), encoding="utf-8") as handle:
            context["stylesheet"] = handle.read()
    return context


def copy_document(package: zipfile.ZipFile, document) -> None:
    """Copy one scanned document's file into the package where its DocumentReference says,
    a chunk at a time (a scan can be large)."""
    with (
        document.file.open("rb") as source,
        package.open(document_member(document), "w") as member,
    ):
        for chunk in iter(lambda: source.read(1 << 16), b""):
            member.write(chunk)


_README = """Your record from {agency}, prepared {when}.

record.html   Your record to read or print: open it in any web browser.
record.json   The same record in HL7 FHIR R4 (a Bundle of type "collection"), the format
              other health-care systems read. Give it to a new provider if you wish.
documents/    The papers scanned into your record (ID copies, letters, court orders), if any.

The first page of record.html says what is not included, and why.
"""


def client_copy_build(
    *, viewer: User, client_id: int, request: HttpRequest | None = None
) -> tuple[ClientExport, bytes]:
    """The right-of-access package: record.html (print-ready), record.json (FHIR), a
    README, in one zip built in memory (one client's record is small). Audited as
    `exports.copy.produced`."""
    record = client_record_for(viewer=viewer, client_id=client_id)
    now = timezone.now()
    export = ClientExport(record, bundle_for(record, agency=record.client.agency, now=now), now)
    html = render_to_string("exports/client_copy.html", copy_context(export, standalone=True))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("record.html", html)
        package.writestr("record.json", bundle_json(export.exported.bundle))
        for document in record.kept_documents:
            copy_document(package, document)
        package.writestr(
            "README.txt",
            _README.format(
                agency=record.client.agency.name, when=f"{timezone.localtime(now):%d %b %Y %H:%M}"
            ),
        )
    _audit("exports.copy.produced", export, viewer, request, format="zip")
    return export, buffer.getvalue()


def client_copy_view(
    *, viewer: User, client_id: int, request: HttpRequest | None = None
) -> ClientExport:
    """The same copy shown in the browser (to read it with the client, or print it)."""
    record = client_record_for(viewer=viewer, client_id=client_id)
    now = timezone.now()
    export = ClientExport(record, bundle_for(record, agency=record.client.agency, now=now), now)
    _audit("exports.copy.viewed", export, viewer, request)
    return export
