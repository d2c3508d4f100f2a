"""Releases of information: record, sign, revoke; THE gate that says whether information may
go to a recipient on a day; the disclosure log.

The gate, `consent_check(client=, recipient=, categories=, on=)`, is the one place that answers
"may this information go to this recipient, today?". Everything that lets information leave
the care team asks it: the people panel (what a related person may be told), the disclosure
log here, printed summaries, and the referrals app before it sends a packet to an outside
organisation:

    decision = consent_check(
        client=client,
        recipient=Recipient.organization(org.name, directory_id=org.pk),
        categories=["general", "mental_health"],
    )
    if not decision.allowed:
        ...  # show decision.reason, offer to record a release

Rules (shared/domain/consent.md): a category is covered only when a release names it (a
general release never covers substance-use records); psychotherapy notes need a release of
their own; the expiry day still counts, the revocation day does not; a revocation never
reaches back, so disclosures logged before it stay in the accounting.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from casework.audit import audit_client
from casework.models import Agency, User, save_new_version
from clients import directory
from clients.models import (
    CATEGORY_SHORT,
    Client,
    ConsentCategory,
    ConsentRelease,
    ConsentStatus,
    Disclosure,
    DisclosureMethod,
    RecipientKind,
    RelatedPerson,
    RevocationMethod,
    SignatureMethod,
    SignerKind,
)
from clients.services.documents import check_upload, upload_sha256
from clients.services.errors import ClientRecordError, StaleRecordError

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
    "signature_method",
    "signed_on",
    "told_right_to_revoke",
    "told_not_conditioned",
    "told_redisclosure",
    "copy_given_on",
)
SIGNATURE_FIELDS = (
    "signature_method",
    "signed_on",
    "told_right_to_revoke",
    "told_not_conditioned",
    "told_redisclosure",
    "copy_given_on",
)


class ConsentRequiredError(ClientRecordError):
    """The gate said no; `decision` says why and what release is missing."""

    def __init__(self, decision: ConsentDecision) -> None:
        super().__init__(decision.reason)
        self.decision = decision


# --- The recipient and the answer ---------------------------------------------------------


def _normal(name: str) -> str:
    return " ".join(name.split()).casefold()


@dataclass(frozen=True)
class Recipient:
    """Who would receive the information: a related person on the record, or a person or an
    organisation named in words (with the directory's id when the referrals app knows it)."""

    kind: str
    label: str
    related_person_id: int | None = None
    directory_id: int | None = None

    @classmethod
    def person_on_record(cls, person: RelatedPerson) -> Recipient:
        return cls(RecipientKind.RELATED_PERSON, person.full_name, related_person_id=person.pk)

    @classmethod
    def named_person(cls, name: str) -> Recipient:
        return cls(RecipientKind.PERSON, " ".join(name.split()))

    @classmethod
    def organization(cls, name: str, *, directory_id: int | None = None) -> Recipient:
        return cls(RecipientKind.ORGANIZATION, " ".join(name.split()), directory_id=directory_id)

    def matches(self, consent: ConsentRelease) -> bool:
        if self.kind == RecipientKind.RELATED_PERSON:
            return consent.related_person_id == self.related_person_id
        if consent.recipient_kind != self.kind:
            return False
        if self.directory_id is not None and consent.directory_organization_id is not None:
            return consent.directory_organization_id == self.directory_id
        return _normal(consent.recipient_name) == _normal(self.label)


@dataclass(frozen=True)
class ConsentDecision:
    allowed: bool
    reason: str
    consent: ConsentRelease | None = None
    missing: tuple[str, ...] = ()
    # Every release that names the recipient, for "what would fix this" pages.
    considered: tuple[ConsentRelease, ...] = field(default=(), repr=False)


def _day(value: date) -> str:
    return date_format(value, "j M Y")


def _labels(categories: Iterable[str]) -> str:
    return ", ".join(str(CATEGORY_SHORT.get(c, c)) for c in categories)


def _until(consent: ConsentRelease) -> str:
    if consent.expires_on and consent.expiry_event:
        return _("until %(day)s or %(event)s") % {
            "day": _day(consent.expires_on),
            "event": consent.expiry_event,
        }
    if consent.expires_on:
        return _("until %(day)s") % {"day": _day(consent.expires_on)}
    return _("until %(event)s") % {"event": consent.expiry_event}


def _why_inactive(consent: ConsentRelease, on: date) -> str:
    status = consent.status_on(on)
    if status == ConsentStatus.REVOKED:
        return _("the release of %(made)s was revoked on %(day)s") % {
            "made": _day(consent.effective_on),
            "day": _day(consent.revoked_on),
        }
    if status == ConsentStatus.PENDING:
        return _("the release of %(made)s is not signed yet") % {"made": _day(consent.effective_on)}
    if status == ConsentStatus.NOT_YET_EFFECTIVE:
        return _("the release takes effect on %(day)s") % {"day": _day(consent.effective_on)}
    ended = consent.expiry_event_on if consent.expiry_event_on else consent.expires_on
    if consent.expiry_event_on and (not consent.expires_on or consent.expiry_event_on <= on):
        return _("the release of %(made)s ended with %(event)s on %(day)s") % {
            "made": _day(consent.effective_on),
            "event": consent.expiry_event,
            "day": _day(ended),
        }
    return _("the release of %(made)s expired on %(day)s") % {
        "made": _day(consent.effective_on),
        "day": _day(consent.expires_on),
    }


def _check_categories(categories: Iterable[str]) -> tuple[str, ...]:
    wanted = tuple(dict.fromkeys(categories))
    if not wanted:
        raise ValueError("Name at least one category of information.")
    unknown = set(wanted) - set(ConsentCategory.values)
    if unknown:
        raise ValueError(f"Unknown categories: {sorted(unknown)}")
    return wanted


def decide(
    consents: Iterable[ConsentRelease],
    *,
    recipient: Recipient,
    categories: Iterable[str],
    on: date,
) -> ConsentDecision:
    """The gate's rule on releases already loaded (no query): allowed when ONE release that
    names the recipient is active on `on` and names every category asked for."""
    wanted = _check_categories(categories)
    named = tuple(c for c in consents if recipient.matches(c))
    if not named:
        return ConsentDecision(
            False,
            _(
                "No release of information names %(who)s. Nothing about the client's care may "
                "be shared with them until the client (or their legal representative) signs one."
            )
            % {"who": recipient.label},
        )
    active = [c for c in named if c.is_active_on(on)]
    if not active:
        reasons = "; ".join(_why_inactive(c, on) for c in named[:3])
        return ConsentDecision(
            False,
            _("No active release for %(who)s on %(day)s: %(reasons)s.")
            % {"who": recipient.label, "day": _day(on), "reasons": reasons},
            considered=named,
        )
    for consent in active:
        if set(wanted) <= set(consent.categories):
            return ConsentDecision(
                True,
                _("Covered by the release of %(made)s (%(until)s).")
                % {"made": _day(consent.effective_on), "until": _until(consent)},
                consent=consent,
                considered=named,
            )
    best = max(active, key=lambda c: len(set(wanted) & set(c.categories)))
    missing = tuple(c for c in wanted if c not in best.categories)
    reason = _("The active release for %(who)s (%(until)s) does not cover %(missing)s.") % {
        "who": recipient.label,
        "until": _until(best),
        "missing": _labels(missing),
    }
    if ConsentCategory.SUBSTANCE_USE in missing:
        reason += " " + _(
            "A general or mental-health release never covers substance-use records: they need "
            "a release that names them (42 CFR Part 2)."
        )
    if ConsentCategory.PSYCHOTHERAPY_NOTES in missing:
        reason += " " + _("Psychotherapy notes need an authorization of their own.")
    return ConsentDecision(False, reason, missing=missing, considered=named)


def consent_check(
    *,
    client: Client,
    recipient: Recipient,
    categories: Iterable[str],
    on: date | None = None,
) -> ConsentDecision:
    """THE gate: may these categories of `client`'s information go to `recipient` on `on`
    (today by default)? One query. The caller has found `client` through the access policy
    (clients.selectors), so this does not scope again."""
    on = on or timezone.localdate()
    consents = ConsentRelease.objects.filter(client_id=client.pk).select_related("related_person")
    if recipient.kind == RecipientKind.RELATED_PERSON:
        consents = consents.filter(related_person_id=recipient.related_person_id)
    else:
        consents = consents.filter(recipient_kind=recipient.kind)
    return decide(consents, recipient=recipient, categories=categories, on=on)


# --- What a related person may be told (the people panel's seam) ---------------------------


@dataclass(frozen=True)
class SharingStatus:
    may_share: bool
    label: str
    categories: tuple[str, ...] = ()


def sharing_label(active: list[ConsentRelease], *, any_on_file: bool = True) -> SharingStatus:
    """The line under a related person: what their active releases let staff tell them.
    Without one, staff may listen to the person but tell them nothing (consent.md)."""
    if not active and not any_on_file:
        return SharingStatus(False, _("Sharing: no release on file — nothing may be shared"))
    if not active:
        return SharingStatus(False, _("Sharing: no active release — nothing may be shared"))
    parts = [f"{_labels(c.categories)} ({_until(c)})" for c in active]
    categories = tuple(dict.fromkeys(cat for c in active for cat in c.categories))
    return SharingStatus(True, _("May be told: %(what)s") % {"what": "; ".join(parts)}, categories)


def sharing_for_people(
    people: Iterable[RelatedPerson], *, on: date | None = None
) -> dict[int, SharingStatus]:
    """Each person's sharing status, for a list, in ONE query whatever its length."""
    on = on or timezone.localdate()
    people = list(people)
    by_person: dict[int, list[ConsentRelease]] = {p.pk: [] for p in people}
    on_file: set[int] = set()
    if people:
        consents = ConsentRelease.objects.filter(related_person_id__in=list(by_person)).order_by(
            "related_person_id", "-effective_on", "-id"
        )
        for consent in consents:
            on_file.add(consent.related_person_id)
            if consent.is_active_on(on):
                by_person[consent.related_person_id].append(consent)
    return {
        pk: sharing_label(active, any_on_file=pk in on_file) for pk, active in by_person.items()
    }


# --- Record, sign, revoke --------------------------------------------------------------------


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
    unknown = set(details) - set(CONSENT_FIELDS)
    if unknown:
        raise ValueError(f"Not consent details: {sorted(unknown)}")
    details = {**details}
    for name in ("discloser", "recipient_name", "purpose", "expiry_event"):
        details[name] = " ".join((details.get(name) or "").split())
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


def _locked(client_id: int, consent_id: int, version: int | None) -> tuple[Client, ConsentRelease]:
    # The client's row first, as disclosure_record takes it: a revocation and a disclosure
    # recorded at the same moment are ordered, never interleaved.
    client = Client.objects.select_for_update().get(pk=client_id)
    consent = ConsentRelease.objects.select_for_update().get(pk=consent_id, client=client)
    if version is not None and consent.version != version:
        raise StaleRecordError(
            _(
                "Someone else changed this release after you opened the form. Nothing was "
                "saved; reload to see it."
            )
        )
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
    unknown = set(signature) - set(SIGNATURE_FIELDS)
    if unknown:
        raise ValueError(f"Not signature details: {sorted(unknown)}")
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
                % {"day": _day(latest)},
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


# --- Disclosures ---------------------------------------------------------------------------
# A disclosure made on a legal basis instead of a release: clients.services.disclosures.


def disclosure_fields(
    *, description: str, method: str, categories: Iterable[str], disclosed_on: date | None
) -> tuple[str, tuple[str, ...], date]:
    """The checks every disclosure passes, with or without a release: returns the cleaned
    description, categories and date, or raises ClientRecordError at the field."""
    today = timezone.localdate()
    disclosed_on = disclosed_on or today
    if disclosed_on > today:
        raise ClientRecordError(
            _("A disclosure cannot be logged ahead of time."), field="disclosed_on"
        )
    description = description.strip()
    if not description:
        raise ClientRecordError(_("Describe what was disclosed."), field="description")
    if method not in DisclosureMethod.values:
        raise ClientRecordError(_("Choose how it was disclosed."), field="method")
    try:
        categories = _check_categories(categories)
    except ValueError as error:
        raise ClientRecordError(
            _("Tick at least one category of information."), field="categories"
        ) from error
    return description, categories, disclosed_on


def disclosure_record(
    *,
    client_id: int,
    recipient: Recipient,
    categories: Iterable[str],
    description: str,
    purpose: str,
    method: str,
    disclosed_by: User,
    disclosed_on: date | None = None,
    recipient_address: str = "",
    care_provider_id: int | None = None,
) -> Disclosure:
    """Log information given to someone outside the care team, if the gate allows it on that
    day; ConsentRequiredError (with the gate's reason) otherwise, and nothing is written.
    `care_provider_id` names the care-team member it was sent to ("Send to provider")."""
    description, categories, disclosed_on = disclosure_fields(
        description=description, method=method, categories=categories, disclosed_on=disclosed_on
    )
    purpose = purpose.strip()
    with transaction.atomic():
        # The client's row lock orders this against a revocation recorded at the same time.
        client = Client.objects.select_for_update().get(pk=client_id)
        decision = consent_check(
            client=client, recipient=recipient, categories=categories, on=disclosed_on
        )
        if not decision.allowed:
            raise ConsentRequiredError(decision)
        disclosure = Disclosure.objects.create(
            client=client,
            consent=decision.consent,
            related_person_id=recipient.related_person_id,
            care_provider_id=care_provider_id,
            recipient_label=recipient.label[:200],
            recipient_address=" ".join(recipient_address.split())[:300],
            categories=list(categories),
            description=description[:300],
            purpose=(purpose or decision.consent.purpose)[:300],
            method=method,
            disclosed_on=disclosed_on,
            disclosed_by=disclosed_by,
        )
        audit_client(
            "clients.disclosure.recorded",
            disclosure,
            client,
            actor=disclosed_by,
            detail={"consent_id": decision.consent.pk, "categories": list(categories)},
        )
    return disclosure
