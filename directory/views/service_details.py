"""The page where an agency admin edits a service's contacts, fees and documents (which an
import also brings). Found through `service_get_for(change=True)` like the service's other
edit pages: 404 for another agency's service, 403 for staff who are not its admins."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from casework.permissions import requires, signed_in
from directory.forms.service_details import ServiceDetailsForms
from directory.selectors import directory as selectors
from directory.selectors.service_details import service_details_for
from directory.services.errors import DirectoryError
from directory.services.service_details import service_details_update


@requires(signed_in)
@require_http_methods(["GET", "HEAD", "POST"])
def service_details_edit(request: HttpRequest, pk: int) -> HttpResponse:
    service = selectors.service_get_for(viewer=request.user, pk=pk, change=True)
    forms = ServiceDetailsForms(
        request.POST if request.method == "POST" else None,
        initial=service_details_for(service=service),
        version=service.version,
    )
    if request.method == "POST" and forms.is_valid():
        try:
            service_details_update(
                service_id=service.pk,
                details=forms.details(),
                version=forms.version,
                changed_by=request.user,
            )
        except DirectoryError as error:
            forms.refuse(error)  # the forms stay bound: the admin's text is kept
        else:
            messages.success(
                request, f"The contacts, fees and documents of {service.name} were saved."
            )
            return redirect("directory:service_detail", pk=service.pk)
    context = {"forms": forms, "service": service, "organization": service.organization}
    return render(request, "directory/service_details_form.html", context)
