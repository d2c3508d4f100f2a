"""The exports app's routes (namespace `exports`): a client's exports under the record's
path, the agency's under /exports/agency/."""

from django.urls import path

from exports import views

app_name = "exports"
_CLIENT = "clients/<int:client_id>/export/"
urlpatterns = [
    path(f"{_CLIENT}", views.client_exports, name="client"),
    path(f"{_CLIENT}panel/", views.client_panel, name="client_panel"),
    path(f"{_CLIENT}fhir/", views.client_fhir, name="client_fhir"),
    path(f"{_CLIENT}copy/", views.client_copy, name="client_copy"),
    path(f"{_CLIENT}copy/view/", views.client_copy_page, name="client_copy_view"),
    path("exports/agency/", views.agency_exports, name="agency"),
    path("exports/agency/new/", views.agency_export_start, name="agency_start"),
    path("exports/agency/<int:pk>/progress/", views.agency_export_progress, name="agency_progress"),
    path("exports/agency/<int:pk>/download/", views.agency_export_download, name="agency_download"),
]
