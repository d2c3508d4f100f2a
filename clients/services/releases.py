"""Releases of information: record, sign, attach the signed form, revoke, end by their event.
Whether a release lets information go is the gate's to say (clients.selectors.consent_gate);
what was disclosed is the ledger's (clients.services.disclosures)."""

from __future__ import annotations

from datetime import date
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casework.audit import audit_client
from casework.errors import refuse_changed
from casework.models import Agency, User, save_new_version
from clients import directory
from clients.models import (
    Client,
    ConsentCategory,
    ConsentRelease,
    RecipientKind,
    RevocationMethod,
    SignatureMethod,
    SignerKind,
)
from clients.selectors.consent_gate import day_label
from clients.services.details import folded, only_fields
from clients.services.documents import check_upload, upload_sha256
from clients.services.errors import ClientRecordError, StaleRecordError

# The signature, recorded with the release or later (consent_sign).
SIGNATURE_FIELDS = (
    "signature_method",
    "signed_on",
    "told_right_to_revoke",
    "told_not_conditioned",
    "told_redisclosure",
    "copy_given_on",
)
# What a person may type when recording a release; the rest have services.
CONSENT_FIELDS = (
    "discloser",
    "recipient_kind",
    "related_person",
    "recipient_name",
    "recipient_details",
    "recipient_is_intermediary",
    "categories",
    "information_detail",
    "purpose",
    "effective_on",
    "expires_on",
    "expiry_event",
    "signer_kind",
    "representative_name",
    "representative_authority",
    "minor_consent_basis",
    *SIGNATURE_FIELDS,
)


def _audit(action: str, consent: ConsentRelease, client: Client, by: User, **detail) -> None:
    audit_client(
        action,
        consent,
        client,
        actor=by,
        detail={"recipient_kind": consent.recipient_kind, **detail},
    )


def _check_signer(details: dict[str, Any], client: Client) -> None:
    """Representatives carry their authority; minors follow consent.md and Part 2 §2.14."""
    signer = details.get("signer_kind")
    if signer not in SignerKind.values:
        raise ClientRecordError(_("Say who signs the release."), field="signer_kind")
    if signer != SignerKind.CLIENT:
        if not details.get("representative_name", "").strip():
            raise ClientRecordError(
                _("Enter the legal representative's name."), field="representative_name"
            )
        if not details.get("representative_authority", "").strip():
            raise ClientRecordError(
                _("Describe the representative's authority (for example “parent of a minor”)."),
                field="representative_authority",
            )
    else:
        details["representative_name"] = details["representative_authority"] = ""
    day = details.get("signed_on") or details.get("effective_on") or timezone.localdate()
    age = client.age_on(day)
    if age is None or age >= 18:
        details["minor_consent_basis"] = ""
        return
    if signer == SignerKind.CLIENT and not details.get("minor_consent_basis", "").strip():
        raise ClientRecordError(
            _(
                "The client is a minor: a parent or legal representative signs too, unless a "
                "law lets the minor consent alone. Name that law, or add the representative."
            ),
            field="minor_consent_basis",
        )
    if signer == SignerKind.REPRESENTATIVE and ConsentCategory.SUBSTANCE_USE in details.get(
        "categories", []
    ):
        raise ClientRecordError(
            _(
                "A minor's substance-use records are released only with the minor's own "
                "signature (42 CFR 2.14): choose “the client and a legal representative”."
            ),
            field="signer_kind",
        )


def _check_release_policy(effective: date, expires: date, *, agency_id: int) -> None:
    """The agency's policy caps how long a release may last (Agency.release_max_months)."""
    months = (
        Agency.objects.filter(pk=agency_id).values_list("release_max_months", flat=True).first()
    )
    if months and expires > effective + relativedelta(months=months):
        latest = effective + relativedelta(months=months)
        raise ClientRecordError(
            _(
                "The agency's policy allows a release of at most %(months)d months: from "
                "this start it can run until %(day)s at the latest."
            )
            % {"months": months, "day": date_format(latest, "DATE_FORMAT")},
            field="expires_on",
        )


def _check_signature(details: dict[str, Any]) -> None:
    signed_on, method = details.get("signed_on"), details.get("signature_method") or ""
    if bool(signed_on) != bool(method):
        field_name = "signed_on" if not signed_on else "signature_method"
        raise ClientRecordError(
            _("Give both the signature date and how it was signed, or neither (not signed yet)."),
            field=field_name,
        )
    if method and method not in SignatureMethod.values:
        raise ClientRecordError(_("Choose how it was signed."), field="signature_method")
    if signed_on and signed_on > timezone.localdate():
        raise ClientRecordError(_("The signature date cannot be in the future."), field="signed_on")
    if signed_on:
        for name, text in (
            ("told_right_to_revoke", _("the right to revoke in writing")),
            ("told_not_conditioned", _("that services do not depend on signing")),
            ("told_redisclosure", _("that the recipient may re-disclose")),
        ):
            if not details.get(name):
                raise ClientRecordError(
                    _("A signed release is valid only if the client was told %(what)s.")
                    % {"what": text},
                    field=name,
                )
    copy_on = details.get("copy_given_on")
    if copy_on and copy_on > timezone.localdate():
        raise ClientRecordError(_("That date is in the future."), field="copy_given_on")


def _check(details: dict[str, Any], client: Client) -> dict[str, Any]:
    only_fields(details, CONSENT_FIELDS, "consent")
    details = folded(details, ("discloser", "recipient_name", "purpose", "expiry_event"))
    if not details["discloser"]:
        raise ClientRecordError(_("Say who may disclose."), field="discloser")
    kind = details.get("recipient_kind")
    if kind == RecipientKind.RELATED_PERSON:
        person = details.get("related_person")
        if person is None or person.client_id != client.pk:
            raise ClientRecordError(_("Choose one of the client's people."), field="related_person")
        details["recipient_name"] = ""
    elif kind in (RecipientKind.PERSON, RecipientKind.ORGANIZATION):
        details["related_person"] = None
        if not details["recipient_name"]:
            raise ClientRecordError(_("Enter the recipient's name."), field="recipient_name")
    else:
        raise ClientRecordError(_("Choose who receives the information."), field="recipient_kind")
    categories = list(dict.fromkeys(details.get("categories") or []))
    if not categories or set(categories) - set(ConsentCategory.values):
        raise ClientRecordError(_("Tick at least one category of information."), field="categories")
    if ConsentCategory.PSYCHOTHERAPY_NOTES in categories and len(categories) > 1:
        raise ClientRecordError(
            _(
                "Psychotherapy notes need an authorization of their own: record them on a "
                "separate release."
            ),
            field="categories",
        )
    details["categories"] = categories
    if not details["purpose"]:
        raise ClientRecordError(_("Give the purpose of the disclosure."), field="purpose")
    effective, expires = details.get("effective_on"), details.get("expires_on")
    if not effective:
        raise ClientRecordError(_("Enter the date the release takes effect."), field="effective_on")
    if not expires and not details["expiry_event"]:
        raise ClientRecordError(
            _("A release needs an expiry date or an expiry event (or both)."), field="expires_on"
        )
    if expires and expires < effective:
        raise ClientRecordError(
            _("The release cannot expire before it takes effect."), field="expires_on"
        )
    if expires:
        _check_release_policy(effective, expires, agency_id=client.agency_id)
    _check_signature(details)
    _check_signer(details, client)
    return details


def consent_details_check(*, details: dict[str, Any], client: Client) -> dict[str, Any]:
    """The release rules, writing nothing: for releases recorded in bulk (the caseload import
    checks every line before it writes any). Returns the cleaned details or raises
    ClientRecordError naming the field."""
    return _check(details, client)


def _store_form(consent: ConsentRelease, upload: UploadedFile, by: User) -> None:
    consent.form_content_type = check_upload(upload)
    consent.form_original_name = (upload.name or "")[:255]
    consent.form_size = upload.size
    consent.form_sha256 = upload_sha256(upload)
    consent.form_uploaded_by = by
    consent.form_uploaded_at = timezone.now()
    # Generated storage name (consent_form_path); the uploaded name never reaches it.
    consent.form_file.save("upload", upload, save=False)


def consent_record(
    *,
    client_id: int,
    details: dict[str, Any],
    recorded_by: User,
    upload: UploadedFile | None = None,
) -> ConsentRelease:
    """A new release, signed already or waiting for the signature, with its scan if given."""
    if upload is not None:
        check_upload(upload)  # refuse before anything is written
    with transaction.atomic():
        client = Client.objects.select_for_update().get(pk=client_id)
        details = _check(details, client)
        consent = ConsentRelease(client=client, created_by=recorded_by, **details)
        if upload is not None:
            _store_form(consent, upload, recorded_by)
        try:
            consent.save()
            _audit(
                "clients.consent.recorded",
                consent,
                client,
                recorded_by,
                categories=consent.categories,
                signed=consent.signed_on is not None,
                form=consent.has_form,
            )
        except Exception:
            if consent.form_file:
                consent.form_file.delete(save=False)  # no orphan file
            raise
    return consent


_CHANGED_ELSEWHERE = gettext_lazy(
    "Someone else changed this release after you opened the form. Nothing was "
    "saved; reload to see it."
)


def _locked(client_id: int, consent_id: int, version: int | None) -> tuple[Client, ConsentRelease]:
    # The client's row first, as disclosure_record takes it: a revocation and a disclosure
    # recorded at the same moment are ordered, never interleaved.
    client = Client.objects.select_for_update().get(pk=client_id)
    consent = ConsentRelease.objects.select_for_update().get(pk=consent_id, client=client)
    refuse_changed(consent, version, StaleRecordError, _CHANGED_ELSEWHERE)
    return client, consent


def consent_sign(
    *,
    client_id: int,
    consent_id: int,
    signature: dict[str, Any],
    signed_by_staff: User,
    upload: UploadedFile | None = None,
    version: int | None = None,
) -> ConsentRelease:
    """Record the signature of a pending release (and its scan)."""
    only_fields(signature, SIGNATURE_FIELDS, "signature")
    if not signature.get("signed_on") or not signature.get("signature_method"):
        raise ClientRecordError(_("Enter the signature date and method."), field="signed_on")
    if upload is not None:
        check_upload(upload)
    with transaction.atomic():
        client, consent = _locked(client_id, consent_id, version)
        if consent.signed_on is not None:
            raise ClientRecordError(_("This release is already signed."))
        if consent.revoked_on is not None:
            raise ClientRecordError(_("This release was withdrawn; record a new one."))
        details = {name: getattr(consent, name) for name in CONSENT_FIELDS}
        details.update(signature)
        details = _check(details, client)
        for name in SIGNATURE_FIELDS:
            setattr(consent, name, details[name])
        updated = [*SIGNATURE_FIELDS, "version", "updated_at"]
        if upload is not None:
            _store_form(consent, upload, signed_by_staff)
            updated += ["form_file", "form_original_name", "form_content_type", "form_size",
                        "form_sha256", "form_uploaded_by", "form_uploaded_at"]  # fmt: skip
        consent.version += 1
        try:
            consent.save(update_fields=updated)
            _audit(
                "clients.consent.signed", consent, client, signed_by_staff, form=upload is not None
            )
        except Exception:
            if upload is not None:
                consent.form_file.delete(save=False)
            raise
    return consent


def consent_attach_form(
    *, client_id: int, consent_id: int, upload: UploadedFile, uploaded_by: User
) -> ConsentRelease:
    """Attach the signed form's scan to a release that has none yet (kept, never replaced)."""
    check_upload(upload)
    with transaction.atomic():
        client, consent = _locked(client_id, consent_id, None)
        if consent.has_form:
            raise ClientRecordError(_("This release already has its signed form."), field="file")
        _store_form(consent, upload, uploaded_by)
        consent.version += 1
        try:
            consent.save(
                update_fields=[
                    "form_file",
                    "form_original_name",
                    "form_content_type",
                    "form_size",
                    "form_sha256",
                    "form_uploaded_by",
                    "form_uploaded_at",
                    "version",
                    "updated_at",
                ]  # fmt: skip
            )
            _audit("clients.consent.form_attached", consent, client, uploaded_by)
        except Exception:
            consent.form_file.delete(save=False)
            raise
    return consent


def consent_revoke(
    *,
    client_id: int,
    consent_id: int,
    revoked_on: date,
    method: str,
    received_by: User,
    version: int | None = None,
) -> ConsentRelease:
    """The client takes the release back. From `revoked_on` on (that day included) nothing
    more may be shared under it; what was disclosed before stays in the accounting."""
    if method not in RevocationMethod.values:
        raise ClientRecordError(_("Say how the client revoked it."), field="method")
    if revoked_on is None or revoked_on > timezone.localdate():
        raise ClientRecordError(
            _("Enter the day the revocation was received (not in the future)."),
            field="revoked_on",
        )
    with transaction.atomic():
        client, consent = _locked(client_id, consent_id, version)
        if consent.revoked_on is not None:
            raise ClientRecordError(_("This release is already revoked."))
        last = consent.disclosures.order_by("-disclosed_on").values_list("disclosed_on", flat=True)
        latest = last.first()
        if latest is not None and revoked_on < latest:
            # A revocation does not reach back: it cannot undo a disclosure logged as made
            # under a release that was valid that day.
            raise ClientRecordError(
                _(
                    "Information was disclosed under this release on %(day)s; the revocation "
                    "works from the day it was received, which cannot be earlier."
                )
                % {"day": day_label(latest)},
                field="revoked_on",
            )
        consent.revoked_on = revoked_on
        consent.revocation_method = method
        consent.revocation_received_by = received_by
        consent.revocation_recorded_at = timezone.now()
        consent.version += 1
        consent.save(
            update_fields=[
                "revoked_on",
                "revocation_method",
                "revocation_received_by",
                "revocation_recorded_at",
                "version",
                "updated_at",
            ]  # fmt: skip
        )
        _audit("clients.consent.revoked", consent, client, received_by)
    return consent


def consent_end_by_event(
    *, client_id: int, consent_id: int, happened_on: date, recorded_by: User
) -> ConsentRelease:
    """The release's expiry event happened (for example discharge): it ends that day."""
    if happened_on is None or happened_on > timezone.localdate():
        raise ClientRecordError(
            _("Enter the day it happened (not in the future)."), field="happened_on"
        )
    with transaction.atomic():
        client, consent = _locked(client_id, consent_id, None)
        if not consent.expiry_event:
            raise ClientRecordError(_("This release does not end with an event."))
        if consent.expiry_event_on is not None:
            raise ClientRecordError(_("The event is already recorded."))
        consent.expiry_event_on = happened_on
        save_new_version(consent, "expiry_event_on")
        _audit("clients.consent.ended_by_event", consent, client, recorded_by)
    return consent


def consent_link_directory_organization(
    *, client_id: int, consent_id: int, directory_id: int, linked_by: User
) -> ConsentRelease:
    """For the referrals app: the organisation a release names is this directory entry (an
    organisation of the client's agency). The gate then matches on the id."""
    with transaction.atomic():
        client, consent = _locked(client_id, consent_id, None)
        if consent.recipient_kind != RecipientKind.ORGANIZATION:
            raise ClientRecordError(_("Only a release to an organisation names a directory entry."))
        if not directory.entries(agency_id=client.agency_id, ids=[directory_id]):
            raise ClientRecordError(_("That entry is not in the agency's directory."))
        consent.directory_organization_id = directory_id
        save_new_version(consent, "directory_organization_id")
        _audit(
            "clients.consent.directory_linked",
            consent,
            client,
            linked_by,
            directory_id=directory_id,
        )
    return consent
