"""What the pages that edit a directory entry's lists of rows (an organisation's contacts; a
service's contacts, fees and documents) do alike."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from directory.services.errors import DirectoryError


def rows_page(
    request: HttpRequest,
    forms,
    write: Callable[[], object],
    done: str,
    to: str,
    template: str,
    context: dict,
) -> HttpResponse:
    """GET shows the rows; a valid POST saves them all at once (`write()`, under the entry's
    version) and goes to `to` (the entry's page, also the page's Cancel) with `done` as the
    message. A rule one row breaks shows on that row, and the forms stay bound: the admin's
    text is kept."""
    if request.method == "POST" and forms.is_valid():
        try:
            write()
        except DirectoryError as error:
            forms.refuse(error)
        else:
            messages.success(request, done)
            return redirect(to)
    return render(request, template, {"forms": forms, "cancel_url": to, **context})
