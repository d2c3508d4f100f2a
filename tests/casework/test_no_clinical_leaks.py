"""No clinical data in logs, error pages, error reports or e-mail subjects (ASVS V16,
shared/domain/security.md): a 500 in a client's record, the 404/403 pages for another team's
client, and the reminder digest's subject."""

from __future__ import annotations

import logging
from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.views.debug import ExceptionReporter

from casework import reminders
from casework.tasks import reminders_send_digests
from clients.models import Client
from tests.factories import AssignmentFactory, VisitFactory

pytestmark = pytest.mark.django_db

NOTE = {"data": "Voices louder", "assessment": "Relapse risk", "plan": "Call psychiatrist"}
DOB = date(1971, 3, 14)


def _secrets(client) -> list[str]:
    return [
        client.family_name,
        f"{client.given_name} {client.family_name}",
        DOB.isoformat(),
        "14 March 1971",
        "March 14, 1971",
        "Voices",
        "Relapse",
        "psychiatrist",
    ]


@pytest.fixture
def clinical_a(client_a, case_manager):
    Client.objects.filter(pk=client_a.pk).update(date_of_birth=DOB)
    VisitFactory(client=client_a, author=case_manager, note=NOTE)
    client_a.refresh_from_db()
    return client_a


def _log_text(caplog) -> str:
    """Each record as a handler would write it, and as the mail_admins report would render
    it (Django's AdminEmailHandler uses the configured exception reporter)."""
    from django.views.debug import get_exception_reporter_class

    parts = []
    formatter = logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s")
    for record in caplog.records:
        parts.append(formatter.format(record))
        request = getattr(record, "request", None)
        if record.exc_info and request is not None:
            reporter_class = get_exception_reporter_class(request)
            assert issubclass(reporter_class, ExceptionReporter)
            reporter = reporter_class(request, *record.exc_info, is_email=True)
            parts.append(reporter.get_traceback_text())
            parts.append(reporter.get_traceback_html())
    return "\n".join(parts)


def test_a_500_in_a_clients_record_shows_and_logs_no_client_data(
    client, settings, caplog, monkeypatch, case_manager, clinical_a
):
    settings.DEBUG = False

    def boom(*args, **kwargs):
        raise RuntimeError("timeline failed")

    # The client is loaded (a local variable of the view) when the error happens.
    monkeypatch.setattr("clients.views.records.timeline_for", boom)
    client.force_login(case_manager)
    client.raise_request_exception = False
    with caplog.at_level(logging.INFO):
        response = client.get(
            reverse("clients:detail", args=[clinical_a.pk]) + "?q=" + clinical_a.family_name
        )
    assert response.status_code == 500
    body = response.content.decode()
    assert "Something went wrong" in body
    logged = _log_text(caplog)
    assert "Internal Server Error" in logged and "timeline failed" in logged
    for secret in _secrets(clinical_a) + [clinical_a.given_name]:
        assert secret not in body, secret
        assert secret not in logged, secret


def test_a_500_on_a_post_does_not_report_what_was_typed(
    client, settings, caplog, monkeypatch, case_manager, clinical_a
):
    settings.DEBUG = False
    calls = []

    def boom(*args, **kwargs):
        calls.append(kwargs["client_id"])
        raise RuntimeError("save failed")

    monkeypatch.setattr("clients.views.intake.intake.client_update_details", boom)
    client.force_login(case_manager)
    url = reverse("clients:edit", args=[clinical_a.pk])
    # Every field the form holds, as the page fills it in: the POST is valid, so the view
    # reaches the service and its failure (a POST missing a required field re-renders 200).
    form = client.get(url).context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        data[name] = [str(v) for v in value] if isinstance(value, list | tuple) else str(value)
    client.raise_request_exception = False
    with caplog.at_level(logging.INFO):
        response = client.post(url, data)
    assert calls == [clinical_a.pk], "the POST never reached the injected failure"
    assert response.status_code == 500
    logged = _log_text(caplog)
    for secret in _secrets(clinical_a):
        assert secret not in response.content.decode(), secret
        assert secret not in logged, secret


@pytest.mark.parametrize("role", ["outsider", "admin_user"])
def test_another_teams_client_404_shows_and_logs_no_client_data(
    client, settings, caplog, request, role, clinical_a
):
    settings.DEBUG = False
    client.force_login(request.getfixturevalue(role))
    with caplog.at_level(logging.INFO):
        for name in ("clients:detail", "clients:edit"):
            response = client.get(reverse(name, args=[clinical_a.pk]))
            assert response.status_code == 404
            body = response.content.decode()
            for secret in _secrets(clinical_a) + [clinical_a.given_name, clinical_a.record_number]:
                assert secret not in body, secret
    logged = _log_text(caplog)
    for secret in _secrets(clinical_a) + [clinical_a.given_name]:
        assert secret not in logged, secret


def test_a_refused_write_403_shows_and_logs_no_client_data(
    client, settings, caplog, compliance, clinical_a
):
    settings.DEBUG = False
    client.force_login(compliance)
    with caplog.at_level(logging.INFO):
        response = client.post(
            reverse("clients:edit", args=[clinical_a.pk]),
            {"family_name": "Changed", "note": "Voices"},
        )
    assert response.status_code == 403
    body = response.content.decode()
    for secret in _secrets(clinical_a) + [clinical_a.given_name, clinical_a.record_number]:
        assert secret not in body, secret
    logged = _log_text(caplog)
    for secret in _secrets(clinical_a) + [clinical_a.given_name]:
        assert secret not in logged, secret


def test_the_digest_subject_carries_no_name_and_the_body_no_family_name(case_manager, clinical_a):
    AssignmentFactory(client=clinical_a, staff=case_manager)
    Client.objects.filter(pk=clinical_a.pk).update(
        next_contact_due=timezone.localdate() - timedelta(days=2)
    )
    reminders.sweep()
    assert reminders_send_digests() == 1
    [message] = mail.outbox
    html, _ = message.alternatives[0]
    for secret in _secrets(clinical_a) + [clinical_a.given_name, clinical_a.record_number]:
        assert secret not in message.subject, secret
    for body in (message.body, html):
        assert f"{clinical_a.given_name} ({clinical_a.record_number})" in body
        for secret in _secrets(clinical_a):
            assert secret not in body, secret
