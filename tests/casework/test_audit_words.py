"""The audit report in words: every action code the code base writes has words, and the
report reads "Viewed the record of …", not `clients.client.view`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from casework.audit import audit_record
from casework.audit_words import audit_words, has_words
from clients.models import Appointment, CareProvider, Client
from referrals.models import Referral

ROOT = Path(settings.BASE_DIR)
APPS = (
    "administration",
    "careplans",
    "casework",
    "clients",
    "directory",
    "exports",
    "referrals",
    "reports",
    "supervision",
)
# A code as the action keyword, or as the first argument of the audit writers.
LITERAL = re.compile(
    r'(?:action=|audit_(?:client|record)\(\s*)"([a-z_]+(?:\.[a-z_]+)+)"'
)
# f-string codes: the fixed part, then what fills the placeholder is found where it is called.
HELPER_CALL = re.compile(r'_audit\(\s*"([a-z_]+)"')


def _sources():
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" not in path.parts:
                yield path, path.read_text(encoding="utf-8")


def _codes_in_the_code_base() -> set[str]:
    codes: set[str] = set()
    for _path, text in _sources():
        codes |= set(LITERAL.findall(text))
        # careplans' services write `careplans.<thing>.{action}` through a local `_audit`.
        prefix = re.search(r'(?:action=|audit_client\()f"(careplans\.[a-z_]+)\.\{action\}"', text)
        if prefix:
            codes |= {f"{prefix.group(1)}.{verb}" for verb in HELPER_CALL.findall(text)}
        if 'action=f"casework.membership.{change}"' in text:
            codes |= {f"casework.membership.{c}" for c in ("added", "changed", "removed")}
        if 'action=f"{obj._meta.label_lower}.created"' in text:
            codes |= {
                f"casework.{m}.{v}"
                for m in ("program", "servicearea", "team")
                for v in ("created", "changed")
            }
    return codes


def test_the_scan_finds_the_codes_it_should():
    codes = _codes_in_the_code_base()
    assert {"clients.visit.view", "clients.visit.signed", "careplans.plan.approved"} <= codes
    assert len(codes) > 60


def test_every_action_code_in_the_code_base_has_words():
    missing = sorted(c for c in _codes_in_the_code_base() if not has_words(c))
    assert missing == []


def test_every_object_a_page_audits_as_viewed_has_words():
    # audit_view and the care team's pages record `<app.model>.view` for the object shown.
    viewed = [Client, Referral, Appointment, CareProvider]
    for path, text in _sources():
        assert not re.search(r"audit_view\(request, (?!client\b|referral\b|context\[)", text), path
    missing = [m._meta.label_lower for m in viewed if not has_words(f"{m._meta.label_lower}.view")]
    assert missing == []


def test_the_words_read_as_sentences():
    assert audit_words("clients.client.view", "Dana Dubois") == "Viewed the record of Dana Dubois"
    assert audit_words("clients.visit.signed", "Dana Dubois") == "Signed a note for Dana Dubois"
    assert audit_words("clients.visit.signed") == "Signed a note"
    assert audit_words("casework.user.invited", "ignored") == "Invited a staff member"
    # A code nobody gave words to yet is shown as itself, never hidden.
    assert audit_words("clients.unknown.thing") == "clients.unknown.thing"


@pytest.mark.django_db
def test_the_report_shows_words_with_the_code_beneath(client, compliance, case_manager, client_a):
    audit_record(
        action="clients.client.view",
        actor=case_manager,
        obj=client_a,
        client_id=client_a.pk,
        agency_id=client_a.agency_id,
    )
    client.force_login(compliance)
    body = client.get(reverse("security:audit_report")).content.decode()
    label = f"{client_a.preferred_name or client_a.given_name} {client_a.family_name}"
    assert f"Viewed the record of {label}" in body
    # The code stays, small, for filtering; it is no longer the only thing said.
    assert '<code class="text-body-secondary">clients.client.view</code>' in body
    assert "table-stacked" in body and 'data-label="When"' in body
