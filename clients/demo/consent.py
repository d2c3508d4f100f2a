"""Demo releases of information: for about a third of the clients with people in their life,
a release in each state (active, expiring within 30 days, expired, revoked, pending
signature), to a family member, a named doctor or an organisation, and a few disclosures
logged under them (one before a revocation, still valid after it).

Idempotent: an agency that has any release already gets none (a third of the clients are
left without one on purpose, so "clients without a release" cannot be the marker).
Deterministic: by record number.
Registered after the client histories (clients/apps.py, order 20).
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Exists, OuterRef
from django.utils import timezone

from casework.models import Agency, Membership, Role
from clients.models import (
    Client,
    ConsentCategory,
    ConsentRelease,
    Disclosure,
    DisclosureMethod,
    RecipientKind,
    RelatedPerson,
    RevocationMethod,
    SignatureMethod,
    SignerKind,
)

GENERAL, MH, SUD = (
    ConsentCategory.GENERAL,
    ConsentCategory.MENTAL_HEALTH,
    ConsentCategory.SUBSTANCE_USE,
)
_STATEMENTS = {
    "told_right_to_revoke": True,
    "told_not_conditioned": True,
    "told_redisclosure": True,
}
_ORGANISATIONS = (
    "Bayview Housing Collaborative",
    "Harbor Community Clinic",
    "Eastside Recovery Center",
)
_DOCTORS = ("Dr. Miriam Osei, primary care", "Dr. Paul Nakamura, psychiatry")


def seed_consents(agency: Agency) -> None:
    if ConsentRelease.objects.filter(client__agency=agency).exists():
        return
    today = timezone.localdate()
    staff_by_team = dict(
        Membership.objects.filter(team__agency=agency, role=Role.CASE_MANAGER)
        .order_by("user__email")
        .values_list("team_id", "user_id")
    )
    has_release = ConsentRelease.objects.filter(client_id=OuterRef("pk"))
    clients = list(
        Client.objects.filter(agency=agency, related_people__is_active=True)
        .filter(~Exists(has_release))
        .select_related("team__program")
        .distinct()
        .order_by("record_number")
    )
    people = {}
    for person in RelatedPerson.objects.filter(client__in=clients, is_active=True).order_by(
        "client_id", "-is_emergency_contact", "id"
    ):
        people.setdefault(person.client_id, person)
    consents = []
    for i, client in enumerate(clients):
        if i % 3 or client.team_id not in staff_by_team:
            continue
        consents.append(
            _release(client, people[client.pk], i // 3, today, staff_by_team[client.team_id])
        )
    ConsentRelease.objects.bulk_create(consents)
    Disclosure.objects.bulk_create(
        _disclosure(c, today)
        for c in consents
        if c.signed_on and c.effective_on < today - timedelta(days=20)
    )


def _release(client: Client, person: RelatedPerson, n: int, today, staff_id: int) -> ConsentRelease:
    state = n % 6
    program = (
        client.team.program.name if client.team.program_id else "Bayview Community Mental Health"
    )
    release = ConsentRelease(
        client=client,
        discloser=f"Bayview Community Mental Health, {program}",
        recipient_kind=RecipientKind.RELATED_PERSON,
        related_person=person,
        categories=[GENERAL, MH],
        purpose="To involve the family in the care plan, at the client's request",
        information_detail="Appointments, care plan goals and how the client is doing.",
        created_by_id=staff_id,
        **_STATEMENTS,
    )
    if state == 5:  # to an organisation; substance-use records when the client has them
        release.recipient_kind = RecipientKind.ORGANIZATION
        release.related_person = None
        release.recipient_name = _ORGANISATIONS[n % len(_ORGANISATIONS)]
        release.purpose = "Care coordination and referral follow-up"
        if client.co_occurring_substance_use:
            release.categories = [GENERAL, MH, SUD]
    elif state == 3 and n % 2:  # a named doctor not on the record
        release.recipient_kind = RecipientKind.PERSON
        release.related_person = None
        release.recipient_name = _DOCTORS[n % len(_DOCTORS)]
        release.purpose = "Coordination of medical care"
    signed_days_ago = {0: 120, 1: 430, 2: 200, 3: None, 4: 340, 5: 60}[state]
    if signed_days_ago is not None:
        release.signed_on = today - timedelta(days=signed_days_ago)
        release.effective_on = release.signed_on
        release.signature_method = SignatureMethod.WET if n % 4 else SignatureMethod.ELECTRONIC
        release.copy_given_on = release.signed_on
    else:  # waiting for the signature
        release.effective_on = today
    release.expires_on = {
        0: today + timedelta(days=245),
        1: today - timedelta(days=65),  # expired
        2: today + timedelta(days=165),
        3: today + timedelta(days=365),
        4: today + timedelta(days=6 + n % 20),  # expiring within 30 days
        5: None,
    }[state]
    if release.expires_on is None:
        release.expiry_event = "Discharge from the program"
    if state == 2:  # revoked three weeks ago, in writing
        release.revoked_on = today - timedelta(days=21)
        release.revocation_method = RevocationMethod.WRITTEN
        release.revocation_received_by_id = staff_id
        release.revocation_recorded_at = timezone.now() - timedelta(days=21)
    if (
        client.age_on(release.signed_on or today) is not None
        and client.age_on(release.signed_on or today) < 18
    ):
        release.signer_kind = SignerKind.REPRESENTATIVE
        release.representative_name = (
            person.full_name if person.kind in ("family", "guardian") else "Parent on file"
        )
        release.representative_authority = "Parent of a minor"
        if SUD in release.categories:
            release.signer_kind = SignerKind.CLIENT_AND_REPRESENTATIVE
    return release


def _disclosure(release: ConsentRelease, today) -> Disclosure:
    # Before the revocation (if any): revocation never reaches back.
    day = release.effective_on + timedelta(days=14)
    return Disclosure(
        client_id=release.client_id,
        consent=release,
        related_person=release.related_person,
        recipient_label=release.recipient_label,
        categories=list(release.categories),
        description="Update on appointments and care plan goals"
        if release.recipient_kind == RecipientKind.RELATED_PERSON
        else "Referral summary and care plan",
        purpose=release.purpose,
        method=DisclosureMethod.PHONE
        if release.recipient_kind == RecipientKind.RELATED_PERSON
        else DisclosureMethod.REFERRAL,
        disclosed_on=day,
        disclosed_by_id=release.created_by_id,
    )
