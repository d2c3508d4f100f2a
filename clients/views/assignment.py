"""The client's staff: history, primary reassignment, secondary staff, and transfers."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from casework import access
from casework.audit import audit_view
from casework.errors import fields_to, form_write
from casework.models import ServiceArea
from casework.permissions import requires, signed_in
from casework.staffing.selectors import override_annotations, rule_labels
from clients import selectors
from clients.forms.assignment import EndSecondaryForm, PrimaryForm, SecondaryForm, TransferForm
from clients.forms.matching import chosen_id
from clients.models import Client, Transfer
from clients.predicates import may_change_client
from clients.selectors.matching import (
    RankedChoice,
    client_suggestions,
    needs_of,
    outside_team_area,
    receiving_teams,
    suggestions_for,
)
from clients.selectors.staff import assignment_history
from clients.services import assignment
from clients.services.errors import ClientRecordError
from clients.views.parts import client_read


def _staff_page(
    request: HttpRequest,
    client: Client,
    *,
    primary_form: PrimaryForm | None = None,
    secondary_form: SecondaryForm | None = None,
    end_error: tuple[int, str] | None = None,
) -> HttpResponse:
    can_change = may_change_client(request.user, client)
    can_assign = can_change and client.is_open
    primary_form = primary_form or PrimaryForm(client=client)
    secondary_form = secondary_form or SecondaryForm(client=client)
    history = _with_overrides(client)
    suggestions, secondary = [], []
    if can_assign:
        # Never offered: the current primary for reassignment, anyone serving for secondary.
        primary = [r.staff_id for r in history if r.is_current and r.role == "primary"]
        serving = [r.staff_id for r in history if r.is_current]
        suggestions = client_suggestions(
            viewer=request.user, client=client, exclude_staff_ids=primary
        )
        secondary = client_suggestions(
            viewer=request.user, client=client, exclude_staff_ids=serving, secondary=True
        )
    return render(
        request,
        "clients/assignment/assignments.html",
        {
            "client": client,
            "ranking": RankedChoice(suggestions, chosen_id(primary_form, "staff")),
            "secondary_ranking": RankedChoice(secondary, chosen_id(secondary_form, "staff")),
            "outside_area": outside_team_area(client),
            "history": history,
            "transfers": client.transfers.select_related(
                "from_team", "to_team", "from_service_area", "to_service_area"
            ),
            "can_change": can_assign,
            "primary_form": primary_form,
            "secondary_form": secondary_form,
            "end_form": EndSecondaryForm(),
            "end_error": end_error,
        },
    )


def _with_overrides(client: Client) -> list:
    """The staff history, each row with the rules it was chosen against and why, if so."""
    history = list(assignment_history(client=client).annotate(**override_annotations()))
    for row in history:
        row.override_labels = rule_labels(row.override_rules)
    return history


def _made(request: HttpRequest, form, write, done: str) -> bool:
    """A change of the client's staff from a form on the staff page; `done` names the staff."""
    made = form_write(
        request, form, write, lambda row: done.format(row.staff), refused=ClientRecordError
    )
    return made is not None


@require_safe
@requires(signed_in)
def assignments(request: HttpRequest, pk: int) -> HttpResponse:
    client = client_read(request, pk)
    return _staff_page(request, client)


def _assign(request: HttpRequest, pk: int, form_class, service, done: str, shown_as: str):
    """A primary or a secondary chosen on the staff page: `service` with the form's fields;
    on a refusal the page again, the form (`shown_as` in its context) with the message."""
    client = selectors.client_get_for_change(viewer=request.user, pk=pk)
    form = form_class(request.POST, client=client)
    write = fields_to(service, client_id=client.pk, assigned_by=request.user)
    if _made(request, form, write, done):
        return redirect("clients:assignments", pk=client.pk)
    return _staff_page(request, client, **{shown_as: form})


@requires(signed_in)
@require_POST
def primary_reassign(request: HttpRequest, pk: int) -> HttpResponse:
    done = "{} is now the primary case manager."
    return _assign(request, pk, PrimaryForm, assignment.primary_reassign, done, "primary_form")


@requires(signed_in)
@require_POST
def secondary_add(request: HttpRequest, pk: int) -> HttpResponse:
    done = "{} was added as secondary staff."
    return _assign(request, pk, SecondaryForm, assignment.secondary_add, done, "secondary_form")


@requires(signed_in)
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
@requires(signed_in)
def transfer(request: HttpRequest, pk: int) -> HttpResponse:
    client = selectors.client_get_for_change(viewer=request.user, pk=pk)
    form = TransferForm(request.POST or None, client=client, viewer=request.user)
    write = fields_to(assignment.client_transfer, client_id=client.pk, transferred_by=request.user)

    def done(row: Transfer) -> str:
        return f"{client.display_name} was transferred to {row.to_team}."

    row = form_write(request, form, write, done, refused=ClientRecordError)
    if row is not None:
        if access.access_for(request.user).can_read_team(row.to_team_id):
            return redirect("clients:detail", pk=client.pk)
        return redirect("clients:list")
    if request.method != "POST":
        audit_view(request, client, client_id=client.pk)
    receiving = receiving_teams(viewer=request.user, client=client)
    if not form.is_bound and receiving:
        form.initial["to_team"] = receiving[0].pk
    return render(
        request,
        "clients/assignment/transfer_form.html",
        {
            "client": client,
            "form": form,
            "outside_area": outside_team_area(client),
            "receiving": receiving,
            **_transfer_ranking(request, client, form, receiving),
        },
    )


def _transfer_ranking(
    request: HttpRequest, client: Client, form: TransferForm, receiving: list | None = None
) -> dict:
    """The receiving team's staff ranked for the client in the area they move to; only for a
    team the user may change (as for naming the new primary). The page's first render ranks
    the team covering the client's area (or their own team), already loaded."""
    if not form.is_bound:
        # The page shows the client's area anyway: loading it here names it in the reasons.
        team, area = (receiving or [client.team])[0], client.service_area
    else:
        team = (
            form.fields["to_team"]
            .queryset.select_related("program")
            .filter(pk=chosen_id(form, "to_team") or 0)
            .first()
        )
        area = ServiceArea.objects.filter(
            pk=chosen_id(form, "to_service_area") or 0, agency_id=client.agency_id
        ).first()
    if team is None:
        return {"ranking": None, "ranked_team": None}
    suggestions = suggestions_for(
        viewer=request.user,
        team=team,
        needs=needs_of(details=client, service_area=area),
        client_id=client.pk,
    )
    return {
        "ranking": RankedChoice(suggestions, chosen_id(form, "new_primary")),
        "ranked_team": team,
    }


@require_safe
@requires(signed_in)
def transfer_suggestions(request: HttpRequest, pk: int) -> HttpResponse:
    """The ranked list of the transfer form for the team and area chosen (htmx)."""
    client = selectors.client_get_for_change(viewer=request.user, pk=pk)
    form = TransferForm(request.GET, client=client, viewer=request.user)
    return render(
        request,
        "clients/assignment/_transfer_ranking.html",
        {"client": client, "form": form, **_transfer_ranking(request, client, form)},
    )
