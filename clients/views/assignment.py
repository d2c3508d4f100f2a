"""The client's staff: history, primary reassignment, secondary staff, and transfers."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from casework import access
from casework.audit import audit_view
from clients import selectors
from clients.forms.assignment import EndSecondaryForm, PrimaryForm, SecondaryForm, TransferForm
from clients.models import Client
from clients.selectors.staff import assignment_history
from clients.services import assignment
from clients.services.errors import ClientRecordError


def _staff_page(
    request: HttpRequest,
    client: Client,
    *,
    primary_form: PrimaryForm | None = None,
    secondary_form: SecondaryForm | None = None,
    end_error: tuple[int, str] | None = None,
) -> HttpResponse:
    can_change = access.access_for(request.user).can_change_team(client.team_id)
    return render(
        request,
        "clients/assignment/assignments.html",
        {
            "client": client,
            "history": assignment_history(client=client),
            "transfers": client.transfers.select_related(
                "from_team", "to_team", "from_service_area", "to_service_area"
            ),
            "can_change": can_change and client.is_open,
            "primary_form": primary_form or PrimaryForm(client=client),
            "secondary_form": secondary_form or SecondaryForm(client=client),
            "end_form": EndSecondaryForm(),
            "end_error": end_error,
        },
    )


@require_safe
@login_required
def assignments(request: HttpRequest, pk: int) -> HttpResponse:
    client = selectors.client_get_for(viewer=request.user, pk=pk)
    audit_view(request, client, client_id=client.pk)
    return _staff_page(request, client)


@login_required
@require_POST
def primary_reassign(request: HttpRequest, pk: int) -> HttpResponse:
    client = selectors.client_get_for_change(viewer=request.user, pk=pk)
    form = PrimaryForm(request.POST, client=client)
    if form.is_valid():
        try:
            row = assignment.primary_reassign(
                client_id=client.pk, assigned_by=request.user, **form.cleaned_data
            )
        except ClientRecordError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, f"{row.staff} is now the primary case manager.")
            return redirect("clients:assignments", pk=client.pk)
    return _staff_page(request, client, primary_form=form)


@login_required
@require_POST
def secondary_add(request: HttpRequest, pk: int) -> HttpResponse:
    client = selectors.client_get_for_change(viewer=request.user, pk=pk)
    form = SecondaryForm(request.POST, client=client)
    if form.is_valid():
        try:
            row = assignment.secondary_add(
                client_id=client.pk, assigned_by=request.user, **form.cleaned_data
            )
        except ClientRecordError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, f"{row.staff} was added as secondary staff.")
            return redirect("clients:assignments", pk=client.pk)
    return _staff_page(request, client, secondary_form=form)


@login_required
@require_POST
def secondary_end(request: HttpRequest, pk: int, assignment_id: int) -> HttpResponse:
    client = selectors.client_get_for_change(viewer=request.user, pk=pk)
    form = EndSecondaryForm(request.POST)
    if form.is_valid():
        try:
            row = assignment.secondary_end(
                client_id=client.pk,
                assignment_id=assignment_id,
                ended_by=request.user,
                ended_on=form.cleaned_data["ended_on"],
            )
        except ClientRecordError as error:
            message = error.message
        else:
            messages.success(request, f"{row.staff} no longer serves this client.")
            return redirect("clients:assignments", pk=client.pk)
    else:
        message = "Enter the last day as a date."
    return _staff_page(request, client, end_error=(assignment_id, message))


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def transfer(request: HttpRequest, pk: int) -> HttpResponse:
    client = selectors.client_get_for_change(viewer=request.user, pk=pk)
    form = TransferForm(request.POST or None, client=client, viewer=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            row = assignment.client_transfer(
                client_id=client.pk, transferred_by=request.user, **form.cleaned_data
            )
        except ClientRecordError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, f"{client.display_name} was transferred to {row.to_team}.")
            if access.access_for(request.user).can_read_team(row.to_team_id):
                return redirect("clients:detail", pk=client.pk)
            return redirect("clients:list")
    if request.method != "POST":
        audit_view(request, client, client_id=client.pk)
    return render(
        request, "clients/assignment/transfer_form.html", {"client": client, "form": form}
    )
