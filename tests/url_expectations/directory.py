"""directory: the service directory. Every member of staff of the agency reads it (the
outsider of team B is in the same agency, so they read it too); only the agency admin
changes it. Another agency's entries answer 404 (tests/directory/test_directory_views.py)."""

from tests.factories import OrganizationFactory, ServiceFactory

_READ = {"anonymous": 302, "*": 200}
_ADMIN = {"anonymous": 302, "admin_user": 200, "*": 403}
# An empty POST to a form re-renders it with errors and saves nothing.
_ADMIN_FORM_POST = {"admin_user": 200, "*": 403}
_POST_ONLY = {"anonymous": 302, "*": 405}


def _agency(c):
    return c["client_a"].team.agency


def _organization(c):
    return {"pk": OrganizationFactory(agency=_agency(c)).pk}


def _organization_for_children(c):
    return {"organization_id": OrganizationFactory(agency=_agency(c)).pk}


def _service(c):
    return {"pk": ServiceFactory(organization__agency=_agency(c)).pk}


def _location(c):
    from directory.models import Location

    organization = OrganizationFactory(agency=_agency(c))
    location = Location.objects.create(
        agency=organization.agency, organization=organization, name="Main office"
    )
    return {"pk": location.pk}


EXPECTED: dict[str, tuple] = {
    "directory:search": (None, _READ, 405),
    "directory:service_detail": (_service, _READ, 405),
    "directory:organization_detail": (_organization, _READ, 405),
    "directory:manage": (None, _ADMIN, 405),
    "directory:unverified": (None, _ADMIN, 405),
    "directory:organization_create": (None, _ADMIN, _ADMIN_FORM_POST),
    "directory:organization_edit": (_organization, _ADMIN, _ADMIN_FORM_POST),
    "directory:organization_contacts_edit": (_organization, _ADMIN, _ADMIN_FORM_POST),
    # GET asks for confirmation; POST deactivates (tests/directory/test_directory_views.py).
    "directory:organization_deactivate": (_organization, _ADMIN, None),
    # POST only; an active organisation is already active: message and redirect, no change.
    "directory:organization_activate": (_organization, _POST_ONLY, {"admin_user": 302, "*": 403}),
    "directory:organization_verify": (_organization, _POST_ONLY, None),
    "directory:service_create": (_organization_for_children, _ADMIN, _ADMIN_FORM_POST),
    "directory:service_edit": (_service, _ADMIN, _ADMIN_FORM_POST),
    "directory:service_details_edit": (_service, _ADMIN, _ADMIN_FORM_POST),
    "directory:service_capacity_edit": (_service, _ADMIN, _ADMIN_FORM_POST),
    "directory:service_deactivate": (_service, _ADMIN, None),
    "directory:service_activate": (_service, _POST_ONLY, {"admin_user": 302, "*": 403}),
    "directory:service_verify": (_service, _POST_ONLY, None),
    "directory:location_create": (_organization_for_children, _ADMIN, _ADMIN_FORM_POST),
    "directory:location_edit": (_location, _ADMIN, _ADMIN_FORM_POST),
    "directory:import": (None, _ADMIN, _ADMIN_FORM_POST),
    "directory:export": (None, _ADMIN, _ADMIN_FORM_POST),
}
