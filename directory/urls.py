"""The directory's routes in the `directory` namespace (paths unchanged since the move out
of referrals, so bookmarks keep working)."""

from django.urls import URLPattern, path

from casework.routes import routes
from directory.views import capacity, contacts, entries, picker, service_details
from directory.views import directory as views


def _entry_buttons(prefix: str, kind: str) -> list[URLPattern]:
    """The buttons an organisation and a service share, one view each for both kinds
    (directory/views/entries.py), named as they always were: `service_deactivate`..."""
    kind_of = {"kind": kind}
    return [
        path(f"{prefix}inactive/", entries.entry_deactivate, kind_of, name=f"{kind}_deactivate"),
        path(f"{prefix}active/", entries.entry_activate, kind_of, name=f"{kind}_activate"),
        path(f"{prefix}verify/", entries.entry_verify, kind_of, name=f"{kind}_verify"),
    ]


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
    ),
    *_entry_buttons("directory/services/<int:pk>/", "service"),
    *routes(
        "directory/organizations/<int:pk>/",
        views.organization_detail,
        edit=views.organization_edit,
        contacts=contacts.organization_contacts_edit,
    ),
    *_entry_buttons("directory/organizations/<int:pk>/", "organization"),
    *routes("directory/organizations/", new=views.organization_create),
    *routes("directory/organizations/<int:organization_id>/services/", new=views.service_create),
    *routes("directory/organizations/<int:organization_id>/locations/", new=views.location_create),
    *routes("directory/locations/<int:pk>/", edit=views.location_edit),
    *routes("directory/", manage=views.manage, unverified=views.unverified),
    path("directory/import/", views.import_package, name="import"),
    path("directory/export/", views.export_package, name="export"),
]
