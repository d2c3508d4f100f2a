"""Documents and consent forms on an S3-compatible object store (STORAGE_URL), against a real
S3 server speaking HTTP (moto in server mode): uploaded through the pages, stored only in
the bucket, served only through the access-checked views, never by a public address."""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta

import boto3
import pytest
import requests
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from moto.server import ThreadedMotoServer

from casework.storage import LOCAL, default_storage_from_url
from clients.models import ClientDocument, ConsentRelease
from tests.factories import RelatedPersonFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(scope="module")
def s3_endpoint():
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per S3 request
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, settings, monkeypatch, tmp_path):
    """A fresh private bucket as the default storage; the local media folder is watched to
    prove nothing lands there."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "casework-test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "casework-test-secret")
    name = f"casework-{uuid.uuid4().hex[:12]}"
    s3 = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1")
    s3.create_bucket(Bucket=name)
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": default_storage_from_url(
            f"s3://{name}/agency?endpoint={s3_endpoint}&region=us-east-1&addressing=path"
        ),
    }
    return s3, name


def _keys(bucket) -> list[str]:
    s3, name = bucket
    return [o["Key"] for o in s3.list_objects_v2(Bucket=name).get("Contents", [])]


def test_a_document_goes_to_the_bucket_and_comes_back_only_through_the_view(
    client, case_manager, outsider, client_a, bucket, tmp_path
):
    client.force_login(case_manager)
    response = client.post(
        reverse("clients:document_upload", args=[client_a.pk]),
        {"kind": "id", "title": "State ID", "file": SimpleUploadedFile("id.pdf", PDF)},
    )
    assert response.status_code == 302
    document = ClientDocument.objects.get()
    assert _keys(bucket) == [f"agency/{document.file.name}"]
    assert not any(tmp_path.iterdir())  # nothing on the web machine's disk

    url = reverse("clients:document_download", args=[client_a.pk, document.pk])
    download = client.get(url)
    assert download.status_code == 200
    assert download.content == PDF
    assert "no-store" in download["Cache-Control"]
    assert download["Content-Disposition"].startswith("attachment;")

    client.force_login(outsider)
    assert client.get(url).status_code == 404


def test_the_object_is_private_the_store_refuses_an_unsigned_read(
    client, case_manager, client_a, bucket, s3_endpoint
):
    client.force_login(case_manager)
    client.post(
        reverse("clients:document_upload", args=[client_a.pk]),
        {"kind": "id", "title": "State ID", "file": SimpleUploadedFile("id.pdf", PDF)},
    )
    s3, name = bucket
    (key,) = _keys(bucket)
    assert s3.get_object_acl(Bucket=name, Key=key)["Grants"] == [
        grant
        for grant in s3.get_object_acl(Bucket=name, Key=key)["Grants"]
        if grant["Grantee"].get("URI") is None  # no AllUsers / AuthenticatedUsers grant
    ]
    plain = requests.get(f"{s3_endpoint}/{name}/{key}", timeout=10)
    assert plain.status_code == 403


def test_a_second_file_with_the_same_name_never_overwrites_the_first(bucket):
    first = default_storage.save("client-documents/same.pdf", SimpleUploadedFile("a", b"one"))
    second = default_storage.save("client-documents/same.pdf", SimpleUploadedFile("b", b"two"))
    assert first != second
    assert default_storage.open(first).read() == b"one"
    assert default_storage.open(second).read() == b"two"


def test_a_signed_release_scan_goes_to_the_bucket(client, case_manager, client_a, bucket):
    sister = RelatedPersonFactory(client=client_a, full_name="Sara Sister")
    today = timezone.localdate()
    client.force_login(case_manager)
    response = client.post(
        reverse("clients:consent_create", args=[client_a.pk]),
        {
            "discloser": "Harbor FSP",
            "recipient_kind": "related_person",
            "related_person": sister.pk,
            "categories": ["general"],
            "purpose": "At the client's request",
            "effective_on": today.isoformat(),
            "expires_on": (today + timedelta(days=365)).isoformat(),
            "signer_kind": "client",
            "signature_method": "wet",
            "signed_on": today.isoformat(),
            "told_right_to_revoke": "on",
            "told_not_conditioned": "on",
            "told_redisclosure": "on",
            "file": SimpleUploadedFile("signed.pdf", PDF, "application/pdf"),
        },
    )
    assert response.status_code == 302
    consent = ConsentRelease.objects.get()
    assert _keys(bucket) == [f"agency/{consent.form_file.name}"]
    download = client.get(reverse("clients:consent_form", args=[client_a.pk, consent.pk]))
    assert download.status_code == 200 and download.content == PDF


def test_without_a_storage_url_files_stay_on_the_local_disk():
    assert default_storage_from_url("") == LOCAL


@pytest.mark.parametrize(
    "url",
    [
        "https://bucket.example.org/",
        "s3://key:secret@bucket",
        "s3://bucket?endpoint=https://x&public=1",
        "s3://",
    ],
)
def test_a_wrong_storage_url_stops_the_start(url):
    with pytest.raises(ImproperlyConfigured):
        default_storage_from_url(url)
