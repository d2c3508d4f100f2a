"""The directory's routes in the `directory` namespace (paths unchanged since the move out
of referrals, so bookmarks keep working)."""

from django.urls import path

from directory.views import capacity, contacts, picker, service_details
from directory.views import directory as views

app_name = "directory"
urlpatterns = [
    path("directory/", views.directory_search, name="search"),
    path("directory/picker/", picker.directory_picker, name="picker"),
    path("directory/services/<int:pk>/", views.service_detail, name="service_detail"),
    path("directory/services/<int:pk>/edit/", views.service_edit, name="service_edit"),
    path(
        "directory/services/<int:pk>/details/",
        service_details.service_details_edit,
        name="service_details_edit",
    ),
    path(
        "directory/services/<int:pk>/capacity/",
        capacity.service_capacity_edit,
        name="service_capacity_edit",
    ),
    path(
        "directory/services/<int:pk>/inactive/",
        views.service_deactivate,
        name="service_deactivate",
    ),
    path("directory/services/<int:pk>/active/", views.service_activate, name="service_activate"),
    path("directory/services/<int:pk>/verify/", views.service_verify, name="service_verify"),
    path(
        "directory/organizations/<int:pk>/",
        views.organization_detail,
        name="organization_detail",
    ),
    path("directory/organizations/new/", views.organization_create, name="organization_create"),
    path(
        "directory/organizations/<int:pk>/edit/",
        views.organization_edit,
        name="organization_edit",
    ),
    path(
        "directory/organizations/<int:pk>/contacts/",
        contacts.organization_contacts_edit,
        name="organization_contacts_edit",
    ),
    path(
        "directory/organizations/<int:pk>/inactive/",
        views.organization_deactivate,
        name="organization_deactivate",
    ),
    path(
        "directory/organizations/<int:pk>/active/",
        views.organization_activate,
        name="organization_activate",
    ),
    path(
        "directory/organizations/<int:pk>/verify/",
        views.organization_verify,
        name="organization_verify",
    ),
    path(
        "directory/organizations/<int:organization_id>/services/new/",
        views.service_create,
        name="service_create",
    ),
    path(
        "directory/organizations/<int:organization_id>/locations/new/",
        views.location_create,
        name="location_create",
    ),
    path("directory/locations/<int:pk>/edit/", views.location_edit, name="location_edit"),
    path("directory/manage/", views.manage, name="manage"),
    path("directory/unverified/", views.unverified, name="unverified"),
    path("directory/import/", views.import_package, name="import"),
    path("directory/export/", views.export_package, name="export"),
]
