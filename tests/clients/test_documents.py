"""Client documents: typed by content, size-limited, stored under generated names, served
only through the access-checked, audited download view, voided never deleted."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.views.static import serve

from casework.models import AuditEvent
from clients.models import ClientDocument
from clients.services import documents as services
from clients.services.errors import ClientRecordError
from tests.factories import ClientDocumentFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 40
EXE = b"MZ\x90\x00" + b"\x00" * 40


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _upload(content=PDF, name="scan.pdf", declared="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=declared)


def _add(client_a, user, content=PDF, name="scan.pdf", title="State ID"):
    return services.document_upload(
        client_id=client_a.pk,
        kind="id",
        title=title,
        upload=_upload(content, name),
        uploaded_by=user,
    )


# --- Upload rules ----------------------------------------------------------------------------


def test_it_stores_a_pdf_under_a_generated_name_with_its_hash(client_a, case_manager, media):
    document = _add(client_a, case_manager, name="Amara Teamay SSN 123.pdf")
    assert document.content_type == "application/pdf"
    assert document.sha256 == hashlib.sha256(PDF).hexdigest()
    assert document.size == len(PDF)
    assert document.original_name == "Amara Teamay SSN 123.pdf"
    assert document.file.name.startswith("client-documents/")
    assert document.file.name.endswith(".pdf")
    assert "Amara" not in document.file.name and "SSN" not in document.file.name
    assert (media / document.file.name).read_bytes() == PDF
    event = AuditEvent.objects.get(action="clients.document.uploaded")
    assert event.client_id == client_a.pk and "Amara" not in str(event.detail)


def test_jpeg_is_accepted(client_a, case_manager):
    document = _add(client_a, case_manager, content=JPEG, name="photo.jpeg")
    assert document.content_type == "image/jpeg" and document.file.name.endswith(".jpg")


def test_the_content_wins_over_the_name_png_bytes_named_pdf_are_a_png(client_a, case_manager):
    document = _add(client_a, case_manager, content=PNG, name="letter.pdf")
    assert document.content_type == "image/png"
    assert document.file.name.endswith(".png")


@pytest.mark.parametrize(
    "content",
    [EXE, b"<html><script>alert(1)</script>", b"<svg xmlns='http://www.w3.org/2000/svg'/>"],
)
def test_anything_but_pdf_png_jpeg_is_refused_whatever_its_name(
    client_a, case_manager, media, content
):
    with pytest.raises(ClientRecordError) as error:
        _add(client_a, case_manager, content=content, name="court-order.pdf")
    assert error.value.field == "file"
    assert not ClientDocument.objects.exists()
    assert not any(media.rglob("*.*"))


def test_a_file_over_the_limit_is_refused(client_a, case_manager, settings):
    settings.CLIENT_DOCUMENT_MAX_BYTES = 20
    with pytest.raises(ClientRecordError) as error:
        _add(client_a, case_manager)
    assert error.value.field == "file" and "limit" in error.value.message
    assert not ClientDocument.objects.exists()


def test_the_limit_defaults_to_ten_megabytes():
    from django.conf import settings

    assert settings.CLIENT_DOCUMENT_MAX_BYTES == 10 * 1024 * 1024


def test_an_empty_file_is_refused(client_a, case_manager):
    with pytest.raises(ClientRecordError):
        _add(client_a, case_manager, content=b"")


# --- Upload form ---------------------------------------------------------------------------


def test_the_form_uploads_and_returns_to_the_list(client, case_manager, client_a):
    client.force_login(case_manager)
    response = client.post(
        reverse("clients:document_upload", args=[client_a.pk]),
        {"kind": "benefits", "title": "SSI award letter", "file": _upload()},
    )
    assert response.status_code == 302
    assert ClientDocument.objects.get().title == "SSI award letter"


@pytest.mark.parametrize(
    ("content", "limit", "message"),
    [(EXE, None, "Upload a PDF, PNG or JPEG"), (PDF, 10, "the limit is 10")],
)
def test_the_form_shows_type_and_size_errors_at_the_file_field(
    client, case_manager, client_a, settings, content, limit, message
):
    if limit:
        settings.CLIENT_DOCUMENT_MAX_BYTES = limit
    client.force_login(case_manager)
    response = client.post(
        reverse("clients:document_upload", args=[client_a.pk]),
        {"kind": "id", "title": "ID", "file": _upload(content, "id.pdf")},
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["file"])
    assert not ClientDocument.objects.exists()


def test_compliance_cannot_upload(client, compliance, client_a):
    client.force_login(compliance)
    response = client.post(
        reverse("clients:document_upload", args=[client_a.pk]),
        {"kind": "id", "title": "ID", "file": _upload()},
    )
    assert response.status_code == 403
    assert not ClientDocument.objects.exists()


# --- Download --------------------------------------------------------------------------------


def test_the_download_is_audited_and_served_safely(client, case_manager, client_a):
    document = _add(client_a, case_manager, title='Court "order"\r\nX-Evil: 1 ../../etc')
    client.force_login(case_manager)
    response = client.get(reverse("clients:document_download", args=[client_a.pk, document.pk]))
    assert response.status_code == 200
    assert response.content == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    disposition = response["Content-Disposition"]
    assert disposition == 'attachment; filename="court-order-x-evil-1-etc.pdf"'
    event = AuditEvent.objects.get(action="clients.document.viewed")
    assert event.object_id == str(document.pk) and event.client_id == client_a.pk
    assert event.actor == case_manager


def test_a_png_named_pdf_downloads_as_a_png(client, case_manager, client_a):
    document = _add(client_a, case_manager, content=PNG, name="letter.pdf", title="Letter")
    client.force_login(case_manager)
    response = client.get(reverse("clients:document_download", args=[client_a.pk, document.pk]))
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'attachment; filename="letter.png"'


def test_compliance_may_read_a_document(client, compliance, case_manager, client_a):
    document = _add(client_a, case_manager)
    client.force_login(compliance)
    url = reverse("clients:document_download", args=[client_a.pk, document.pk])
    assert client.get(url).status_code == 200


def test_another_team_gets_404_and_nothing_is_audited(client, outsider, case_manager, client_a):
    document = _add(client_a, case_manager)
    client.force_login(outsider)
    url = reverse("clients:document_download", args=[client_a.pk, document.pk])
    assert client.get(url).status_code == 404
    assert not AuditEvent.objects.filter(action="clients.document.viewed").exists()


def test_a_document_is_not_reached_through_another_client(client, case_manager, client_a):
    other = ClientDocumentFactory(client__team=client_a.team)
    client.force_login(case_manager)
    url = reverse("clients:document_download", args=[client_a.pk, other.pk])
    assert client.get(url).status_code == 404


def test_no_route_serves_the_media_folder(client, case_manager, client_a, settings):
    def views(resolver):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                yield from views(entry)
            elif isinstance(entry, URLPattern):
                yield entry.callback

    assert serve not in set(views(get_resolver()))
    document = _add(client_a, case_manager)
    client.force_login(case_manager)
    for prefix in ("/media/", "/", settings.MEDIA_URL or "/"):
        assert client.get(f"{prefix}{document.file.name}").status_code == 404


# --- Void and lists ------------------------------------------------------------------------


def test_void_needs_a_reason_and_keeps_the_file(client, case_manager, client_a, media):
    document = _add(client_a, case_manager, title="Wrong client's ID")
    client.force_login(case_manager)
    url = reverse("clients:document_void", args=[client_a.pk, document.pk])
    response = client.post(url, {"reason": ""})
    assert response.context["form"].errors["reason"]
    client.post(url, {"reason": "Scanned for the wrong client"})
    document.refresh_from_db()
    assert document.is_voided and document.voided_by == case_manager
    assert (media / document.file.name).exists()
    assert AuditEvent.objects.filter(action="clients.document.voided").exists()
    current = client.get(reverse("clients:documents", args=[client_a.pk])).content.decode()
    voided = client.get(reverse("clients:documents", args=[client_a.pk]), {"voided": "1"})
    row = f'id="document-{document.pk}"'
    assert row not in current
    assert row in voided.content.decode()
    assert "Scanned for the wrong client" in voided.content.decode()
    download = reverse("clients:document_download", args=[client_a.pk, document.pk])
    assert client.get(download).status_code == 200


def test_a_voided_document_cannot_be_voided_again(client_a, case_manager):
    document = _add(client_a, case_manager)
    services.document_void(
        client_id=client_a.pk, document_id=document.pk, reason="dup", voided_by=case_manager
    )
    with pytest.raises(ClientRecordError):
        services.document_void(
            client_id=client_a.pk, document_id=document.pk, reason="dup", voided_by=case_manager
        )


def test_the_panel_lists_current_documents_with_links(client, case_manager, client_a):
    document = _add(client_a, case_manager, title="Benefit letter")
    client.force_login(case_manager)
    body = client.get(reverse("clients:documents_panel", args=[client_a.pk])).content.decode()
    assert "Benefit letter" in body
    assert reverse("clients:document_download", args=[client_a.pk, document.pk]) in body
    assert reverse("clients:documents", args=[client_a.pk]) in body


@pytest.mark.parametrize("name", ["clients:documents", "clients:documents_panel"])
def test_the_document_pages_take_the_same_queries_for_many_documents(
    client, case_manager, client_a, django_assert_max_num_queries, name
):
    client.force_login(case_manager)
    url = reverse(name, args=[client_a.pk])
    ClientDocumentFactory(client=client_a, uploaded_by=case_manager)
    client.get(url)
    # session, user, client, audit insert, count (page only), documents with uploader and
    # voider joined, memberships (access), the navigation's reminder count, session save
    # (savepoint, update, release).
    with django_assert_max_num_queries(11):
        client.get(url)
    ClientDocumentFactory.create_batch(30, client=client_a)
    with django_assert_max_num_queries(11):
        assert client.get(url).status_code == 200


def test_a_failed_insert_leaves_no_orphan_file(client_a, case_manager, media, monkeypatch):
    def broken_audit(**kwargs):
        raise RuntimeError("audit down")

    monkeypatch.setattr(services, "audit_record", broken_audit)
    with pytest.raises(RuntimeError):
        _add(client_a, case_manager)
    assert not ClientDocument.objects.exists()
    assert not any(path.is_file() for path in media.rglob("*"))
