from django.urls import path

from clients.views import documents

urlpatterns = [
    path("<int:client_id>/documents/", documents.documents_list, name="documents"),
    path("<int:client_id>/documents/new/", documents.document_upload, name="document_upload"),
    path(
        "<int:client_id>/documents/<int:pk>/download/",
        documents.document_download,
        name="document_download",
    ),
    path("<int:client_id>/documents/<int:pk>/void/", documents.document_void, name="document_void"),
    path("<int:client_id>/panels/documents/", documents.documents_panel, name="documents_panel"),
]
