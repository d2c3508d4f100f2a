"""The service directory's pages. Every member of staff searches and reads their agency's
directory; agency admins create, edit, deactivate, verify, import and export. Thin: find
through the selectors (404 for another agency's entries, 403 for non-admins on writes),
call one service, redirect with a message."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods

from casework.errors import show_on_form
from casework.input import search_query
from casework.paging import page_with_filters
from casework.permissions import SAFE, requires, signed_in
from casework.predicates import may_change_records
from directory.forms.directory import (
    DirectorySearchForm,
    ExportForm,
    ImportForm,
    LocationForm,
    OrganizationForm,
    ServiceForm,
)
from directory.hsds.exporter import directory_export, exports_left
from directory.hsds.importer import directory_import
from directory.hsds.reading import MAX_PACKAGE_BYTES
from directory.models import Location, ServiceAtLocation
from directory.predicates import may_edit_directory, may_read_directory
from directory.selectors import directory as selectors
from directory.selectors.contacts import with_phones
from directory.services import directory as services
from directory.services.errors import DirectoryError

PAGE_SIZE = 20
_FORM_METHODS = ["GET", "HEAD", "POST"]


# Reading: every member of staff ---------------------------------------------------------


@requires(may_read_directory, methods=SAFE)
def directory_search(request: HttpRequest) -> HttpResponse:
    options = selectors.filter_options_for(viewer=request.user)
    form = DirectorySearchForm(request.GET or None, options=options)
    query = form.query() if request.GET else selectors.DirectoryQuery()
    results = selectors.directory_search(viewer=request.user, query=query)
    page, params = page_with_filters(request, results, PAGE_SIZE)
    context = {
        "form": form,
        "page": page,
        "query": query,
        "params": params.urlencode(),
        "can_edit": may_edit_directory(request.user),
    }
    return render(request, "directory/search.html", context)


@requires(may_read_directory, methods=SAFE)
def service_detail(request: HttpRequest, pk: int) -> HttpResponse:
    service = selectors.service_detail_for(viewer=request.user, pk=pk)
    context = {
        "service": service,
        "locations": selectors.service_locations(service),
        "hours": selectors.service_hours(service),
        "areas": service.area_names,
        **selectors.service_extras(service),
        "can_edit": may_edit_directory(request.user, service.agency_id),
        "can_refer": may_change_records(request.user),
    }
    return render(request, "directory/service_detail.html", context)


@requires(may_read_directory, methods=SAFE)
def organization_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organization = selectors.organization_get_for(viewer=request.user, pk=pk)
    context = {
        "organization": organization,
        "services": list(organization.services.order_by("name", "id")),
        "locations": list(
            Location.objects.filter(organization=organization)
            .prefetch_related("addresses")
            .order_by("name", "id")
        ),
        "phones": list(organization.phones.order_by("id")),
        "contacts": list(with_phones(organization.contacts.all())),
        "urls": list(organization.urls.order_by("id")),
        "can_edit": may_edit_directory(request.user, organization.agency_id),
    }
    return render(request, "directory/organization_detail.html", context)


# Administration: agency admins ----------------------------------------------------------


@requires(may_edit_directory, methods=SAFE)
def manage(request: HttpRequest) -> HttpResponse:
    agency = selectors.admin_agency_for(viewer=request.user)
    q = search_query(request)
    organizations = selectors.organizations_for(viewer=request.user).filter(agency=agency)
    if q:
        organizations = organizations.filter(Q(name__icontains=q) | Q(name__trigram_word_similar=q))
    organizations = organizations.annotate(service_count=Count("services", distinct=True)).order_by(
        "-is_active", "name", "pk"
    )
    page = Paginator(organizations, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    context = {
        "page": page,
        "q": q,
        "params": urlencode({"q": q}) if q else "",
        "unverified": selectors.unverified_services_for(viewer=request.user, today=today).count(),
    }
    return render(request, "directory/manage.html", context)


@requires(may_edit_directory, methods=SAFE)
def unverified(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    services_due = selectors.unverified_services_for(viewer=request.user, today=today)
    organizations_due = selectors.unverified_organizations_for(viewer=request.user, today=today)
    context = {
        "page": Paginator(services_due, PAGE_SIZE * 2).get_page(request.GET.get("page")),
        "organizations": list(organizations_due[:50]),
    }
    return render(request, "directory/unverified.html", context)


@requires(may_edit_directory, methods=_FORM_METHODS)
def organization_create(request: HttpRequest) -> HttpResponse:
    agency = selectors.admin_agency_for(viewer=request.user)
    form = OrganizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organization = services.organization_create(
                agency=agency, details=form.details(), created_by=request.user
            )
        except DirectoryError as error:
            show_on_form(form, error)
        else:
            messages.success(request, f"{organization.name} was added.")
            return redirect("directory:organization_detail", pk=organization.pk)
    return render(request, "directory/organization_form.html", {"form": form})


@requires(signed_in)
@require_http_methods(_FORM_METHODS)
def organization_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organization = selectors.organization_get_for(viewer=request.user, pk=pk, change=True)
    form = OrganizationForm(
        request.POST or None, instance=organization, initial={"version": organization.version}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.organization_update(
                organization_id=organization.pk,
                details=form.details(),
                version=form.cleaned_data["version"] or 0,
                changed_by=request.user,
            )
        except DirectoryError as error:
            show_on_form(form, error)  # the form stays bound: the admin's text is kept
        else:
            messages.success(request, f"{form.cleaned_data['name']} was saved.")
            return redirect("directory:organization_detail", pk=organization.pk)
    context = {"form": form, "organization": organization}
    return render(request, "directory/organization_form.html", context)


def _service_form(request, *, agency_id: int, service=None) -> ServiceForm:
    terms = selectors.terms_for(agency_ids=[agency_id]).values_list("pk", "name")
    initial, extra = None, ()
    if service is not None:
        links = services.service_links(service)
        initial, extra = ServiceForm.initial_for(service, links), links.languages
    return ServiceForm(
        request.POST or None,
        instance=service,
        initial=initial,
        categories=terms,
        extra_languages=extra,
    )


@requires(signed_in)
@require_http_methods(_FORM_METHODS)
def service_create(request: HttpRequest, organization_id: int) -> HttpResponse:
    organization = selectors.organization_get_for(
        viewer=request.user, pk=organization_id, change=True
    )
    services.categories_ensure(agency=organization.agency)
    form = _service_form(request, agency_id=organization.agency_id)
    if request.method == "POST" and form.is_valid():
        try:
            service = services.service_create(
                organization_id=organization.pk,
                details=form.details(),
                links=form.links(),
                created_by=request.user,
            )
        except DirectoryError as error:
            show_on_form(form, error)
        else:
            messages.success(request, f"{service.name} was added.")
            return redirect("directory:service_detail", pk=service.pk)
    context = {"form": form, "organization": organization}
    return render(request, "directory/service_form.html", context)


@requires(signed_in)
@require_http_methods(_FORM_METHODS)
def service_edit(request: HttpRequest, pk: int) -> HttpResponse:
    service = selectors.service_get_for(viewer=request.user, pk=pk, change=True)
    form = _service_form(request, agency_id=service.agency_id, service=service)
    if request.method == "POST" and form.is_valid():
        try:
            services.service_update(
                service_id=service.pk,
                details=form.details(),
                links=form.links(),
                version=form.cleaned_data["version"] or 0,
                changed_by=request.user,
            )
        except DirectoryError as error:
            show_on_form(form, error)
        else:
            messages.success(request, f"{form.cleaned_data['name']} was saved.")
            return redirect("directory:service_detail", pk=service.pk)
    context = {"form": form, "organization": service.organization, "service": service}
    return render(request, "directory/service_form.html", context)


def _location_form(request, organization, location=None) -> LocationForm:
    choices = organization.services.order_by("name", "id").values_list("pk", "name")
    initial = None
    if location is not None:
        address = location.addresses.order_by("id").first()
        initial = {
            "version": location.version,
            "services": list(
                ServiceAtLocation.objects.filter(location=location).values_list(
                    "service_id", flat=True
                )
            ),
            **{name: getattr(address, name) if address else "" for name in services.ADDRESS_FIELDS},
        }
    return LocationForm(request.POST or None, instance=location, initial=initial, services=choices)


@requires(signed_in)
@require_http_methods(_FORM_METHODS)
def location_create(request: HttpRequest, organization_id: int) -> HttpResponse:
    organization = selectors.organization_get_for(
        viewer=request.user, pk=organization_id, change=True
    )
    form = _location_form(request, organization)
    if request.method == "POST" and form.is_valid():
        try:
            services.location_create(
                organization_id=organization.pk,
                details=form.details(),
                address=form.address(),
                service_ids=form.cleaned_data["services"],
                created_by=request.user,
            )
        except DirectoryError as error:
            show_on_form(form, error)
        else:
            messages.success(request, "The location was added.")
            return redirect("directory:organization_detail", pk=organization.pk)
    context = {"form": form, "organization": organization}
    return render(request, "directory/location_form.html", context)


@requires(signed_in)
@require_http_methods(_FORM_METHODS)
def location_edit(request: HttpRequest, pk: int) -> HttpResponse:
    location = selectors.location_get_for(viewer=request.user, pk=pk, change=True)
    form = _location_form(request, location.organization, location)
    if request.method == "POST" and form.is_valid():
        try:
            services.location_update(
                location_id=location.pk,
                details=form.details(),
                address=form.address(),
                service_ids=form.cleaned_data["services"],
                version=form.cleaned_data["version"] or 0,
                changed_by=request.user,
            )
        except DirectoryError as error:
            show_on_form(form, error)
        else:
            messages.success(request, "The location was saved.")
            return redirect("directory:organization_detail", pk=location.organization_id)
    context = {"form": form, "organization": location.organization, "location": location}
    return render(request, "directory/location_form.html", context)


# Exchange: agency admins ----------------------------------------------------------------


@requires(may_edit_directory, methods=_FORM_METHODS)
def import_package(request: HttpRequest) -> HttpResponse:
    agency = selectors.admin_agency_for(viewer=request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["package"]
        if upload.size > MAX_PACKAGE_BYTES:  # before reading it into memory
            form.add_error("package", f"The file is larger than {MAX_PACKAGE_BYTES // 2**20} MB.")
        else:
            report = directory_import(
                agency=agency,
                data=upload.read(),
                filename=upload.name,
                imported_by=request.user,
                dry_run=form.cleaned_data["dry_run"],
            )
    context = {"form": form, "report": report}
    return render(request, "directory/import.html", context)


def _download(data: bytes, *, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@requires(may_edit_directory, methods=_FORM_METHODS)
def export_package(request: HttpRequest) -> HttpResponse:
    """GET offers the two forms; POST downloads one. A POST, because an export is a
    deliberate, audited act, not something a prefetching browser should trigger."""
    agency = selectors.admin_agency_for(viewer=request.user)
    form = ExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and not exports_left(user=request.user):
        form.add_error(None, "You have reached the limit of exports for this hour; try later.")
    elif request.method == "POST" and form.is_valid():
        fmt = form.cleaned_data["format"]
        data = directory_export(agency=agency, fmt=fmt, exported_by=request.user)
        stem = f"{agency.slug}-directory-{timezone.localdate():%Y-%m-%d}"
        if fmt == "csv":
            return _download(data, filename=f"{stem}.zip", content_type="application/zip")
        return _download(data, filename=f"{stem}.json", content_type="application/json")
    return render(request, "directory/export.html", {"form": form})
