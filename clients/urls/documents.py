from clients.urls.parts import record_part
from clients.views import documents

urlpatterns = record_part(
    "documents",
    documents.documents_list,
    documents.documents_panel,
    documents.document_upload,
    download=documents.document_download,
    void=documents.document_void,
)
