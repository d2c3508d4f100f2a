"""The page where an agency admin edits an organisation's own contacts (HSDS contacts of the
organisation, not of its services). Found through `organization_get_for(change=True)` like
the organisation's edit page: 404 for another agency's, 403 for staff who are not its
admins."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from casework.permissions import requires, signed_in
from directory.forms.contacts import OrganizationContactsForms
from directory.selectors import directory as selectors
from directory.selectors.contacts import organization_contact_rows
from directory.services.contacts import organization_contacts_update
from directory.views.rows import rows_page


@requires(signed_in)
@require_http_methods(["GET", "HEAD", "POST"])
def organization_contacts_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organization = selectors.organization_get_for(viewer=request.user, pk=pk, change=True)
    forms = OrganizationContactsForms(
        request.POST if request.method == "POST" else None,
        initial={"contacts": organization_contact_rows(organization=organization)},
        version=organization.version,
    )

    def save() -> None:
        organization_contacts_update(
            organization_id=organization.pk,
            contacts=forms.contacts(),
            version=forms.version,
            changed_by=request.user,
        )

    done = f"The contacts of {organization.name} were saved."
    to = reverse("directory:organization_detail", args=[organization.pk])
    template = "directory/organization_contacts_form.html"
    return rows_page(request, forms, save, done, to, template, {"organization": organization})
