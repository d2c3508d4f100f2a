"""The audit report in words: every action code the code base writes has words, and the
report reads "Viewed the record of …", not `clients.client.view`."""

from __future__ import annotations

import importlib
import re
from importlib.util import find_spec
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
# Any string that has the shape of an action code, `<app>.<what>.<did>`, wherever it is written:
# as the action keyword, the first argument of an audit writer or of a module's own `_audit`
# helper, a constant, or a row of a table of steps. A dotted path Python can import (settings
# naming a function, Celery task names) is not an action; neither is a signing salt.
DOTTED = re.compile(r'"((?:' + "|".join(APPS) + r')\.[a-z_]+\.[a-z_]+)"')
NOT_ACTIONS = {"casework.offline.queue"}  # the salt of clients/services/offline.py
# f-string codes: the fixed part, then what fills the placeholder is found where it is called.
HELPER_CALL = re.compile(r'_audit\(\s*"([a-z_]+)"')


def _sources():
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            # audit_words.py is the table of words itself, not a place that writes codes.
            if "migrations" not in path.parts and path.name != "audit_words.py":
                yield path, path.read_text(encoding="utf-8")


def _importable(dotted: str) -> bool:
    module, _, name = dotted.rpartition(".")
    try:
        return hasattr(importlib.import_module(module), name) or bool(find_spec(dotted))
    except ImportError:
        return False


def _codes_in_the_code_base() -> set[str]:
    codes: set[str] = set()
    for _path, text in _sources():
        codes |= {c for c in DOTTED.findall(text) if c not in NOT_ACTIONS and not _importable(c)}
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
    # Written through a module's own helper, a constant or a table of import steps.
    assert {
        "clients.appointment.scheduled",
        "directory.service.created",
        "reports.report.exported",
        "clients.related_person.imported",
    } <= codes
    assert not {"casework.tasks.reminders_sweep", "casework.offline.queue"} & codes
    assert len(codes) > 100


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
