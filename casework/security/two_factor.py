"""Two-factor sign-in with django-otp: a TOTP device (an authenticator app) and a static
device holding single-use recovery codes.

django-otp refuses a TOTP code whose time step is not later than the last accepted one
(`TOTPDevice.last_t`), so a code works once; a static token is deleted when used.
"""

from __future__ import annotations

import secrets

import segno
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from casework.audit import audit_record
from casework.models import User
from casework.services import staff_sessions_end

_PENDING = "casework_totp_pending"


def has_device(user: User) -> bool:
    return user_has_device(user, confirmed=True)


def totp_pending_for(request: HttpRequest) -> TOTPDevice:
    """The unconfirmed device being enrolled in this session (made once, kept until
    confirmed, so reloading the page does not change the secret)."""
    user = request.user
    device = None
    pk = request.session.get(_PENDING)
    if pk:
        device = TOTPDevice.objects.filter(pk=pk, user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
        request.session[_PENDING] = device.pk
    return device


def totp_qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URI as an inline SVG QR code, drawn on the server."""
    return segno.make(device.config_url, error="m").svg_inline(
        scale=4, border=2, dark="#000", light="#fff"
    )


def totp_secret_text(device: TOTPDevice) -> str:
    """The base32 secret in groups of four, for typing into an app by hand."""
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@transaction.atomic
def totp_confirm(*, request: HttpRequest, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the device with a first code; on success replace any other devices, issue
    fresh recovery codes (returned once), mark the session verified, and audit. None when
    the code is wrong."""
    if not device.verify_token(_digits(token)):
        return None
    user = request.user
    replaced = TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()[0]
    if replaced:
        # A new second factor ends the person's other sessions (ASVS 7.4.3).
        staff_sessions_end(user=user, keep=request.session.session_key)
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = recovery_codes_issue(user=user)
    request.session.pop(_PENDING, None)
    otp_login(request, device)
    audit_record(action="casework.two_factor.enrolled", actor=user, obj=user, request=request)
    return codes


def recovery_codes_issue(*, user: User) -> list[str]:
    """New single-use recovery codes; earlier ones stop working."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    codes = [
        f"{secrets.randbelow(10**5):05d}-{secrets.randbelow(10**5):05d}"
        for _ in range(settings.TWO_FACTOR_RECOVERY_CODES)
    ]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def second_factor_verify(*, request: HttpRequest, token: str) -> bool:
    """Check a TOTP or recovery code for the signed-in user; on success mark the session
    verified. Every attempt is audited; failures count towards nothing else here but the
    view's own limit."""
    user = request.user
    token = token.strip()
    device = None
    totp = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if totp is not None and totp.verify_token(_digits(token)):
        device = totp
    else:
        static = StaticDevice.objects.filter(user=user, confirmed=True).first()
        if static is not None and static.verify_token(token):
            device = static
    audit_record(
        action="casework.two_factor.verified" if device else "casework.two_factor.failed",
        actor=user,
        obj=user,
        request=request,
        detail={"method": "recovery_code" if isinstance(device, StaticDevice) else "totp"}
        if device
        else {},
    )
    if device is None:
        return False
    otp_login(request, device)
    return True


def _digits(token: str) -> str:
    return "".join(ch for ch in token if ch.isdigit())
