"""THE consent gate: may this information go to this recipient on this day? A read, asked by
everything that lets information leave the care team: the people panel (what a related person
may be told), the disclosure ledger (clients.services.disclosures), printed summaries, and the
referrals app before it sends a packet to an outside organisation:

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
reaches back, so disclosures logged before it stay in the accounting. Releases are recorded,
signed and revoked by clients.services.releases.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from clients.models import (
    CATEGORY_SHORT,
    Client,
    ConsentCategory,
    ConsentRelease,
    ConsentStatus,
    RecipientKind,
    RelatedPerson,
)

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


def day_label(value: date) -> str:
    return date_format(value, "j M Y")


def _labels(categories: Iterable[str]) -> str:
    return ", ".join(str(CATEGORY_SHORT.get(c, c)) for c in categories)


def _until(consent: ConsentRelease) -> str:
    if consent.expires_on and consent.expiry_event:
        return _("until %(day)s or %(event)s") % {
            "day": day_label(consent.expires_on),
            "event": consent.expiry_event,
        }
    if consent.expires_on:
        return _("until %(day)s") % {"day": day_label(consent.expires_on)}
    return _("until %(event)s") % {"event": consent.expiry_event}


def _why_inactive(consent: ConsentRelease, on: date) -> str:
    status = consent.status_on(on)
    if status == ConsentStatus.REVOKED:
        return _("the release of %(made)s was revoked on %(day)s") % {
            "made": day_label(consent.effective_on),
            "day": day_label(consent.revoked_on),
        }
    if status == ConsentStatus.PENDING:
        return _("the release of %(made)s is not signed yet") % {
            "made": day_label(consent.effective_on)
        }
    if status == ConsentStatus.NOT_YET_EFFECTIVE:
        return _("the release takes effect on %(day)s") % {"day": day_label(consent.effective_on)}
    ended = consent.expiry_event_on if consent.expiry_event_on else consent.expires_on
    if consent.expiry_event_on and (not consent.expires_on or consent.expiry_event_on <= on):
        return _("the release of %(made)s ended with %(event)s on %(day)s") % {
            "made": day_label(consent.effective_on),
            "event": consent.expiry_event,
            "day": day_label(ended),
        }
    return _("the release of %(made)s expired on %(day)s") % {
        "made": day_label(consent.effective_on),
        "day": day_label(consent.expires_on),
    }


def check_categories(categories: Iterable[str]) -> tuple[str, ...]:
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
    wanted = check_categories(categories)
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
            % {"who": recipient.label, "day": day_label(on), "reasons": reasons},
            considered=named,
        )
    for consent in active:
        if set(wanted) <= set(consent.categories):
            return ConsentDecision(
                True,
                _("Covered by the release of %(made)s (%(until)s).")
                % {"made": day_label(consent.effective_on), "until": _until(consent)},
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
