"""The directory's routes in the `directory` namespace (paths unchanged since the move out
of referrals, so bookmarks keep working)."""

from django.urls import path

from casework.routes import routes
from directory.views import capacity, contacts, picker, service_details
from directory.views import directory as views

app_name = "directory"
urlpatterns = [
    path("directory/", views.directory_search, name="search"),
    path("directory/picker/", picker.directory_picker, name="picker"),
    *routes(
        "directory/services/<int:pk>/",
        views.service_detail,
        edit=views.service_edit,
        details=service_details.service_details_edit,
        capacity=capacity.service_capacity_edit,
        inactive=views.service_deactivate,
        active=views.service_activate,
        verify=views.service_verify,
    ),
    *routes(
        "directory/organizations/<int:pk>/",
        views.organization_detail,
        edit=views.organization_edit,
        contacts=contacts.organization_contacts_edit,
        inactive=views.organization_deactivate,
        active=views.organization_activate,
        verify=views.organization_verify,
    ),
    *routes("directory/organizations/", new=views.organization_create),
    *routes("directory/organizations/<int:organization_id>/services/", new=views.service_create),
    *routes("directory/organizations/<int:organization_id>/locations/", new=views.location_create),
    *routes("directory/locations/<int:pk>/", edit=views.location_edit),
    *routes("directory/", manage=views.manage, unverified=views.unverified),
    path("directory/import/", views.import_package, name="import"),
    path("directory/export/", views.export_package, name="export"),
]
