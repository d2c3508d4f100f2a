"""The page where an agency admin edits a service's contacts, fees and documents (which an
import also brings). Found through `service_get_for(change=True)` like the service's other
edit pages: 404 for another agency's service, 403 for staff who are not its admins."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from casework.permissions import requires, signed_in
from directory.forms.service_details import ServiceDetailsForms
from directory.selectors import directory as selectors
from directory.selectors.service_details import service_details_for
from directory.services.service_details import service_details_update
from directory.views.rows import rows_page


@requires(signed_in)
@require_http_methods(["GET", "HEAD", "POST"])
def service_details_edit(request: HttpRequest, pk: int) -> HttpResponse:
    service = selectors.service_get_for(viewer=request.user, pk=pk, change=True)
    forms = ServiceDetailsForms(
        request.POST if request.method == "POST" else None,
        initial=service_details_for(service=service),
        version=service.version,
    )

    def save() -> None:
        service_details_update(
            service_id=service.pk,
            details=forms.details(),
            version=forms.version,
            changed_by=request.user,
        )

    done = f"The contacts, fees and documents of {service.name} were saved."
    to = reverse("directory:service_detail", args=[service.pk])
    context = {"service": service, "organization": service.organization}
    return rows_page(request, forms, save, done, to, "directory/service_details_form.html", context)
