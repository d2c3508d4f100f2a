"""The page where an agency admin updates a service's capacity (beds or places free now).
Found through `service_get_for(change=True)`: 404 for another agency's service, 403 for staff
who are not its admins."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from casework.errors import form_write
from casework.permissions import requires, signed_in
from directory.forms.capacity import CapacityForm
from directory.selectors import directory as selectors
from directory.services.capacity import service_capacity_set
from directory.services.errors import DirectoryError


def _plain(number) -> str | None:
    """120.00 as "120", 2.50 as "2.5" (not Decimal's "1.2E+2")."""
    return None if number is None else format(number.normalize(), "f")


def _initial(capacity) -> dict:
    return {
        "capacity_id": capacity.pk,
        "version": capacity.version,
        "unit": capacity.unit.name,
        "available": _plain(capacity.available),
        "maximum": _plain(capacity.maximum),
        "description": capacity.description,
    }


@requires(signed_in)
@require_http_methods(["GET", "HEAD", "POST"])
def service_capacity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    service = selectors.service_get_for(viewer=request.user, pk=pk, change=True)
    capacities = list(service.capacities.select_related("unit").order_by("id"))
    bound = CapacityForm(request.POST) if request.method == "POST" else None

    def save(data: dict) -> None:
        service_capacity_set(
            service_id=service.pk,
            capacity_id=data["capacity_id"],
            unit_name=data["unit"],
            available=data["available"],
            maximum=data["maximum"],
            description=data["description"],
            version=data["version"],
            changed_by=request.user,
        )

    done = f"The capacity of {service.name} was updated."
    if bound is not None and form_write(request, bound, save, done, refused=DirectoryError):
        return redirect("directory:service_detail", pk=service.pk)
    posted = bound.data.get("capacity_id") if bound is not None else None
    forms = [
        (c, bound if posted == str(c.pk) else CapacityForm(initial=_initial(c), prefix=None))
        for c in capacities
    ]
    new = bound if bound is not None and not posted else CapacityForm()
    context = {"service": service, "organization": service.organization, "forms": forms,
               "new": new}  # fmt: skip
    return render(request, "directory/capacity_form.html", context)
