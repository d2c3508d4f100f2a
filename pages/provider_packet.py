""" "Send to provider": choose what an outside care-team member gets, pass the consent gate,
log the disclosure, then a printable page holding only what was disclosed. Thin: find through
the selectors (404 outside the teams, 403 for read-only roles), call one service.

The page gathers sections from several apps, so it is composed here, above them: SECTIONS is
the page, in its order."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_safe

from careplans import provider_sections as care_plan_sections
from casework.audit import audit_client
from casework.errors import show_on_form
from casework.permissions import requires, signed_in
from clients.forms.provider_packet import SendToProviderForm
from clients.models import ConsentCategory
from clients.provider_packet import Section, categories_of, chosen
from clients.selectors import provider_packet as client_sections
from clients.selectors.appointments import provider_get_for
from clients.selectors.provider_packet import disclosure_of
from clients.services.careteam import sharing_for_providers
from clients.services.disclosures import ConsentRequiredError
from clients.services.errors import ClientRecordError
from clients.services.provider_packet import provider_decision, provider_send

_CLIENT = {s.key: s for s in client_sections.SECTIONS}
SECTIONS: tuple[Section, ...] = (
    _CLIENT["identity"],
    _CLIENT["care_team"],
    _CLIENT["appointments"],
    _CLIENT["recent_contacts"],
    *care_plan_sections.SECTIONS,  # the plan in force, then its crisis plan
    _CLIENT["substance_use"],  # last: 42 CFR Part 2 information, with its own notice
)


def _audit(request: HttpRequest, action: str, client, provider, **detail) -> None:
    audit_client(action, provider, client, actor=request.user, request=request, detail=detail)


def _record_release_url(client, provider, categories: list[str]) -> str:
    """The refusal's way out: a release form naming the provider and what was asked."""
    kind = "organization" if provider.organization_name else "person"
    name = provider.organization_name or provider.name
    query = [("kind", kind), ("name", name)]
    query += [("category", c) for c in categories]
    return f"{reverse('clients:consent_create', args=[client.pk])}?{urlencode(query)}"


@requires(signed_in)
@require_http_methods(["GET", "HEAD", "POST"])
def provider_send_view(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    client, provider = provider_get_for(
        viewer=request.user, client_id=client_id, pk=pk, change=True
    )
    form = SendToProviderForm(request.POST or None, sections=SECTIONS)
    refusal, record_url = None, ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            disclosure = provider_send(
                client_id=client.pk,
                provider_id=provider.pk,
                sections=chosen(SECTIONS, data["sections"]),
                purpose=data["purpose"],
                method=data["method"],
                sent_by=request.user,
            )
        except ConsentRequiredError as refused:
            refusal = refused.decision
            asked = categories_of(chosen(SECTIONS, data["sections"]))
            record_url = _record_release_url(client, provider, asked)
            _audit(request, "clients.disclosure.refused", client, provider, categories=asked)
        except ClientRecordError as error:
            show_on_form(form, error)
        else:
            url = reverse("clients:provider_packet", args=[client.pk, provider.pk, disclosure.pk])
            return redirect(f"{url}?{urlencode({'s': data['sections']}, doseq=True)}")
    if request.method != "POST":
        _audit(request, "clients.care_provider.view", client, provider)
    context = {
        "client": client,
        "provider": provider,
        "form": form,
        "refusal": refusal,
        "record_url": record_url,
        "sharing": sharing_for_providers([provider])[provider.pk],
        "sections": SECTIONS,
    }
    return render(request, "clients/careteam/provider_send.html", context)


@requires(signed_in)
@require_safe
def provider_packet_view(
    request: HttpRequest, client_id: int, pk: int, disclosure_id: int
) -> HttpResponse:
    """The printable page of a logged disclosure: only the sections asked for whose categories
    the disclosure holds, re-checked against the release today (a revoked release stops it).
    Printing is audited; the disclosure was logged when it was sent."""
    client, provider = provider_get_for(
        viewer=request.user, client_id=client_id, pk=pk, change=True
    )
    disclosure = disclosure_of(client=client, provider=provider, pk=disclosure_id)
    disclosed = set(disclosure.categories)
    asked = chosen(SECTIONS, request.GET.getlist("s"))
    shown = [s for s in asked if set(s.categories) <= disclosed]
    _recipient, decision = provider_decision(
        client=client, provider=provider, categories=disclosure.categories
    )
    if decision.allowed:
        _audit(
            request,
            "clients.care_provider.packet_printed",
            client,
            provider,
            disclosure_id=disclosure.pk,
            categories=disclosure.categories,
        )
    context = {
        "client": client,
        "provider": provider,
        "disclosure": disclosure,
        "decision": decision,
        "parts": [(s, s.context(client)) for s in shown] if decision.allowed else [],
        "substance_use": ConsentCategory.SUBSTANCE_USE in disclosed,
        "printed_on": timezone.localtime(),
    }
    return render(request, "clients/careteam/provider_packet.html", context)
