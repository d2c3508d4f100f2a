"""The whole agency's export carries, for every client, exactly the bytes of that client's own
FHIR download: the agency export's speed-ups (docs/benchmarks.md) may change how fast a bundle
is built, never a byte of what it holds."""

from __future__ import annotations

import zipfile

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from clients.models import Client
from exports.agency import agency_export_build
from exports.models import AgencyExport, ExportStatus
from tests.exports.conftest import add_everything
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db


def test_each_bundle_in_the_agency_export_is_the_clients_own_download(
    client, clock, admin_user, case_manager, supervisor, full_record, team_a
):
    busier = ClientFactory(team=team_a)
    add_everything(busier, author=case_manager, supervisor=supervisor, n_visits=6)
    ClientFactory(team=team_a)  # a record with nothing in it yet
    clock.at("12:00")  # time stands still: both paths stamp the bundle with the same instant
    export = AgencyExport.objects.create(agency=full_record.agency, requested_by=admin_user)
    export = agency_export_build(export_id=export.pk)
    assert export.status == ExportStatus.DONE
    with default_storage.open(export.file_name, "rb") as built, zipfile.ZipFile(built) as z:
        bundles = {n: z.read(n) for n in z.namelist() if n.startswith("clients/")}
    clients = Client.objects.filter(agency=full_record.agency)
    assert len(bundles) == clients.count() == 3
    client.force_login(case_manager)
    for each in clients:
        name = f"clients/{each.record_number}-{each.pk}.json".replace(" ", "_")
        download = client.get(reverse("exports:client_fhir", kwargs={"client_id": each.pk}))
        assert download.status_code == 200
        assert bundles[name] == download.content, each
