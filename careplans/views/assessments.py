"""The record panel, the assessments page, and the comprehensive assessment: start, edit with
autosave, sign, read, addenda. Thin: find through the selectors (404 outside the teams, 403 for
the wrong person), parse, call one service, answer."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from careplans import instruments
from careplans.forms.assessments import AddendumForm, AssessmentForm, assessment_initial
from careplans.models import Assessment
from careplans.predicates import may_add_assessment_addendum
from careplans.selectors import assessments as selectors
from careplans.services import assessments as services
from careplans.services.errors import AssessmentError
from casework.audit import audit_client
from casework.autosave import autosave_response
from casework.errors import fields_to, flash_outcome, form_write
from casework.permissions import requires, signed_in
from clients.models import Client
from clients.predicates import may_change_client
from clients.selectors import client_get_for_change
from clients.views.parts import client_read, record_panel


def _audit_assessment_view(request: HttpRequest, assessment: Assessment) -> None:
    audit_client("careplans.assessment.view", assessment, assessment.client, request=request)


ASSESSMENTS_PANEL = "careplans/_panel.html"


def client_panel_context(request: HttpRequest, client: Client) -> dict:
    """Rendered in the record page's first response: a fixed handful of queries."""
    return {
        "client": client,
        "panel": selectors.panel_for(viewer=request.user, client=client),
        "can_change": may_change_client(request.user, client),
        "instruments": instruments.available(),
    }


# The record page's card: due date, open flags, last assessment, trends.
client_panel = record_panel(ASSESSMENTS_PANEL, client_panel_context)


@requires(signed_in)
@require_safe
def assessment_list(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_read(request, client_id)
    assessments = selectors.assessments_for(client=client)
    last = next((a for a in assessments if a.is_signed), None)
    context = {
        "client": client,
        "assessments": assessments,
        "due": selectors.assessment_due_for(
            client=client, last_on=last.assessed_on if last else None
        ),
        "trends": selectors.trends_for(client=client),
        "flags": selectors.open_flags_for(client=client),
        "can_change": may_change_client(request.user, client),
        "instruments": instruments.available(),
        "has_signed": last is not None,
    }
    return render(request, "careplans/assessments.html", context)


@requires(signed_in)
@require_POST
def assessment_start(request: HttpRequest, client_id: int) -> HttpResponse:
    """Open a draft (or the author's open one); `from_last` copies the last signed one."""
    client = client_get_for_change(viewer=request.user, pk=client_id)
    from_last = request.POST.get("from_last") == "1"
    start = partial(
        services.assessment_start, client=client, author=request.user, from_last=from_last
    )
    assessment = flash_outcome(request, start, None, refused=AssessmentError)
    if assessment is None:
        return redirect("careplans:assessments", client_id=client.pk)
    return redirect("careplans:assessment_edit", client_id=client.pk, pk=assessment.pk)


def _edit_page(request, assessment: Assessment, form: AssessmentForm, status=200):
    context = {"client": assessment.client, "assessment": assessment, "form": form}
    return render(request, "careplans/assessment_form.html", context, status=status)


@requires(signed_in)
@require_http_methods(["GET", "HEAD", "POST"])
def assessment_edit(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    assessment = selectors.assessment_get_for_author(
        viewer=request.user, client_id=client_id, pk=pk
    )
    if assessment.is_signed:
        messages.info(request, "This assessment is signed. Corrections are addenda.")
        return redirect("careplans:assessment_detail", client_id=client_id, pk=pk)
    if request.method != "POST":
        _audit_assessment_view(request, assessment)
        return _edit_page(
            request, assessment, AssessmentForm(initial=assessment_initial(assessment))
        )
    form = AssessmentForm(request.POST)
    save = _draft_save(request, assessment, form)
    if form_write(request, form, save, "Draft saved.", refused=AssessmentError) is not None:
        return redirect("careplans:assessment_edit", client_id=client_id, pk=pk)
    return _edit_page(request, assessment, form)


def _draft_save(request: HttpRequest, assessment: Assessment, form: AssessmentForm):
    """The draft saved as the form holds it: by the edit page's Save and by the autosave."""
    return lambda *_: services.assessment_draft_save(
        assessment=assessment,
        editor=request.user,
        data=form.to_input(),
        version=form.version_value,
    )


@requires(signed_in)
@require_POST
def assessment_autosave(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    """htmx: save the draft as typed; answer with the status line and the new version."""
    assessment = selectors.assessment_get_for_author(
        viewer=request.user, client_id=client_id, pk=pk
    )
    form = AssessmentForm(request.POST)
    return autosave_response(
        request,
        record=assessment,
        closed="This assessment is signed; nothing more is saved." if assessment.is_signed else "",
        forms=(form,),
        save=_draft_save(request, assessment, form),
    )


@requires(signed_in)
@require_POST
def assessment_sign(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    assessment = selectors.assessment_get_for_author(
        viewer=request.user, client_id=client_id, pk=pk
    )
    if assessment.is_signed:
        messages.info(request, "This assessment was already signed.")
        return redirect("careplans:assessment_detail", client_id=client_id, pk=pk)
    form = AssessmentForm(request.POST)

    def sign(data: dict) -> None:
        services.assessment_sign(
            assessment=assessment,
            signed_by=request.user,
            data=form.to_input(),
            version=form.version_value,
        )

    done = "Assessment completed and signed."
    if form_write(request, form, sign, done, refused=AssessmentError) is not None:
        return redirect("careplans:assessment_detail", client_id=client_id, pk=pk)
    messages.error(request, "The assessment was not completed: see below.")
    return _edit_page(request, assessment, form)


def _detail_page(request, assessment: Assessment, form: AddendumForm | None) -> HttpResponse:
    can_add = assessment.is_signed and may_add_assessment_addendum(request.user, assessment)
    context = {
        "client": assessment.client,
        "assessment": assessment,
        "addenda": list(assessment.addenda.select_related("author")),
        "addendum_form": (form or AddendumForm()) if can_add else None,
        "can_edit": not assessment.is_signed and assessment.author_id == request.user.pk,
    }
    return render(request, "careplans/assessment_detail.html", context)


@requires(signed_in)
@require_safe
def assessment_detail(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    assessment = selectors.assessment_get_for(viewer=request.user, client_id=client_id, pk=pk)
    _audit_assessment_view(request, assessment)
    return _detail_page(request, assessment, None)


def _assessment_for_addendum(request: HttpRequest, client_id: int, pk: int) -> Assessment:
    """Writers only (403 for read-only roles, 404 outside the teams)."""
    client_get_for_change(viewer=request.user, pk=client_id)
    return selectors.assessment_get_for(viewer=request.user, client_id=client_id, pk=pk)


@requires(signed_in)
@require_POST
@requires(may_add_assessment_addendum, on=_assessment_for_addendum)
def assessment_addendum(
    request: HttpRequest, assessment: Assessment, client_id: int, pk: int
) -> HttpResponse:
    form = AddendumForm(request.POST)
    add = fields_to(services.assessment_addendum_add, assessment=assessment, author=request.user)
    done = "Added under the assessment."
    if form_write(request, form, add, done, refused=AssessmentError) is not None:
        return redirect("careplans:assessment_detail", client_id=client_id, pk=pk)
    return _detail_page(request, assessment, form)
