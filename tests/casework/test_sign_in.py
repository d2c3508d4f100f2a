from __future__ import annotations

import re
import time
from datetime import datetime, timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _sign_in(client, email, password=PASSWORD):
    return client.post(reverse("login"), {"username": email, "password": password})


def test_it_signs_in_by_email_whatever_the_case(client, case_manager):
    response = _sign_in(client, "CM@Example.test")
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    assert client.get(reverse("dashboard")).status_code == 200


def test_it_refuses_a_wrong_password_with_a_clear_message(client, case_manager):
    response = _sign_in(client, case_manager.email, "not the password")
    assert response.status_code == 200
    assert "do not match an active account" in response.content.decode()


def test_it_refuses_a_deactivated_account(client, case_manager):
    case_manager.is_active = False
    case_manager.save(update_fields=["is_active"])
    assert _sign_in(client, case_manager.email).status_code == 200
    assert "_auth_user_id" not in client.session


def test_it_locks_sign_in_after_repeated_failures(client, case_manager):
    for n in range(settings.AXES_FAILURE_LIMIT):
        email = case_manager.email.upper() if n % 2 else case_manager.email  # same account
        _sign_in(client, email, "wrong password")
    response = _sign_in(client, case_manager.email)  # even the right password now
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_lockout_does_not_lock_out_colleagues_at_the_same_address(
    client, case_manager, supervisor
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, case_manager.email, "wrong password")
    assert _sign_in(client, supervisor.email).status_code == 302


def test_sign_in_gives_a_new_session_id(client, case_manager):
    client.get(reverse("login"))
    client.session.save()
    before = client.session.session_key
    _sign_in(client, case_manager.email)
    assert client.session.session_key != before


def test_sign_out_is_a_post_and_ends_the_session(client, case_manager):
    client.force_login(case_manager)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("dashboard")).status_code == 302


def _expiry(client) -> datetime:
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_a_request_pushes_the_idle_expiry_30_minutes_ahead(client, case_manager):
    client.force_login(case_manager)
    client.get(reverse("dashboard"))
    remaining = (_expiry(client) - timezone.now()).total_seconds()
    assert 30 * 60 - 60 < remaining <= 30 * 60


def test_the_expiry_is_pushed_again_once_the_refresh_interval_has_passed(client, case_manager):
    client.force_login(case_manager)
    client.get(reverse("dashboard"))
    first = _expiry(client)
    client.get(reverse("dashboard"))  # within the interval: no write
    assert _expiry(client) == first
    session = client.session
    session["casework_session_refreshed"] -= settings.SESSION_REFRESH_INTERVAL
    session.save()
    Session.objects.filter(session_key=session.session_key).update(
        expire_date=timezone.now() + timedelta(minutes=5)
    )
    client.get(reverse("dashboard"))
    remaining = (_expiry(client) - timezone.now()).total_seconds()
    assert 30 * 60 - 60 < remaining <= 30 * 60


def test_an_idle_session_has_expired(client, case_manager):
    client.force_login(case_manager)
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_session_ends_after_its_absolute_lifetime(client, case_manager):
    client.force_login(case_manager)
    client.get(reverse("dashboard"))
    session = client.session
    session["casework_session_started"] = int(time.time()) - settings.SESSION_ABSOLUTE_TIMEOUT - 1
    session.save()
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session


def test_password_reset_mails_a_link_that_sets_a_new_password(client, case_manager):
    response = client.post(reverse("password_reset"), {"email": case_manager.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", mail.outbox[0].body).group(1)
    form_url = client.get(link)["Location"]
    new_password = "a brand new long passphrase"
    response = client.post(form_url, {"new_password1": new_password, "new_password2": new_password})
    assert response.status_code == 302
    case_manager.refresh_from_db()
    assert case_manager.check_password(new_password)


def test_password_reset_says_nothing_about_unknown_addresses(client, case_manager):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.test"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_weak_passwords_are_refused(client, case_manager):
    client.force_login(case_manager)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "password123", "new_password2": "password123"},
    )
    assert response.status_code == 200
    assert "too common" in response.content.decode()


def test_passwords_are_stored_with_argon2(settings, case_manager):
    from django.contrib.auth.hashers import make_password

    from casework import settings as project_settings

    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert make_password("a long passphrase").startswith("argon2$")
