"""Turn one loaded client record (exports.records.ClientRecord) into a FHIR R4 Bundle of type
`collection`, as plain JSON-ready dicts (fast enough for a whole agency; the tests validate
every resource with the fhir.resources R4B models).

Every resource's `fullUrl` is `urn:uuid:<uuid5 of its table and id>`, so the same object gets
the same id in every export, and every reference points at a `fullUrl` inside the bundle.
What the export leaves out, and why, travels in the bundle as an OperationOutcome and is
returned beside it for the pages (`Bundle.left_out`)."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from functools import lru_cache
from typing import Any

from django.db import models
from django.utils import timezone, translation

from casework.models import Agency, Team, User
from exports.fhir import codes
from exports.records import ClientRecord

Resource = dict[str, Any]
_NAMESPACE = uuid.UUID("4d0f7e3c-5a4e-4c49-9b3f-0e6c2a1d8f10")


@dataclass(frozen=True)
class LeftOut:
    """Something the export does not carry: what, how many, why."""

    what: str
    count: int
    why: str


# Speed (docs/benchmarks.md): a whole agency turns millions of values into text. Three helpers
# do it without Django's per-call machinery: the agency's time zone read once, choice labels
# translated once per field and language, and resource ids computed without uuid.UUID.


def instant(value: datetime) -> str:
    """The moment in the agency's time zone (TIME_ZONE; Casework activates no other)."""
    return _instant(value, timezone.get_default_timezone())


# A signed note names its signing moment four times (the note, its attachment, the
# Provenance and its signature): each moment converted once. Equal instants give equal text.
@lru_cache(maxsize=4096)
def _instant(value: datetime, zone: tzinfo) -> str:
    return value.astimezone(zone).isoformat(timespec="seconds")


@lru_cache(maxsize=512)
def _labels(label_lower: str, name: str, language: str | None, model: type) -> dict:
    return {value: str(label) for value, label in model._meta.get_field(name).flatchoices}


# The active language, read once per bundle (bundle_language) instead of on every label:
# translation.get_language() goes through asgiref's thread-local each time.
_language: ContextVar[str | None] = ContextVar("export_language")
_UNSET: Any = object()


def language() -> str | None:
    """translation.get_language(), or the value bundle_language read for this bundle."""
    found = _language.get(_UNSET)
    return translation.get_language() if found is _UNSET else found


class bundle_language:  # noqa: N801 - used as a context manager, like translation.override
    """Within the block, language() is the language active when it began (a bundle is built
    in one language: nothing inside switches it)."""

    def __enter__(self) -> None:
        self._token = _language.set(translation.get_language())

    def __exit__(self, *exc: object) -> None:
        _language.reset(self._token)


def display(obj: models.Model, name: str) -> str:
    """`obj.get_<name>_display()`, with the field's labels translated once, not on every call
    (Django hashes and translates every choice of the field each time)."""
    value = getattr(obj, name)
    labels = _labels(obj._meta.label_lower, name, language(), type(obj))
    return labels.get(value, value)


@lru_cache(maxsize=512)
def _base_labels(label_lower: str, name: str, language: str | None, model: type) -> dict:
    return {value: str(label) for value, label in model._meta.get_field(name).base_field.choices}


def item_label(model: type[models.Model], name: str, value: str) -> str:
    """The label of one item of an array field's choices (`value` itself when unknown)."""
    return _base_labels(model._meta.label_lower, name, language(), model).get(value, value)


def local_date(value: datetime) -> date:
    """timezone.localdate(value): the day in the agency's time zone (TIME_ZONE)."""
    return value.astimezone(timezone.get_default_timezone()).date()


def local_time(value: datetime) -> datetime:
    """timezone.localtime(value), in the agency's time zone (TIME_ZONE)."""
    return value.astimezone(timezone.get_default_timezone())


_NAMESPACE_BYTES = _NAMESPACE.bytes


@lru_cache(maxsize=65536)
def resource_id(name: str) -> str:
    """str(uuid.uuid5(_NAMESPACE, name)), computed directly (the same value)."""
    # uuid5 is SHA-1 by definition: an identifier, not a security measure.
    sha1 = hashlib.sha1(_NAMESPACE_BYTES + name.encode(), usedforsecurity=False)
    digest = bytearray(sha1.digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # RFC 4122 variant
    h = digest.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def day(value: date) -> str:
    return value.isoformat()


# Labels may be lazy translations: str() them, so the dicts are plain JSON.
def text(value: str) -> dict[str, str]:
    return {"text": str(value)}


def coding(system: str, code: str, display: str = "") -> dict[str, str]:
    found = {"system": system, "code": code}
    if display:
        found["display"] = str(display)
    return found


def concept(system: str, code: str, display: str = "", label: str = "") -> dict[str, Any]:
    found: dict[str, Any] = {"coding": [coding(system, code, display)]}
    if label or display:
        found["text"] = str(label or display)
    return found


@dataclass
class Builder:
    record: ClientRecord
    agency: Agency
    entries: list[dict[str, Any]] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)
    _seen: set[str] = field(default_factory=set)
    _systems: dict[str, str] = field(default_factory=dict)

    # --- identity and references ------------------------------------------------------------
    @staticmethod
    def key(kind: str, pk: Any) -> str:
        return resource_id(f"{kind}:{pk}")

    def ref(self, kind: str, pk: Any) -> dict[str, str]:
        return {"reference": f"urn:uuid:{self.key(kind, pk)}"}

    def has(self, kind: str, pk: Any) -> bool:
        return self.key(kind, pk) in self._seen

    def add(self, kind: str, pk: Any, resource: Resource) -> dict[str, str]:
        """Put `resource` in the bundle once (by table and id); returns its reference."""
        rid = self.key(kind, pk)
        if rid not in self._seen:
            self._seen.add(rid)
            self.entries.append({"fullUrl": f"urn:uuid:{rid}", "resource": {"id": rid, **resource}})
        return {"reference": f"urn:uuid:{rid}"}

    def add_once(self, kind: str, pk: Any, build: Callable[[], Resource]) -> dict[str, str]:
        """The reference of a resource many others point at (the agency, a team, a kind of
        place): `build` makes it only the first time, since making it may add others."""
        if self.has(kind, pk):
            return self.ref(kind, pk)
        return self.add(kind, pk, build())

    def leave_out(self, what: str, count: int, why: str) -> None:
        if count:
            self.left_out.append(LeftOut(what, count, why))

    def system(self, name: str) -> str:
        found = self._systems.get(name)
        if found is None:
            found = self._systems[name] = codes.local_system(self.agency.slug, name)
        return found

    # --- the people every part refers to -----------------------------------------------------
    @property
    def patient(self) -> dict[str, str]:
        return self.ref("clients.client", self.record.client.pk)

    def organization(self) -> dict[str, str]:
        """The agency itself."""
        return self.add_once(
            "casework.agency",
            self.agency.pk,
            lambda: {
                "resourceType": "Organization",
                "identifier": [{"system": self.system("agency"), "value": self.agency.slug}],
                "active": True,
                "name": self.agency.name,
            },
        )

    def team(self, team: Team) -> dict[str, str]:
        return self.add_once(
            "casework.team",
            team.pk,
            lambda: {
                "resourceType": "Organization",
                "identifier": [{"system": self.system("team"), "value": str(team.pk)}],
                "active": team.is_active,
                "type": [text("Team")],
                "name": team.name,
                "partOf": self.organization(),
            },
        )

    def practitioner(self, user: User) -> dict[str, str]:
        """A member of staff, with a PractitionerRole per team they belong to."""
        if self.has("casework.user", user.pk):
            return self.ref("casework.user", user.pk)
        body: Resource = {
            "resourceType": "Practitioner",
            "identifier": [{"system": self.system("staff"), "value": str(user.pk)}],
            "active": user.is_active,
            "name": [{"text": user.full_name or user.email}],
            "telecom": [{"system": "email", "value": user.email, "use": "work"}],
        }
        if user.credentials:
            body["qualification"] = [{"code": text(user.credentials)}]
        reference = self.add("casework.user", user.pk, body)
        for membership in self.record.memberships.get(user.pk, []):
            role = {
                "resourceType": "PractitionerRole",
                "active": membership.team.is_active,
                "practitioner": reference,
                "organization": self.team(membership.team),
                "code": [text(display(membership, "role"))],
            }
            if user.job_title:
                role["specialty"] = [text(user.job_title)]
            self.add("casework.membership", membership.pk, role)
        return reference

    def maybe_practitioner(self, user: User | None) -> list[dict[str, str]]:
        return [self.practitioner(user)] if user is not None else []

    def provenance(
        self,
        obj: models.Model,
        *,
        target: dict[str, str],
        when: datetime,
        signers: list[tuple[User, str, str]],
        activity: str,
    ) -> None:
        """Who signed (or did) what and when: one agent and one signature per signer, each
        given as (user, provenance participant type, ASTM signature type)."""
        agents, signatures = [], []
        for user, participant, signature in signers:
            who = self.practitioner(user)
            agents.append({"type": concept(codes.PROVENANCE_PARTICIPANT, participant), "who": who})
            if signature:
                signatures.append(
                    {
                        "type": [coding(codes.SIGNATURE_TYPE, signature)],
                        "when": instant(when),
                        "who": who,
                    }
                )
        body: Resource = {
            "resourceType": "Provenance",
            "target": [target],
            "recorded": instant(when),
            "activity": text(activity),
            "agent": agents,
        }
        if signatures:
            body["signature"] = signatures
        self.add(f"provenance.{obj._meta.label_lower}", obj.pk, body)

    # --- the whole bundle ---------------------------------------------------------------------
    def outcome(self) -> None:
        """What was left out, inside the bundle, so a receiving system sees it too."""
        issues = [
            {
                "severity": "information",
                "code": "informational",
                "diagnostics": f"Left out: {item.what}"
                + (f" ({item.count})" if item.count else "")
                + f". {item.why}",
            }
            for item in self.left_out
        ] or [
            {
                "severity": "information",
                "code": "informational",
                "diagnostics": "Nothing in the record was left out.",
            }
        ]
        self.add(
            "exports.left_out",
            self.record.client.pk,
            {"resourceType": "OperationOutcome", "issue": issues},
        )

    def bundle(self, *, now: datetime) -> Resource:
        return {
            "resourceType": "Bundle",
            "id": self.key("exports.bundle", f"{self.record.client.pk}:{now.isoformat()}"),
            "meta": {"lastUpdated": instant(now)},
            "identifier": {
                "system": self.system("export"),
                "value": f"{self.record.client.record_number}:{now:%Y%m%dT%H%M%S}",
            },
            "type": "collection",
            "timestamp": instant(now),
            "entry": self.entries,
        }
