"""The notification centre. Thin views: find through a selector (404 for anyone else's
reminder), parse the form, call one service, message and redirect."""

from __future__ import annotations

from itertools import groupby

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from casework import reminders
from casework.errors import fields_to, form_write
from casework.input import local_target
from casework.notifications import selectors, services
from casework.notifications.forms import DigestPreferenceForm, SnoozeForm
from casework.permissions import requires, signed_in
from casework.predicates import may_supervise

PAGE_SIZE = 50
ESCALATIONS_SHOWN = 50


@requires(signed_in)
@require_safe
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.reminders_for(viewer=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    groups = [
        (key[1], [_row(r) for r in rows])
        for key, rows in groupby(page.object_list, key=lambda r: (r.client_id, r.subject))
    ]
    escalations = []
    is_supervisor = may_supervise(request.user)
    if is_supervisor:
        escalations = [
            _row(r) for r in selectors.escalations_for(viewer=request.user)[:ESCALATIONS_SHOWN]
        ]
    context = {
        "today": timezone.localdate(),
        "escalate_after": settings.REMINDER_ESCALATE_AFTER_DAYS,
        "page": page,
        "groups": groups,
        "escalations": escalations,
        "is_supervisor": is_supervisor,
    }
    return render(request, "casework/notifications/list.html", context)


def _row(reminder) -> dict:
    return {"reminder": reminder, "label": reminders.label_for(reminder.kind)}


@requires(signed_in)
@require_POST
def notification_done(request: HttpRequest, pk: int) -> HttpResponse:
    reminder = selectors.reminder_get_for_change(viewer=request.user, pk=pk)
    try:
        services.reminder_mark_done(reminder_id=reminder.pk, user=request.user)
    except services.ReminderError as error:
        messages.info(request, error.message)
    else:
        messages.success(request, _("Marked done: %(subject)s.") % {"subject": reminder.subject})
    return _back(request)


@requires(signed_in)
@require_http_methods(["GET", "HEAD", "POST"])
def notification_snooze(request: HttpRequest, pk: int) -> HttpResponse:
    reminder = selectors.reminder_get_for_change(viewer=request.user, pk=pk)
    form = SnoozeForm(request.POST) if request.method == "POST" else SnoozeForm.with_default()
    snooze = fields_to(services.reminder_snooze, reminder_id=reminder.pk, user=request.user)

    def done(snoozed: object) -> str:
        day = f"{form.cleaned_data['until']:%-d %b %Y}"
        return _("Snoozed until %(day)s: %(subject)s.") % {"day": day, "subject": reminder.subject}

    if form_write(request, form, snooze, done, refused=services.ReminderError) is not None:
        return _back(request)
    context = {
        "reminder": reminder,
        "label": reminders.label_for(reminder.kind),
        "form": form,
        "next": request.POST.get("next") or request.GET.get("next", ""),
    }
    return render(request, "casework/notifications/snooze.html", context)


@requires(signed_in)
@require_http_methods(["GET", "HEAD", "POST"])
def notification_preferences(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = DigestPreferenceForm(request.POST)
        if form.is_valid():
            wants = form.cleaned_data["wants_digest"]
            services.digest_preference_set(user=request.user, wants_digest=wants)
            messages.success(request, _("Daily digest on.") if wants else _("Daily digest off."))
            return redirect("notifications:preferences")
    else:
        form = DigestPreferenceForm(
            initial={"wants_digest": "yes" if request.user.wants_digest else "no"}
        )
    return render(request, "casework/notifications/preferences.html", {"form": form})


def _back(request: HttpRequest) -> HttpResponse:
    """Back to the page of the list the person was on (a local URL only)."""
    target = local_target(request, request.POST.get("next", ""))
    if target is not None:
        return HttpResponseRedirect(target)
    return redirect("notifications:list")
