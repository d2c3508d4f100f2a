"""Two-factor sign-in: enrolment with a QR code, a TOTP code or a recovery code at each
sign-in, each code usable once, and no way around it through a password reset."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client as BrowserClient
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from casework.models import AuditEvent
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _require_2fa(settings):
    settings.REQUIRE_2FA = True


def _code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    # The code the app shows now (or `steps_ahead` time steps later: the device accepts one
    # step of drift, and never a step it has already accepted).
    t0 = device.t0 - steps_ahead * device.step
    return f"{totp(device.bin_key, device.step, t0, device.digits):06d}"


def _sign_in(client, user):
    return client.post(reverse("login"), {"username": user.email, "password": PASSWORD})


def _enrol(client, user) -> tuple[TOTPDevice, list[str]]:
    _sign_in(client, user)
    client.get(reverse("security:two_factor_setup"))
    device = TOTPDevice.objects.get(user=user)
    response = client.post(reverse("security:two_factor_setup"), {"code": _code(device)})
    return device, response.context["codes"]


def test_a_password_alone_only_reaches_enrolment(client, case_manager):
    _sign_in(client, case_manager)
    response = client.get(reverse("clients:list"))
    assert response.status_code == 302
    assert response["Location"] == reverse("security:two_factor_setup")


def test_enrolment_shows_a_qr_code_and_the_secret(client, case_manager):
    _sign_in(client, case_manager)
    response = client.get(reverse("security:two_factor_setup"))
    body = response.content.decode()
    assert "<svg" in body and "<script" not in body.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert re.search(r"([A-Z2-7]{4} ){3,}", body)
    # Reloading keeps the same secret until it is confirmed.
    assert (
        client.get(reverse("security:two_factor_setup")).context["secret"]
        == (response.context["secret"])
    )


def test_enrolling_with_a_code_signs_in_and_issues_recovery_codes(client, case_manager):
    device, codes = _enrol(client, case_manager)
    device.refresh_from_db()
    assert device.confirmed
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get(reverse("clients:list")).status_code == 200
    assert AuditEvent.objects.filter(action="casework.two_factor.enrolled").exists()


def test_a_wrong_code_does_not_enrol(client, case_manager):
    _sign_in(client, case_manager)
    client.get(reverse("security:two_factor_setup"))
    response = client.post(reverse("security:two_factor_setup"), {"code": "000000"})
    assert "not right" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=case_manager, confirmed=True).exists()


def test_the_next_sign_in_asks_for_a_code_and_accepts_each_code_once(client, case_manager):
    device, _codes = _enrol(client, case_manager)
    device.refresh_from_db()
    code = _code(device, steps_ahead=1)

    first = BrowserClient()
    _sign_in(first, case_manager)
    assert first.get(reverse("dashboard"))["Location"] == reverse("security:two_factor_verify")
    assert first.post(reverse("security:two_factor_verify"), {"code": code}).status_code == 302
    assert first.get(reverse("dashboard")).status_code == 200

    second = BrowserClient()
    _sign_in(second, case_manager)
    response = second.post(reverse("security:two_factor_verify"), {"code": code})
    assert response.status_code == 200
    assert "already used" in response.content.decode()
    assert second.get(reverse("dashboard")).status_code == 302
    assert AuditEvent.objects.filter(action="casework.two_factor.failed").count() == 1


def test_a_recovery_code_works_once(client, case_manager):
    _device, codes = _enrol(client, case_manager)
    first = BrowserClient()
    _sign_in(first, case_manager)
    assert first.post(reverse("security:two_factor_verify"), {"code": codes[0]}).status_code == 302
    assert first.get(reverse("dashboard")).status_code == 200

    second = BrowserClient()
    _sign_in(second, case_manager)
    assert second.post(reverse("security:two_factor_verify"), {"code": codes[0]}).status_code == 200
    assert second.get(reverse("dashboard")).status_code == 302


def test_a_password_reset_does_not_bypass_the_second_factor(client, case_manager):
    _enrol(BrowserClient(), case_manager)
    client.post(reverse("password_reset"), {"email": case_manager.email})
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", mail.outbox[0].body).group(1)
    form_url = client.get(link)["Location"]
    new_password = "a brand new long passphrase"
    client.post(form_url, {"new_password1": new_password, "new_password2": new_password})
    # The reset signs nobody in...
    assert client.get(reverse("dashboard"))["Location"].startswith(reverse("login"))
    # ...and signing in with the new password still stops at the second factor.
    client.post(reverse("login"), {"username": case_manager.email, "password": new_password})
    assert client.get(reverse("dashboard"))["Location"] == reverse("security:two_factor_verify")


def test_without_the_setting_a_password_is_enough(client, case_manager, settings):
    settings.REQUIRE_2FA = False
    _sign_in(client, case_manager)
    assert client.get(reverse("dashboard")).status_code == 200


def test_the_setting_is_on_by_default_outside_development_and_tests():
    from tests.casework.test_settings import _run

    result = _run(
        {
            "DEBUG": "0",
            "SECRET_KEY": "x" * 60,
            "ALLOWED_HOSTS": "casework.example.org",
        },
        "shell",
        "-c",
        "from django.conf import settings; print(settings.REQUIRE_2FA)",
    )
    assert result.stdout.strip().splitlines()[-1] == "True", result.stderr


def test_enrolling_a_new_app_ends_the_persons_other_sessions(client, case_manager):
    device, _codes = _enrol(client, case_manager)
    device.refresh_from_db()
    other = BrowserClient()
    _sign_in(other, case_manager)
    other.post(reverse("security:two_factor_verify"), {"code": _code(device, steps_ahead=1)})
    assert other.get(reverse("dashboard")).status_code == 200

    client.get(reverse("security:two_factor_setup"))
    new = TOTPDevice.objects.get(user=case_manager, confirmed=False)
    response = client.post(reverse("security:two_factor_setup"), {"code": _code(new)})
    assert response.status_code == 200 and response.context["codes"]
    assert client.get(reverse("dashboard")).status_code == 200
    assert other.get(reverse("dashboard"))["Location"].startswith(reverse("login"))
