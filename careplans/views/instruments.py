"""Giving an instrument (item by item, scored by the system), its result, its history, and
acknowledging a safety flag."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from careplans import instruments
from careplans.forms.assessments import AdministrationForm, FlagAcknowledgeForm
from careplans.models import InstrumentWording
from careplans.selectors import assessments as selectors
from careplans.services import instruments as services
from careplans.services.errors import AssessmentError
from casework.audit import audit_client, audit_view
from casework.errors import fields_to, form_write, show_on_form
from casework.permissions import requires, signed_in
from clients.models import Client
from clients.predicates import may_change_client
from clients.selectors import client_get_for, client_get_for_change


def _wording(code: str) -> dict[str, str]:
    """The agency's loaded question wording, if any (one small query)."""
    return dict(InstrumentWording.objects.filter(instrument=code).values_list("item", "text"))


def _preview(instrument: instruments.Instrument, client: Client, raw: dict) -> dict:
    """What the form shows while items are answered: which items are asked now (skip
    logic from the definition) and the result once complete."""
    used = instrument.settings_with_defaults(services.instrument_settings_for(client))
    try:
        answers = instrument.clean(raw, used)
    except instruments.IncompleteError:
        answers = {item.code: None for item in instrument.items}
    asked = [i.code for i in instrument.asked_items(answers, used)]
    try:
        result = instrument.score(raw, used)
    except instruments.IncompleteError as error:
        result, left = None, len(error.errors)
    else:
        left = 0
    return {"asked": asked, "result": result, "left": left}


def _form_page(request, template: str, client, instrument, form) -> HttpResponse:
    """The instrument's form, whole or (htmx) its live result, from the answers so far."""
    context = _form_context(request, client, instrument, form)
    return render(request, f"careplans/{template}", context)


def _form_context(request, client, instrument, form) -> dict:
    raw = form.raw_answers() if form.is_bound else {}
    rows = [(item, form[item.code]) for item in instrument.items]
    return {
        "client": client,
        "instrument": instrument,
        "form": form,
        "rows": rows,
        # Items shown with our short label only: the form says the validated wording is missing.
        "wording_missing": sum(1 for item in instrument.items if not form[item.code].help_text),
        **_preview(instrument, client, raw),
    }


@requires(signed_in)
@require_http_methods(["GET", "HEAD", "POST"])
def administration_create(request: HttpRequest, client_id: int, code: str) -> HttpResponse:
    client = client_get_for_change(viewer=request.user, pk=client_id)
    instrument = instruments.get_or_404(code)
    form = AdministrationForm(request.POST or None, instrument=instrument, wording=_wording(code))
    if request.method == "POST" and form.is_valid():
        try:
            administration = services.administration_record(
                client=client,
                author=request.user,
                instrument_code=instrument.code,
                answers=form.answers(),
                administered_on=form.cleaned_data["administered_on"],
            )
        except AssessmentError as error:
            show_on_form(form, error)
            if error.errors:
                form.add_error(None, error.message)
        else:
            messages.success(request, f"{instrument.name} scored and saved.")
            return redirect(
                "careplans:administration_detail", client_id=client.pk, pk=administration.pk
            )
    elif request.method != "POST":
        audit_view(request, client, client_id=client.pk)
    return _form_page(request, "administration_form.html", client, instrument, form)


@requires(signed_in)
@require_POST
def administration_preview(request: HttpRequest, client_id: int, code: str) -> HttpResponse:
    """htmx: the items to ask and the live result for the answers so far. Saves nothing."""
    client = client_get_for_change(viewer=request.user, pk=client_id)
    instrument = instruments.get_or_404(code)
    form = AdministrationForm(request.POST, instrument=instrument, wording={})
    return _form_page(request, "_live_result.html", client, instrument, form)


@requires(signed_in)
@require_safe
def administration_detail(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    administration = selectors.administration_get_for(
        viewer=request.user, client_id=client_id, pk=pk
    )
    client = administration.client
    audit_client("careplans.administration.view", administration, client, request=request)
    instrument = instruments.get(administration.instrument)
    history = selectors.instrument_history_for(client=client, code=instrument.code)
    index = next((i for i, a in enumerate(history) if a.pk == administration.pk), 0)
    previous = history[index + 1] if index + 1 < len(history) else None
    flag = getattr(administration, "safety_flag", None)
    answers = [
        (item, item.option_label(administration.answers.get(item.code)))
        for item in instrument.items
        if item.code in administration.answers
    ]
    context = {
        "client": client,
        "administration": administration,
        "instrument": instrument,
        "band": selectors.band_of(instrument, administration),
        "previous": previous,
        "change": (administration.score - previous.score)
        if previous and administration.score is not None and previous.score is not None
        else None,
        "answers": answers,
        "flag": flag,
        "can_change": may_change_client(request.user, client),
    }
    return render(request, "careplans/administration_detail.html", context)


@requires(signed_in)
@require_safe
def instrument_history(request: HttpRequest, client_id: int, code: str) -> HttpResponse:
    client = client_get_for(viewer=request.user, pk=client_id)
    try:  # history stays readable even if a licensed instrument is no longer offered
        instrument = instruments.get(code)
    except KeyError:
        raise Http404("No such instrument.") from None
    audit_view(request, client, client_id=client.pk)
    history = selectors.instrument_history_for(client=client, code=instrument.code)
    trend = next(
        (t for t in selectors.trends_for(client=client) if t.instrument == instrument), None
    )
    rows = [(a, selectors.band_of(instrument, a)) for a in history]
    context = {"client": client, "instrument": instrument, "trend": trend, "rows": rows}
    return render(request, "careplans/instrument_history.html", context)


@requires(signed_in)
@require_http_methods(["GET", "HEAD", "POST"])
def flag_acknowledge(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    client_get_for_change(viewer=request.user, pk=client_id)
    flag = selectors.flag_get_for(viewer=request.user, client_id=client_id, pk=pk)
    if not flag.is_open:
        messages.info(request, "This flag was already acknowledged.")
        return redirect(
            "careplans:administration_detail", client_id=client_id, pk=flag.administration_id
        )
    form = FlagAcknowledgeForm(request.POST or None)
    acknowledge = fields_to(
        services.safety_flag_acknowledge, flag=flag, acknowledged_by=request.user
    )
    done = "Safety flag acknowledged; what was done is recorded."
    if form_write(request, form, acknowledge, done, refused=AssessmentError) is not None:
        return redirect("clients:detail", pk=client_id)
    if request.method != "POST":
        audit_client("careplans.safetyflag.view", flag, flag.client, request=request)
    context = {"client": flag.client, "flag": flag, "form": form}
    return render(request, "careplans/flag_acknowledge.html", context)
