"""Referral pages. Thin: find the client (and referral) through the selectors (404 outside
the viewer's teams, 403 for read-only members on writes), parse, call one service, redirect
with a message. Sending goes through the consent gate; its refusal is shown with the reason
and a link to record the missing release."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from casework.access import access_for
from casework.audit import audit_client, audit_view
from casework.errors import form_write
from casework.paging import page_with_filters
from casework.permissions import SAFE, requires, signed_in
from casework.predicates import may_supervise
from clients.models import Client, ConsentCategory
from clients.predicates import may_change_client
from clients.selectors import client_get_for_change, client_list_for
from clients.selectors.consent_gate import consent_check
from clients.views.parts import client_read, record_panel
from directory.models import Service
from directory.selectors import directory as directory_selectors
from referrals.forms.referral import (
    ClientSearchForm,
    FollowUpForm,
    ReferralForm,
    SendForm,
    ServiceSearchForm,
    StatusForm,
    TeamReferralFilterForm,
)
from referrals.models import AWAITING_STATUSES, Referral, ReferralStatus
from referrals.predicates import may_refer_to_service
from referrals.selectors import referral as selectors
from referrals.services import packet
from referrals.services import referral as services
from referrals.services.errors import ReferralError

PAGE_SIZE = 25
_FORM_METHODS = ["GET", "HEAD", "POST"]


def _record_release_url(client: Client, referral: Referral) -> str:
    """The refusal's way out: a release form filled with this organisation and categories."""
    recipient = services.recipient_for(referral)
    query = [("kind", "organization"), ("name", recipient.label)]
    query += [("category", c) for c in referral.categories]
    return f"{reverse('clients:consent_create', args=[client.pk])}?{urlencode(query)}"


def _service_from(request: HttpRequest) -> Service | None:
    raw = request.GET.get("service", "")
    if not raw.isdigit():
        return None
    return directory_selectors.service_get_for(viewer=request.user, pk=int(raw))


# Reading ------------------------------------------------------------------------------------


REFERRALS_PANEL = "referrals/referral/_panel.html"


def referral_panel_context(request: HttpRequest, client: Client) -> dict:
    """Rendered in the record page's first response: the first five open referrals and a
    count of the others, one query."""
    open_rows, others = selectors.referral_panel_for(viewer=request.user, client=client)
    return {
        "client": client,
        "open": open_rows,
        "closed_count": others,
        "today": timezone.localdate(),
        "can_change": may_change_client(request.user, client),
    }


# The record page's card: open referrals with their next follow-up, and "Refer".
referral_panel = record_panel(REFERRALS_PANEL, referral_panel_context)


@requires(signed_in)
@require_safe
def client_referrals(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_read(request, client_id)
    referrals = selectors.referrals_for_client(viewer=request.user, client=client)
    page = Paginator(referrals, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "client": client,
        "page": page,
        "today": timezone.localdate(),
        "can_change": may_change_client(request.user, client),
        "supervises": client.team_id in access_for(request.user).supervised_team_ids,
    }
    return render(request, "referrals/referral/client_list.html", context)


@requires(signed_in)
@require_safe
def referral_detail(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    client, referral = selectors.referral_get_for(viewer=request.user, client_id=client_id, pk=pk)
    audit_view(request, referral, client_id=client.pk)
    can_change = may_change_client(request.user, client)
    context = {
        "client": client,
        "referral": referral,
        "events": list(selectors.referral_timeline(referral)),
        "today": timezone.localdate(),
        "can_change": can_change,
        "can_follow_up": can_change and referral.status in AWAITING_STATUSES,
    }
    return render(request, "referrals/referral/detail.html", context)


@requires(signed_in)
@require_safe
def my_referrals(request: HttpRequest) -> HttpResponse:
    """The referrals the user made that are still open, overdue follow-ups first."""
    referrals = selectors.open_referrals_for(viewer=request.user)
    page = Paginator(referrals, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "today": timezone.localdate(),
        "supervises": may_supervise(request.user),
    }
    return render(request, "referrals/referral/mine.html", context)


@requires(signed_in)
@require_safe
def referral_packet(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    """The packet as it will print: only the categories sent under the release, re-checked
    today (a release revoked since the referral was sent stops it). Looking is a view of the
    record; printing ("Print", a POST) is the disclosure."""
    client, referral = selectors.referral_get_for(viewer=request.user, client_id=client_id, pk=pk)
    audit_view(request, referral, client_id=client.pk)
    decision = None
    if referral.status not in (ReferralStatus.DRAFT, ReferralStatus.CANCELLED) and referral.sent_on:
        decision = consent_check(
            client=client,
            recipient=services.recipient_for(referral),
            categories=referral.categories,
        )
    printed = request.GET.get("printed", "")
    sent = set(referral.categories)
    context = {
        "client": client,
        "referral": referral,
        "decision": decision,
        "printed": selectors.packet_disclosure(client=client, pk=int(printed))
        if printed.isdigit()
        else None,
        "can_print": may_change_client(request.user, client),
        "general": ConsentCategory.GENERAL in sent,
        "mental_health": ConsentCategory.MENTAL_HEALTH in sent,
        "substance_use": ConsentCategory.SUBSTANCE_USE in sent,
        "hiv": ConsentCategory.HIV in sent,
        "printed_on": timezone.localtime(),
        "record_url": _record_release_url(client, referral),
    }
    return render(request, "referrals/referral/packet.html", context)


@requires(signed_in)
@require_POST
def referral_packet_print(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    """Each print (and re-print) is logged in the client's disclosure log, then the packet
    opens with the print dialog."""
    client, referral = selectors.referral_get_for(
        viewer=request.user, client_id=client_id, pk=pk, change=True
    )
    url = reverse("referrals:referral_packet", args=[client.pk, referral.pk])
    try:
        disclosure = packet.referral_packet_produce(
            referral_id=referral.pk, produced_by=request.user
        )
    except services.ConsentRequiredError as error:
        messages.error(request, f"The packet was not printed: {error.decision.reason}")
        return redirect(url)
    except ReferralError as error:
        messages.error(request, error.message)
        return redirect(url)
    return redirect(f"{url}?{urlencode({'printed': disclosure.pk})}")


# Writing ------------------------------------------------------------------------------------


@requires(signed_in)
@require_http_methods(_FORM_METHODS)
def referral_create(request: HttpRequest, client_id: int) -> HttpResponse:
    """Refer: find a service in the directory (or name an outside provider), then say why,
    how urgent and what information goes with it. Saves a draft; sending is the next step."""
    client = client_get_for_change(viewer=request.user, pk=client_id)
    service = _service_from(request)
    outside = request.GET.get("outside") == "1"
    if service is None and not outside:
        search = ServiceSearchForm(request.GET or None)
        results = None
        if search.is_valid() and search.cleaned_data["q"]:
            query = directory_selectors.DirectoryQuery(
                text=search.cleaned_data["q"], accepting=True
            )
            results = directory_selectors.directory_search(viewer=request.user, query=query)[:20]
        context = {"client": client, "search": search, "results": results}
        return render(request, "referrals/referral/choose_service.html", context)
    form = ReferralForm(request.POST or None, has_service=service is not None)

    def create(data: dict) -> Referral:
        return services.referral_create(
            client=client, service=service, created_by=request.user, **form.details()
        )

    done = "Draft saved. Check the consent and send it."
    if referral := form_write(request, form, create, done, refused=ReferralError):
        return redirect("referrals:referral_send", client_id=client.pk, pk=referral.pk)
    context = {
        "client": client,
        "form": form,
        "service": service,
        "capacities": directory_selectors.service_capacities(service),
    }
    return render(request, "referrals/referral/form.html", context)


@requires(signed_in)
@require_http_methods(_FORM_METHODS)
def referral_edit(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    client, referral = selectors.referral_get_for(
        viewer=request.user, client_id=client_id, pk=pk, change=True
    )
    if referral.status != ReferralStatus.DRAFT:
        messages.info(request, "Only a draft can be edited; this referral has been sent.")
        return redirect("referrals:referral_detail", client_id=client.pk, pk=referral.pk)
    form = ReferralForm.for_draft(request.POST or None, referral)

    def save(data: dict) -> None:
        services.referral_update(
            referral_id=referral.pk,
            version=data["version"],
            changed_by=request.user,
            service=referral.service,
            **form.details(),
        )

    if form_write(request, form, save, "Draft saved.", refused=ReferralError) is not None:
        return redirect("referrals:referral_send", client_id=client.pk, pk=referral.pk)
    context = {
        "client": client,
        "form": form,
        "service": referral.service,
        "capacities": directory_selectors.service_capacities(referral.service),
        "referral": referral,
    }
    return render(request, "referrals/referral/form.html", context)


@requires(signed_in)
@require_http_methods(_FORM_METHODS)
def referral_send(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    """Shows the consent gate's answer for this recipient and these categories; sends (and
    logs the disclosure) when it allows, shows the reason when it does not."""
    client, referral = selectors.referral_get_for(
        viewer=request.user, client_id=client_id, pk=pk, change=True
    )
    if referral.status != ReferralStatus.DRAFT:
        messages.info(request, "This referral has already been sent.")
        return redirect("referrals:referral_detail", client_id=client.pk, pk=referral.pk)
    form = SendForm(request.POST or None, initial={"version": referral.version})
    error_message = ""
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_send(
                referral_id=referral.pk, version=form.cleaned_data["version"], sent_by=request.user
            )
        except services.ConsentRequiredError:
            audit_client(
                "referrals.referral.send_refused",
                referral,
                client,
                actor=request.user,
                request=request,
                detail={"categories": referral.categories},
            )
        except ReferralError as error:
            error_message = error.message
        else:
            messages.success(request, "Referral sent; the disclosure is logged.")
            return redirect("referrals:referral_detail", client_id=client.pk, pk=referral.pk)
    elif request.method == "POST":
        error_message = "The page was out of date; check the referral and send again."
    if request.method != "POST":
        audit_view(request, referral, client_id=client.pk)
    decision = consent_check(
        client=client, recipient=services.recipient_for(referral), categories=referral.categories
    )
    context = {
        "client": client,
        "referral": referral,
        "form": form,
        "decision": decision,
        "error_message": error_message,
        "record_url": _record_release_url(client, referral),
        "follow_up_on": services.first_follow_up_on(
            sent_on=timezone.localdate(), urgency=referral.urgency
        ),
    }
    return render(request, "referrals/referral/send.html", context)


@requires(signed_in)
@require_http_methods(_FORM_METHODS)
def referral_status(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    """Record what happened: accepted, scheduled, completed, declined... Closing needs the
    outcome."""
    client, referral = selectors.referral_get_for(
        viewer=request.user, client_id=client_id, pk=pk, change=True
    )
    if not referral.next_statuses:
        messages.info(request, "This referral is closed; its outcome is recorded.")
        return redirect("referrals:referral_detail", client_id=client.pk, pk=referral.pk)
    initial = {"to_status": request.GET.get("to", "")}
    form = StatusForm(request.POST or None, referral=referral, initial=initial)

    def move(data: dict) -> None:
        services.referral_transition(
            referral_id=referral.pk,
            version=data["version"],
            to_status=data["to_status"],
            changed_by=request.user,
            note=data["note"],
            on=data["on"],
            appointment_at=data["appointment_at"],
        )

    def done(_: object) -> str:
        return f"Referral status: {ReferralStatus(form.cleaned_data['to_status']).label}."

    if form_write(request, form, move, done, refused=ReferralError) is not None:
        return redirect("referrals:referral_detail", client_id=client.pk, pk=referral.pk)
    context = {"client": client, "referral": referral, "form": form}
    return render(request, "referrals/referral/status.html", context)


@requires(signed_in)
@require_http_methods(_FORM_METHODS)
def referral_follow_up(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    client, referral = selectors.referral_get_for(
        viewer=request.user, client_id=client_id, pk=pk, change=True
    )
    if referral.status not in AWAITING_STATUSES:
        messages.info(request, "Only a sent referral that is still open is followed up.")
        return redirect("referrals:referral_detail", client_id=client.pk, pk=referral.pk)
    form = FollowUpForm(request.POST or None, referral=referral)

    def log(data: dict) -> Referral:
        return services.referral_follow_up_log(
            referral_id=referral.pk,
            version=data["version"],
            logged_by=request.user,
            contact=data["contact"],
            note=data["note"],
            on=data["on"],
            next_follow_up_on=data["next_follow_up_on"],
        )

    def done(updated: Referral) -> str:
        return f"Follow-up logged; the next is due {date_format(updated.follow_up_on)}."

    if form_write(request, form, log, done, refused=ReferralError) is not None:
        return redirect("referrals:referral_detail", client_id=client.pk, pk=referral.pk)
    context = {"client": client, "referral": referral, "form": form}
    return render(request, "referrals/referral/follow_up.html", context)


def _service(request: HttpRequest, pk: int) -> Service:
    return directory_selectors.service_get_for(viewer=request.user, pk=pk)


@requires(signed_in)
@require_safe
@requires(may_refer_to_service, on=_service)
def service_refer(request: HttpRequest, service: Service, pk: int) -> HttpResponse:
    """ "Refer a client" from a directory service: choose one of the user's clients, then the
    referral form opens with the service filled in."""
    writable = access_for(request.user).writable_team_ids
    search = ClientSearchForm(request.GET or None)
    q = search.cleaned_data["q"] if search.is_valid() else ""
    clients = client_list_for(viewer=request.user, q=q).filter(team_id__in=writable)
    clients = clients.order_by("family_name", "given_name", "id")
    context = {"service": service, "search": search, "clients": clients[:PAGE_SIZE], "q": q}
    return render(request, "referrals/referral/choose_client.html", context)


@requires(may_supervise, methods=SAFE)
def team_referrals(request: HttpRequest) -> HttpResponse:
    """Supervisors: the open referrals of the teams they supervise, with days open and the
    follow-up state; filtered by team, status, case manager and overdue follow-up."""
    teams = list(selectors.supervised_teams_for(viewer=request.user))
    staff = list(selectors.team_referral_staff(viewer=request.user))
    form = TeamReferralFilterForm(request.GET or None, teams=teams, staff=staff)
    data = form.cleaned_data if form.is_valid() else {}
    today = timezone.localdate()
    query = selectors.TeamReferralQuery(
        team_id=data.get("team"),
        status=data.get("status", ""),
        referred_by_id=data.get("referred_by"),
        overdue=data.get("overdue", False),
    )
    referrals = selectors.team_open_referrals_for(viewer=request.user, query=query, today=today)
    page, params = page_with_filters(request, referrals, PAGE_SIZE)
    context = {
        "form": form,
        "page": page,
        "today": today,
        "params": params.urlencode(),
        "several_teams": len(teams) > 1,
    }
    return render(request, "referrals/referral/team.html", context)
