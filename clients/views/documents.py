"""Client documents: list, record panel, upload, download, void. Files are served only by
`document_download`, after the access check and an audit row, never from a public media URL."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods, require_safe

from casework.audit import audit_client
from casework.errors import fields_to
from casework.permissions import requires, signed_in
from clients.forms.documents import DocumentUploadForm, VoidForm
from clients.models import Client, ClientDocument
from clients.selectors import client_get_for_change
from clients.selectors.documents import document_get_for, documents_for, first_documents_for
from clients.services import documents as services
from clients.views.parts import client_read, list_context, panel_context, part_forms, record_panel

PANEL_SIZE = 5
_FORM_METHODS = ["GET", "HEAD", "POST"]


@requires(signed_in)
@require_safe
def documents_list(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_read(request, client_id)
    context = list_context(request, client, documents_for)
    return render(request, "clients/documents/documents_list.html", context)


DOCUMENTS_PANEL = "clients/documents/_panel.html"


def documents_panel_context(request: HttpRequest, client: Client) -> dict:
    """Rendered in the record page's first response: the first few documents, one query."""
    documents = first_documents_for(viewer=request.user, client=client, n=PANEL_SIZE + 1)
    return panel_context(request, client, documents, name="documents", size=PANEL_SIZE)


documents_panel = record_panel(DOCUMENTS_PANEL, documents_panel_context)


@requires(signed_in)
@require_http_methods(_FORM_METHODS)
def document_upload(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_get_for_change(viewer=request.user, pk=client_id)
    form = DocumentUploadForm(request.POST or None, request.FILES or None)

    def write(data: dict) -> ClientDocument:
        return services.document_upload(
            client_id=client.pk,
            kind=data["kind"],
            title=data["title"],
            upload=data["file"],
            uploaded_by=request.user,
        )

    context = {"client": client, "form": form}
    return _form(request, "document_upload.html", context, write, _uploaded)


def _uploaded(document: ClientDocument) -> str:
    return f"“{document.title}” was uploaded."


# A document's form page: back to the client's documents once the change is made.
_form = part_forms("documents", "documents")


@requires(signed_in)
@require_safe
def document_download(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    """The only way to a document's bytes: access-checked, audited, never cached, served as
    the type its content was checked to be, as an attachment with a generated name."""
    client, document = document_get_for(viewer=request.user, client_id=client_id, pk=pk)
    try:
        with document.file.open("rb") as handle:
            # Read whole: uploads are capped (CLIENT_DOCUMENT_MAX_BYTES), and one plain
            # response keeps the headers below on every byte served.
            body = handle.read()
    except FileNotFoundError as error:
        raise Http404 from error
    audit_client("clients.document.viewed", document, client, request=request)
    response = HttpResponse(body, content_type=document.content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=services.download_name(document)
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@requires(signed_in)
@require_http_methods(_FORM_METHODS)
def document_void(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    client, document = document_get_for(
        viewer=request.user, client_id=client_id, pk=pk, change=True
    )
    form = VoidForm(request.POST or None)
    write = fields_to(
        services.document_void, client_id=client.pk, document_id=document.pk, voided_by=request.user
    )

    done = f"“{document.title}” was voided; the file is kept."
    context = {"client": client, "document": document, "form": form}
    return _form(request, "document_void.html", context, write, done)
