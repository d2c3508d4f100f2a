"""The autosave protocol, written once for every draft that saves itself while it is typed (a
contact note, an assessment, a care plan and its goals).

The page posts the form through htmx; the answer is the status line and, once saved, the new
version swapped into the form. The autosave script trusts only answers that carry
AUTOSAVE_HEADER: anything else (a sign-in page after the session expired, a proxy error) means
the text was not saved.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.forms import BaseForm
from django.forms.formsets import BaseFormSet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from casework.errors import ServiceError

AUTOSAVE_HEADER = "X-Casework-Autosave"


def _label(form: BaseForm, name: str | None, message: str) -> str:
    field = form.fields.get(name) if name else None
    return f"{field.label}: {message}" if field is not None and field.label else message


def first_error(forms: Iterable[BaseForm | BaseFormSet], *, labelled: bool = False) -> str:
    """The first thing wrong in `forms` (in order), or "" when all are valid. `labelled`
    prefixes a plain form's error with its field's label."""
    for form in forms:
        if form.is_valid():
            continue
        if isinstance(form, BaseFormSet):
            rows = (e for row in form.errors for errors in row.values() for e in errors)
            found = [*form.non_form_errors(), *rows]
            return found[0] if found else "check the form."
        name, errors = next(iter(form.errors.items()))
        return _label(form, name, errors[0]) if labelled else errors[0]
    return ""


def autosave_response(
    request: HttpRequest,
    *,
    record,
    closed: str,
    forms: Iterable[BaseForm | BaseFormSet],
    save: Callable[[], object],
    labelled: bool = False,
) -> HttpResponse:
    """Answer one autosave of `record`. `closed` says why nothing more is saved (a signed note)
    and is "" while it is a draft; otherwise `save()` runs once every form is valid and returns
    the record as saved, or raises the service's refusal, which the status line shows."""
    forms = list(forms)
    saved, error = False, closed
    if not error:
        error = first_error(forms, labelled=labelled)
    if not error:
        try:
            record = save()
        except ServiceError as refusal:
            error = refusal.message
            if labelled and forms:
                error = _label(forms[0], refusal.field, refusal.message)
        else:
            saved = True
    context = {"record": record, "saved": saved, "error": error}
    response = render(request, "casework/_autosave_status.html", context)
    response[AUTOSAVE_HEADER] = "saved" if saved else "refused"
    return response
