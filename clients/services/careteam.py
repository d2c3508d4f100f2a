"""The client's outside care team: add, edit under optimistic locking, end (never deleted).

Showing a provider's details is inside the care team. Sending them information is a
disclosure: it goes through the consent gate (`clients.selectors.consent_gate`).
`sharing_for_providers` answers, for a list in one query, whether an active release names
each provider (by the directory id when both sides have one, else by the organisation's or
the person's name), as the people panel does for related persons.

A provider may be linked to the service directory (`directory_organization_id`): a new link
must be an active organisation of the client's agency's directory, asked through
`clients.directory` (the hook the referrals app registers; `clients` does not import it),
and fills the organisation's name and phone where they were left empty.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casework.audit import audit_client
from casework.errors import refuse_changed
from casework.models import User, save_new_version
from clients import directory
from clients.models import CareProvider, Client, ConsentRelease, ProviderKind, RecipientKind
from clients.selectors.consent_gate import Recipient, SharingStatus, sharing_label
from clients.services.details import folded, only_fields
from clients.services.errors import ClientRecordError, StaleRecordError

PROVIDER_FIELDS = (
    "kind",
    "name",
    "organization_name",
    "directory_organization_id",
    "role",
    "phone",
    "email",
    "started_on",
)


def provider_recipients(provider: CareProvider) -> list[Recipient]:
    """Who a release must name to cover this provider: the organisation, or the person."""
    recipients = []
    if provider.organization_name:
        recipients.append(
            Recipient.organization(
                provider.organization_name, directory_id=provider.directory_organization_id
            )
        )
    if provider.name:
        recipients.append(Recipient.named_person(provider.name))
    return recipients


def sharing_for_providers(
    providers: Iterable[CareProvider], *, on: date | None = None
) -> dict[int, SharingStatus]:
    """Each provider's sharing status in ONE query (the client's releases to people and
    organisations), whatever the list's length."""
    on = on or timezone.localdate()
    providers = list(providers)
    if not providers:
        return {}
    consents = list(
        ConsentRelease.objects.filter(
            client_id__in={p.client_id for p in providers},
            recipient_kind__in=[RecipientKind.PERSON, RecipientKind.ORGANIZATION],
        ).order_by("-effective_on", "-id")
    )
    statuses = {}
    for provider in providers:
        recipients = provider_recipients(provider)
        named = [
            c
            for c in consents
            if c.client_id == provider.client_id and any(r.matches(c) for r in recipients)
        ]
        active = [c for c in named if c.is_active_on(on)]
        statuses[provider.pk] = sharing_label(active, any_on_file=bool(named))
    return statuses


def _link_directory(details: dict[str, Any], client: Client, linked: int | None) -> None:
    """Check a NEW link against the directory and fill the empty name and phone from it. A
    link made earlier stays when the entry has since been deactivated (the page says so)."""
    chosen = details.get("directory_organization_id") or None
    details["directory_organization_id"] = chosen
    if chosen is None:
        return
    entry = directory.entries(agency_id=client.agency_id, ids=[chosen]).get(chosen)
    if chosen != linked:
        if entry is None:
            raise ClientRecordError(
                _("That entry is not in your agency's directory. Search again and pick one."),
                field="directory_organization_id",
            )
        if not entry.is_active:
            raise ClientRecordError(
                _("%(name)s is no longer active in the directory. Pick another entry or leave "
                  "the provider unlinked.") % {"name": entry.name},
                field="directory_organization_id",
            )  # fmt: skip
    if entry is not None:
        details["organization_name"] = details["organization_name"] or entry.name[:200]
        details["phone"] = details["phone"] or entry.phone[:40]


def _check(details: dict[str, Any], *, client: Client, linked: int | None = None) -> dict:
    only_fields(details, PROVIDER_FIELDS, "care-team")
    if details.get("kind") not in ProviderKind.values:
        raise ClientRecordError(_("Choose what they do for the client."), field="kind")
    details = folded(details, ("name", "organization_name", "role", "phone"))
    _link_directory(details, client, linked)
    if not details["name"] and not details["organization_name"]:
        raise ClientRecordError(
            _("Enter the person's name or the organisation (or both)."), field="name"
        )
    started = details.get("started_on")
    if started and started > timezone.localdate():
        raise ClientRecordError(_("That date is in the future."), field="started_on")
    return details


def _audit(action: str, provider: CareProvider, client: Client, by: User) -> None:
    audit_client(action, provider, client, actor=by, detail={"kind": provider.kind})


_CHANGED_ELSEWHERE = gettext_lazy(
    "Someone else changed this care-team member after you opened the form. Your "
    "changes were not saved; reload to see theirs, then apply yours again."
)


def _locked(client_id: int, provider_id: int, version: int | None) -> tuple[Client, CareProvider]:
    client = Client.objects.get(pk=client_id)
    provider = CareProvider.objects.select_for_update().get(pk=provider_id, client=client)
    refuse_changed(provider, version, StaleRecordError, _CHANGED_ELSEWHERE)
    return client, provider


def care_provider_add(*, client_id: int, details: dict[str, Any], added_by: User) -> CareProvider:
    with transaction.atomic():
        client = Client.objects.select_for_update().get(pk=client_id)
        details = _check(details, client=client)
        provider = CareProvider.objects.create(client=client, created_by=added_by, **details)
        _audit("clients.care_provider.added", provider, client, added_by)
    return provider


def care_provider_update(
    *, client_id: int, provider_id: int, details: dict[str, Any], version: int, changed_by: User
) -> CareProvider:
    with transaction.atomic():
        client, provider = _locked(client_id, provider_id, version)
        if not provider.is_current:
            raise ClientRecordError(_("This relationship has ended; add them again instead."))
        details = _check(details, client=client, linked=provider.directory_organization_id)
        save_new_version(provider, **details)
        _audit("clients.care_provider.changed", provider, client, changed_by)
    return provider


def care_provider_end(
    *, client_id: int, provider_id: int, ended_on: date, ended_by: User
) -> CareProvider:
    """No longer serving the client: kept with its dates, listed apart."""
    with transaction.atomic():
        client, provider = _locked(client_id, provider_id, None)
        if not provider.is_current:
            raise ClientRecordError(_("This relationship has already ended."))
        if ended_on is None or ended_on > timezone.localdate():
            raise ClientRecordError(_("Enter the last day (not in the future)."), field="ended_on")
        if provider.started_on and ended_on < provider.started_on:
            raise ClientRecordError(
                _("The relationship cannot end before it started."), field="ended_on"
            )
        provider.ended_on = ended_on
        save_new_version(provider, "ended_on")
        _audit("clients.care_provider.ended", provider, client, ended_by)
    return provider
