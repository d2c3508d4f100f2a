"""One shape for a refused change, shared by every app's services, and one way to show it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.db import models
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format


class ServiceError(Exception):
    """A rule refused the change. `message` is for the user; `field` (if any) is the form field
    that shows it; `errors` holds one message per field when several are wrong at once."""

    def __init__(
        self, message: str, *, field: str | None = None, errors: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.errors = errors or {}


def show_on_form(form: forms.BaseForm, error: ServiceError) -> None:
    """Put the refusal where the user will look: on its field when the form has that field,
    otherwise at the top of the form."""
    for name, message in error.errors.items():
        form.add_error(name if name in form.fields else None, message)
    if not error.errors:
        form.add_error(error.field if error.field in form.fields else None, error.message)


def form_write(
    request: HttpRequest,
    form: forms.BaseForm,
    write: Callable[[dict[str, Any]], Any],
    done: str | Callable[[Any], str] | None,
    *,
    refused: type[ServiceError] = ServiceError,
) -> Any:
    """A form page's change, made one way everywhere: on a POST of a valid form,
    `write(form.cleaned_data)`; its refusal (of the kind `refused`) goes on the form
    (show_on_form, the user's input kept), or `done` (a text, or made from what `write`
    returned; None for none, the next page saying it) becomes the next page's message. What
    `write` returned (True for nothing) when the change was made and the view redirects; None
    while the form is to be shown (again)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = write(form.cleaned_data)
    except refused as error:
        show_on_form(form, error)
        return None
    if done is not None:
        messages.success(request, done(result) if callable(done) else done)
    return True if result is None else result


def fields_to(service: Callable[..., Any], **fixed: Any) -> Callable[[dict[str, Any]], Any]:
    """A form_write `write` for a form whose fields are named as the service's arguments:
    `service(**fixed, **cleaned_data)` (the record, who made the change...)."""
    return lambda data: service(**fixed, **data)


def refuse_changed(
    row: models.Model, version: int | None, error: type[ServiceError], message: str
) -> None:
    """The optimistic lock of a form: `error` with `message` (translated now, if lazy) when
    `version` (None: not checked), read when the form was opened, is no longer the row's,
    someone having saved it since. One check, so every record's forms refuse a lost update
    alike."""
    if version is not None and row.version != version:
        raise error(str(message))


def refuse_stale(
    row: models.Model, version: int | None, error: type[ServiceError], message: str
) -> None:
    """The optimistic lock of a text saved as it is typed (a note, an assessment, a plan):
    `error` when `version` (None: not checked) is no longer the row's, its message saying at
    what time, `%(time)s`, the other save was made."""
    if version is not None and row.version != version:
        saved_at = date_format(timezone.localtime(row.updated_at), "TIME_FORMAT")
        raise error(message % {"time": saved_at})


def flash_outcome(
    request: HttpRequest,
    write: Callable[[], Any],
    done: str | None,
    *,
    refused: type[ServiceError] = ServiceError,
) -> Any:
    """Make a change asked for by a button, with no form to show a refusal on: the refusal
    (of the kind `refused`) or `done` (None: no message, the next page shows what was made)
    becomes the next page's message. What `write` returned (True for nothing) when the change
    was made, None when it was refused."""
    try:
        result = write()
    except refused as error:
        messages.error(request, error.message)
        return None
    if done is not None:
        messages.success(request, done)
    return True if result is None else result
