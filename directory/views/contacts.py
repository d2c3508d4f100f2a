"""The page where an agency admin edits an organisation's own contacts (HSDS contacts of the
organisation, not of its services). Found through `organization_get_for(change=True)` like
the organisation's edit page: 404 for another agency's, 403 for staff who are not its
admins."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from casework.permissions import requires, signed_in
from directory.forms.contacts import OrganizationContactsForms
from directory.selectors import directory as selectors
from directory.selectors.contacts import organization_contact_rows
from directory.services.contacts import organization_contacts_update
from directory.services.errors import DirectoryError


@requires(signed_in)
@require_http_methods(["GET", "HEAD", "POST"])
def organization_contacts_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organization = selectors.organization_get_for(viewer=request.user, pk=pk, change=True)
    forms = OrganizationContactsForms(
        request.POST if request.method == "POST" else None,
        initial={"contacts": organization_contact_rows(organization=organization)},
        version=organization.version,
    )
    if request.method == "POST" and forms.is_valid():
        try:
            organization_contacts_update(
                organization_id=organization.pk,
                contacts=forms.contacts(),
                version=forms.version,
                changed_by=request.user,
            )
        except DirectoryError as error:
            forms.refuse(error)  # the forms stay bound: the admin's text is kept
        else:
            messages.success(request, f"The contacts of {organization.name} were saved.")
            return redirect("directory:organization_detail", pk=organization.pk)
    context = {"forms": forms, "organization": organization}
    return render(request, "directory/organization_contacts_form.html", context)
