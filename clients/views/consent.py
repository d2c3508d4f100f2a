"""Releases of information and the accounting of disclosures: list, record panel, record,
sign, attach the signed form, revoke, end by event, download the form; log a disclosure (the
gate refuses it with the reason) or one made on a legal basis; the printable accounting; the
expiring list. Thin: find through the selectors (404 outside the teams, 403 for read-only
roles), call one service."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header, urlencode
from django.utils.text import get_valid_filename
from django.views.decorators.http import require_http_methods, require_safe

from casework.access import access_for
from casework.audit import audit_client
from casework.errors import fields_to, show_on_form
from casework.permissions import requires, signed_in
from clients.forms.consent import (
    AttachFormForm,
    ConsentForm,
    DisclosureForm,
    DisclosureOnBasisForm,
    EventForm,
    RevokeForm,
    SignForm,
)
from clients.models import Client, ConsentRelease, ConsentStatus, Disclosure, RecipientKind
from clients.predicates import may_change_client
from clients.selectors import client_get_for, client_get_for_change
from clients.selectors.consent import (
    accounting_for,
    consent_get_for,
    consents_for,
    consents_listed_for,
    disclosures_for,
    expiring_consents_for,
    expiry_horizon,
)
from clients.selectors.people import active_people_for
from clients.services import disclosures, releases
from clients.services.disclosures import disclosure_record_on_basis
from clients.services.documents import EXTENSIONS
from clients.services.errors import ClientRecordError
from clients.views.parts import audit_seen, client_read, form_page, record_form, record_panel

PAGE_SIZE = 25
_FORM_METHODS = ["GET", "HEAD", "POST"]


def _with_status(consents, today) -> list[ConsentRelease]:
    consents = list(consents)
    horizon = expiry_horizon(today)
    for consent in consents:
        consent.status = consent.status_on(today)
        consent.expiring_soon = (
            consent.status == ConsentStatus.ACTIVE
            and consent.expires_on is not None
            and consent.expires_on <= horizon
        )
    return consents


@requires(signed_in)
@require_safe
def consent_list(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_read(request, client_id)
    page = Paginator(consents_for(viewer=request.user, client=client), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "client": client,
        "page": page,
        "consents": _with_status(page, timezone.localdate()),
        "can_change": may_change_client(request.user, client),
    }
    return render(request, "clients/consent/consent_list.html", context)


CONSENT_PANEL = "clients/consent/_panel.html"


def consent_panel_context(request: HttpRequest, client: Client) -> dict:
    """Rendered in the record page's first response: the client's releases and active
    people, a fixed number of queries."""
    today = timezone.localdate()
    consents = _with_status(consents_listed_for(viewer=request.user, client=client), today)
    active = [c for c in consents if c.status == ConsentStatus.ACTIVE]
    covered = {c.related_person_id for c in active if c.related_person_id}
    people = active_people_for(viewer=request.user, client=client)
    return {
        "client": client,
        "active": active,
        "pending": [c for c in consents if c.status == ConsentStatus.PENDING],
        "inactive_count": sum(
            c.status in (ConsentStatus.EXPIRED, ConsentStatus.REVOKED) for c in consents
        ),
        "uncovered": [p for p in people if p.pk not in covered],
        "can_change": may_change_client(request.user, client),
    }


# The record page's card: who may be told what, until when; people on the record with no covering
# release are named so nobody shares with them by mistake.
consent_panel = record_panel(CONSENT_PANEL, consent_panel_context)


@requires(signed_in)
@require_safe
def consent_detail(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    client, consent = consent_get_for(viewer=request.user, client_id=client_id, pk=pk)
    audit_seen(request, client, consent)
    today = timezone.localdate()
    [consent] = _with_status([consent], today)
    context = {
        "client": client,
        "consent": consent,
        "disclosures": list(
            disclosures_for(viewer=request.user, client=client, consent=consent)[:50]
        ),
        "can_change": may_change_client(request.user, client),
        "statuses": ConsentStatus,
    }
    return render(request, "clients/consent/consent_detail.html", context)


@requires(signed_in)
@require_http_methods(_FORM_METHODS)
def consent_create(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_get_for_change(viewer=request.user, pk=client_id)
    initial = {"discloser": client.team.program.name if client.team.program_id else ""}
    person_id, wanted = request.GET.get("person", ""), request.GET.getlist("category")
    if person_id.isdigit():
        initial.update(recipient_kind=RecipientKind.RELATED_PERSON, related_person=int(person_id))
    if request.GET.get("name"):
        initial.update(
            recipient_kind=request.GET.get("kind", RecipientKind.PERSON),
            recipient_name=request.GET["name"][:200],
        )
    if wanted:
        initial["categories"] = wanted
    form = ConsentForm(request.POST or None, request.FILES or None, client=client, initial=initial)

    def write(data: dict) -> ConsentRelease:
        return releases.consent_record(
            client_id=client.pk,
            details=form.details(),
            recorded_by=request.user,
            upload=data.get("file"),
        )

    return _release_form(request, "consent_form.html", {"client": client, "form": form}, write)


def _recorded(consent: ConsentRelease) -> str:
    return f"The release to {consent.recipient_label} was recorded."


def _release_form(request, template: str, context: dict, write, done=_recorded) -> HttpResponse:
    """A release's form page: to the release once the change is made (`write` returns it)."""
    consent = context.get("consent")

    def to(made) -> str:
        release = consent or made
        return reverse("clients:consent_detail", args=[release.client_id, release.pk])

    template = f"clients/consent/{template}"
    return record_form(request, template, context, write, done, to, seen=consent)


@requires(signed_in)
@require_http_methods(_FORM_METHODS)
def consent_sign(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    client, consent = consent_get_for(viewer=request.user, client_id=client_id, pk=pk, change=True)
    form = SignForm(
        request.POST or None,
        request.FILES or None,
        instance=consent,
        initial={"version": consent.version},
    )

    def write(data: dict) -> None:
        releases.consent_sign(
            client_id=client.pk,
            consent_id=consent.pk,
            signature=form.signature(),
            signed_by_staff=request.user,
            upload=data.get("file"),
            version=data["version"],
        )

    context = {"client": client, "consent": consent, "form": form}
    return _release_form(
        request, "consent_sign.html", context, write, "The signature was recorded."
    )


@requires(signed_in)
@require_http_methods(_FORM_METHODS)
def consent_attach(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    client, consent = consent_get_for(viewer=request.user, client_id=client_id, pk=pk, change=True)
    form = AttachFormForm(request.POST or None, request.FILES or None)

    def write(data: dict) -> None:
        releases.consent_attach_form(
            client_id=client.pk,
            consent_id=consent.pk,
            upload=data["file"],
            uploaded_by=request.user,
        )

    context = {"client": client, "consent": consent, "form": form}
    return _release_form(
        request, "consent_attach.html", context, write, "The signed form was attached."
    )


@requires(signed_in)
@require_http_methods(_FORM_METHODS)
def consent_revoke(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    """GET asks for the date and how; POST records the revocation."""
    client, consent = consent_get_for(viewer=request.user, client_id=client_id, pk=pk, change=True)
    form = RevokeForm(request.POST or None, initial={"version": consent.version})
    write = fields_to(
        releases.consent_revoke,
        client_id=client.pk,
        consent_id=consent.pk,
        received_by=request.user,
    )

    context = {"client": client, "consent": consent, "form": form}
    return _release_form(
        request, "consent_revoke.html", context, write, "The revocation was recorded."
    )


@requires(signed_in)
@require_http_methods(_FORM_METHODS)
def consent_end_by_event(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    client, consent = consent_get_for(viewer=request.user, client_id=client_id, pk=pk, change=True)
    form = EventForm(request.POST or None, initial={"happened_on": timezone.localdate()})
    write = fields_to(
        releases.consent_end_by_event,
        client_id=client.pk,
        consent_id=consent.pk,
        recorded_by=request.user,
    )

    context = {"client": client, "consent": consent, "form": form}
    return _release_form(
        request, "consent_event.html", context, write, "The release ended with its event."
    )


@requires(signed_in)
@require_safe
def consent_form_download(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    """The only way to the signed form's bytes: access-checked, audited, never cached."""
    client, consent = consent_get_for(viewer=request.user, client_id=client_id, pk=pk)
    if not consent.has_form:
        raise Http404
    try:
        with consent.form_file.open("rb") as handle:
            body = handle.read()  # capped at CLIENT_DOCUMENT_MAX_BYTES on upload
    except FileNotFoundError as error:
        raise Http404 from error
    audit_client("clients.consent.form_viewed", consent, client, request=request)
    extension = EXTENSIONS.get(consent.form_content_type, "bin")
    response = HttpResponse(body, content_type=consent.form_content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=get_valid_filename(f"release-{consent.pk}.{extension}")
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _record_release_url(client: Client, form: DisclosureForm) -> str:
    """The blocked page's way out: a release form filled with this recipient and these
    categories."""
    data = form.cleaned_data
    query: list[tuple[str, str]] = []
    if data.get("recipient_kind") == RecipientKind.RELATED_PERSON and data.get("related_person"):
        query.append(("person", str(data["related_person"].pk)))
    elif data.get("recipient_name"):
        query += [("kind", data["recipient_kind"]), ("name", data["recipient_name"])]
    query += [("category", c) for c in data.get("categories", [])]
    return f"{reverse('clients:consent_create', args=[client.pk])}?{urlencode(query)}"


@requires(signed_in)
@require_http_methods(_FORM_METHODS)
def disclosure_create(request: HttpRequest, client_id: int) -> HttpResponse:
    """Log information given outside the care team; the gate refuses it, with the reason and
    a way to record the missing release, when no active release covers it."""
    client = client_get_for_change(viewer=request.user, pk=client_id)
    initial = {}
    if request.GET.get("person", "").isdigit():
        initial = {
            "recipient_kind": RecipientKind.RELATED_PERSON,
            "related_person": int(request.GET["person"]),
        }
    form = DisclosureForm(request.POST or None, client=client, initial=initial)
    blocked, record_url = None, ""
    if request.method == "POST" and form.is_valid():
        try:
            disclosure = disclosures.disclosure_record(
                client_id=client.pk,
                recipient=form.recipient(),
                categories=form.cleaned_data["categories"],
                description=form.cleaned_data["description"],
                purpose=form.cleaned_data["purpose"],
                method=form.cleaned_data["method"],
                disclosed_on=form.cleaned_data["disclosed_on"],
                disclosed_by=request.user,
                recipient_address=form.cleaned_data["recipient_address"],
            )
        except disclosures.ConsentRequiredError as error:
            blocked, record_url = error.decision, _record_release_url(client, form)
            audit_client(
                "clients.disclosure.refused",
                None,
                client,
                actor=request.user,
                request=request,
                detail={"categories": form.cleaned_data["categories"]},
            )
        except ClientRecordError as error:
            show_on_form(form, error)
        else:
            messages.success(request, _logged(disclosure))
            return redirect("clients:disclosures", client_id=client.pk)
    context = {"client": client, "form": form, "blocked": blocked, "record_url": record_url}
    return form_page(request, "clients/consent/disclosure_form.html", context)


@requires(signed_in)
@require_http_methods(_FORM_METHODS)
def disclosure_create_on_basis(request: HttpRequest, client_id: int) -> HttpResponse:
    """Log a disclosure made without a release, on a legal basis (a court order, public
    health, a duty to warn...); refused at the field only when the basis is missing or does
    not reach the information."""
    client = client_get_for_change(viewer=request.user, pk=client_id)
    form = DisclosureOnBasisForm(request.POST or None, client=client)

    def record(data: dict) -> Disclosure:
        return disclosure_record_on_basis(
            client_id=client.pk,
            recipient=form.recipient(),
            recipient_address=data["recipient_address"],
            categories=data["categories"],
            description=data["description"],
            purpose=data["purpose"],
            method=data["method"],
            legal_basis=data["legal_basis"],
            basis_reference=data["basis_reference"],
            part2_court_order=data["part2_court_order"],
            disclosed_on=data["disclosed_on"],
            disclosed_by=request.user,
        )

    context = {"client": client, "form": form}
    to = reverse("clients:disclosures", args=[client.pk])
    template = "clients/consent/disclosure_on_basis_form.html"
    return record_form(request, template, context, record, _logged, to)


def _logged(disclosure: Disclosure) -> str:
    return f"The disclosure to {disclosure.recipient_label} was logged."


@requires(signed_in)
@require_safe
def disclosure_list(request: HttpRequest, client_id: int) -> HttpResponse:
    """The client's accounting of disclosures (HIPAA 164.528): six years, what HIPAA requires
    apart from what the agency also logs; one printable page, with the Part 2 notice when any
    of it is substance-use information."""
    client = client_get_for(viewer=request.user, pk=client_id)
    audit_client("clients.disclosure.accounting_viewed", client, client, request=request)
    context = {
        "client": client,
        "accounting": accounting_for(viewer=request.user, client=client),
        "printed_on": timezone.localtime(),
        "can_change": may_change_client(request.user, client),
    }
    return render(request, "clients/consent/disclosure_list.html", context)


@requires(signed_in)
@require_safe
def consents_expiring(request: HttpRequest) -> HttpResponse:
    """Releases that expire within CONSENT_EXPIRY_NOTICE_DAYS: the viewer's own clients, or
    all their teams' with ?all=1."""
    everyone = request.GET.get("all") == "1" or not access_for(request.user).writable_team_ids
    rows = expiring_consents_for(viewer=request.user, mine=not everyone)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "everyone": everyone,
        "today": timezone.localdate(),
        "horizon": expiry_horizon(),
    }
    return render(request, "clients/consent/consents_expiring.html", context)
