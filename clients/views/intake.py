"""Intake of a new client (with the possible-duplicates step) and editing their details."""

from __future__ import annotations

import copy

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from casework import access
from casework.audit import audit_record, audit_view
from casework.errors import form_write
from casework.permissions import requires, signed_in
from clients import selectors
from clients.forms.intake import ClientEditForm, IntakeForm
from clients.forms.matching import IntakeNeedsForm
from clients.models import Client
from clients.predicates import may_add_client
from clients.selectors.duplicates import possible_duplicates
from clients.selectors.matching import RankedChoice, needs_of, suggestions_for
from clients.services import intake
from clients.services.errors import ClientRecordError


def _ids(raw: str) -> set[int]:
    return {int(part) for part in raw.split(",") if part.strip().isdigit()}


def _added(client: Client) -> str:
    return f"{client.display_name} was added."


@require_http_methods(["GET", "HEAD", "POST"])
@requires(may_add_client)
def client_create(request: HttpRequest) -> HttpResponse:
    form = IntakeForm(request.POST or None, viewer=request.user)
    duplicates: list[Client] = []

    def write(data: dict) -> Client:
        return intake.client_create(
            created_by=request.user,
            team=data["team"],
            program=data["program"],
            enrolled_on=data["enrolled_on"],
            primary=data["primary"],
            status=data["status"],
            details=form.details(),
            primary_override_reason=data["primary_override_reason"],
        )

    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        duplicates = possible_duplicates(
            viewer=request.user,
            given_name=data["given_name"],
            family_name=data["family_name"],
            date_of_birth=data["date_of_birth"],
            record_number=data["record_number"],
        )
        # Confirming covers only the records the user was shown: a new match shows again.
        unseen = {c.pk for c in duplicates} - _ids(request.POST.get("duplicates_seen", ""))
        if duplicates and (unseen or not data["none_is_same_person"]):
            if not unseen:
                form.add_error(
                    "none_is_same_person",
                    "Open the existing record, or confirm that none of these is the same person.",
                )
            audit_record(
                action="clients.client.duplicates_shown",
                request=request,
                agency_id=duplicates[0].agency_id,
                detail={"client_ids": [c.pk for c in duplicates]},
            )
        else:
            client = form_write(request, form, write, _added, refused=ClientRecordError)
            if client is not None:
                return redirect("clients:detail", pk=client.pk)
    dob = form.cleaned_data.get("date_of_birth") if form.is_bound and form.is_valid() else None
    return render(
        request,
        "clients/intake/client_form.html",
        {
            "form": form,
            "duplicates": duplicates,
            "duplicates_seen": ",".join(str(c.pk) for c in duplicates),
            "is_minor": Client(date_of_birth=dob).is_minor if dob else None,
            "ranking": _intake_ranking(request, form),
        },
    )


def _intake_ranking(request: HttpRequest, form: IntakeForm | None = None) -> RankedChoice:
    """The chosen team's staff ranked for the details typed so far. The page's first render
    ranks the form's first team for its area (already loaded: one query for the list)."""
    if form is not None and not form.is_bound:
        if not form.teams:
            return RankedChoice([])
        team = form.teams[0]
        details = Client(service_area=team.service_area)
        chosen = form.initial.get("primary")
    else:
        data = form.data if form is not None else request.GET
        needs_form = IntakeNeedsForm(data, teams=access.writable_teams(request.user))
        needs_form.is_valid()
        team = needs_form.cleaned_data.get("team")
        if team is None:
            return RankedChoice([])
        details, chosen = needs_form.details(), needs_form.chosen()
    suggestions = suggestions_for(viewer=request.user, team=team, needs=needs_of(details=details))
    return RankedChoice(suggestions, chosen)


@require_safe
@requires(may_add_client)
def intake_suggestions(request: HttpRequest) -> HttpResponse:
    """The ranked list of the intake form, again for the details typed so far (htmx)."""
    return render(request, "clients/intake/_ranking.html", {"ranking": _intake_ranking(request)})


@require_http_methods(["GET", "HEAD", "POST"])
@requires(signed_in)
def client_edit(request: HttpRequest, pk: int) -> HttpResponse:
    client = selectors.client_get_for_change(viewer=request.user, pk=pk)
    # The form works on a copy, so the page header keeps the saved name whatever was typed.
    form = ClientEditForm(request.POST or None, client=copy.copy(client))

    def write(data: dict) -> None:
        intake.client_update_details(
            client_id=client.pk,
            version=data["version"],
            details=form.details(),
            changed_by=request.user,
        )

    done = "The client's details were saved."
    if form_write(request, form, write, done, refused=ClientRecordError) is not None:
        return redirect("clients:detail", pk=client.pk)
    if request.method != "POST":
        audit_view(request, client, client_id=client.pk)
    return render(request, "clients/intake/client_edit.html", {"client": client, "form": form})
