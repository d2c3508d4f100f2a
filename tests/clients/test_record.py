"""The client record page: header, actions by role, the panel seam, scope and query budget."""

from __future__ import annotations

import ast
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from clients import record_panels
from clients.models import AssignmentRole, RiskLevel, Status
from tests.factories import AssignmentFactory, KeyEventFactory, VisitFactory

pytestmark = pytest.mark.django_db


def _url(client_obj) -> str:
    return reverse("clients:detail", args=[client_obj.pk])


def test_the_header_says_who_the_client_is_and_what_is_due(client, case_manager, client_a):
    today = timezone.localdate()
    client_a.preferred_name = "Mara"
    client_a.pronouns = "she/her"
    client_a.date_of_birth = today.replace(year=today.year - 40) - timedelta(days=1)
    client_a.risk_level = RiskLevel.MODERATE
    client_a.needs_interpreter = True
    client_a.primary_language = "Somali"
    client_a.status_since = today - timedelta(days=100)
    client_a.last_contact_on = today - timedelta(days=10)
    client_a.next_contact_due = today - timedelta(days=3)
    client_a.save()
    AssignmentFactory(client=client_a, staff=case_manager, role=AssignmentRole.PRIMARY)
    client.force_login(case_manager)
    body = client.get(_url(client_a)).content.decode()
    for text in (
        "Mara Teamay",
        "Legal name Amara Teamay",
        "(she/her)",
        "40 years",
        client_a.program.name,
        "Casey Manager",
        "Moderate risk",
        "Interpreter: Somali",
        "Active",
        "since",
        "Overdue 3 days",
    ):
        assert text in body, text


def test_a_writer_sees_log_visit_and_the_record_actions(client, case_manager, client_a):
    client.force_login(case_manager)
    body = client.get(_url(client_a)).content.decode()
    assert reverse("clients:visit_create", kwargs={"client_id": client_a.pk}) in body
    assert reverse("clients:edit", args=[client_a.pk]) in body
    # The lifecycle actions are offered once, in the status panel, not again in the header.
    assert reverse("clients:discharge", args=[client_a.pk]) not in body
    panel = client.get(reverse("clients:status_panel", kwargs={"client_id": client_a.pk}))
    for name in ("clients:status_change", "clients:discharge", "clients:transfer"):
        assert reverse(name, args=[client_a.pk]) in panel.content.decode(), name


def test_a_discharged_client_offers_re_opening_not_a_visit(client, case_manager, client_a):
    client_a.status = Status.DISCHARGED
    client_a.save()
    client.force_login(case_manager)
    body = client.get(_url(client_a)).content.decode()
    assert reverse("clients:reopen", args=[client_a.pk]) in body
    assert reverse("clients:visit_create", kwargs={"client_id": client_a.pk}) not in body


def test_a_read_only_reviewer_sees_no_write_actions(client, compliance, client_a):
    client.force_login(compliance)
    response = client.get(_url(client_a))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Log visit" not in body
    assert reverse("clients:edit", args=[client_a.pk]) not in body
    assert reverse("clients:discharge", args=[client_a.pk]) not in body


def test_outsiders_and_admins_get_404_on_record_and_timeline(
    client, outsider, admin_user, client_a
):
    for user in (outsider, admin_user):
        client.force_login(user)
        for url in (_url(client_a), reverse("clients:timeline", args=[client_a.pk])):
            response = client.get(url)
            assert response.status_code == 404
            assert "Teamay" not in response.content.decode()


@pytest.fixture
def test_panel(monkeypatch):
    """A panel registered for one test only: the registry is restored afterwards."""
    monkeypatch.setattr(record_panels, "_panels", list(record_panels.panels()))
    record_panels.register(title="Test widget", url_name="clients:visit_create", order=1)
    yield record_panels.panels()[0]


def test_each_registered_panel_is_a_card_htmx_loads_with_a_plain_link_fallback(
    client, case_manager, client_a, test_panel
):
    client.force_login(case_manager)
    body = client.get(_url(client_a)).content.decode()
    url = test_panel.url_for(client_a.pk)
    assert url == reverse("clients:visit_create", kwargs={"client_id": client_a.pk})
    assert f'hx-get="{url}" hx-trigger="load"' in body
    assert f'<a href="{url}" class="small">Show test widget</a>' in body
    assert "Test widget" in body
    # Registered panels come in their order: the test one (order 1) first.
    assert body.index("Test widget") < body.index("Status, program and staff")


def test_the_test_panel_is_gone_after_its_test(client, case_manager, client_a):
    client.force_login(case_manager)
    assert "Test widget" not in client.get(_url(client_a)).content.decode()


def test_clients_code_never_imports_the_apps_that_build_on_it():
    """careplans and referrals depend on clients, never the other way (design.md §2)."""
    root = Path(__file__).resolve().parents[2] / "clients"
    offenders = []
    for path in root.rglob("*.py"):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            elif isinstance(node, ast.Call) and getattr(node.func, "id", "") == "__import__":
                names = [a.value for a in node.args if isinstance(a, ast.Constant)]
            else:
                continue
            for name in names:
                if str(name).split(".")[0] in {"careplans", "referrals"}:
                    offenders.append(f"{path.relative_to(root)}: {name}")
    assert offenders == []


def test_viewing_the_record_is_audited_once(client, case_manager, client_a):
    from casework.models import AuditEvent

    client.force_login(case_manager)
    client.get(_url(client_a))
    assert (
        AuditEvent.objects.filter(
            action="clients.client.view", client_id=client_a.pk, actor=case_manager
        ).count()
        == 1
    )


@pytest.mark.parametrize("history", [5, 60])
def test_the_record_costs_the_same_queries_whatever_the_history(
    client, case_manager, client_a, history, django_assert_max_num_queries
):
    AssignmentFactory(client=client_a, staff=case_manager)
    for n in range(history):
        VisitFactory(client=client_a, contact_at=timezone.now() - timedelta(days=n + 1))
        KeyEventFactory(client=client_a)
    client.force_login(case_manager)
    # session, user, client (scoped; team, program joined; primary by subquery), audit
    # insert, memberships (access policy), timeline: visits, events, status changes,
    # transfers (one each), open reminders (badge), session save in a savepoint pair,
    # open safety flags (clients.header_badges: careplans).
    with django_assert_max_num_queries(14):
        response = client.get(_url(client_a))
    assert len(response.context["timeline"].entries) == min(2 * history, 20)
