"""Invitations: a one-time link to set one's password, through Django's password-reset token
machinery with a salt of its own and a 72-hour life.

The token hashes the account's password field, so it dies the moment a password is set, and
when an invitation is sent again (which gives the account a fresh unusable password). Setting
the password signs nobody in: the person signs in next, and with REQUIRE_2FA on the sign-in
enrols their authenticator app before anything else opens (casework.middleware).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes, force_str
from django.utils.http import base36_to_int, urlsafe_base64_decode, urlsafe_base64_encode

from administration.models import INVITATION_HOURS
from casework.audit import audit_record
from casework.models import AgencyStaff, User


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """Password-reset tokens of their own kind: a reset link is no invitation, nor the
    reverse. Both limits hold: PASSWORD_RESET_TIMEOUT (Django's) and INVITATION_HOURS."""

    key_salt = "administration.services.invitations.InvitationTokenGenerator"

    def check_token(self, user: User | None, token: str | None) -> bool:
        if not super().check_token(user, token):
            return False
        issued = base36_to_int(token.split("-")[0])
        return self._num_seconds(self._now()) - issued <= INVITATION_HOURS * 3600


invitation_tokens = InvitationTokenGenerator()


def invitation_path(user: User) -> str:
    """The path of a fresh link for the user (its host comes from SITE_URL or the request)."""
    return reverse(
        "administration:welcome",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": invitation_tokens.make_token(user),
        },
    )


def invitation_user(*, uidb64: str, token: str) -> User | None:
    """The active account a link belongs to while it is valid and unused, else None."""
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError):
        return None
    user = User.objects.filter(pk=pk, is_active=True).first()
    if user is None or not invitation_tokens.check_token(user, token):
        return None
    return user


def invitation_renew(*, user: User) -> None:
    """Kill every earlier link (a new unusable password changes the token's hash) and date
    the invitation now. Only for a person who has not set a password yet."""
    user.set_unusable_password()
    user.save(update_fields=["password"])
    AgencyStaff.objects.filter(user=user).update(invited_at=timezone.now())


def invitation_email(*, user: User, base_url: str) -> None:
    """Send the link. The message names the agency and the person, nothing about clients."""
    place = AgencyStaff.objects.filter(user=user).select_related("agency").first()
    agency = place.agency.name if place else "your agency"
    context = {
        "user": user,
        "agency": agency,
        "link": base_url.rstrip("/") + invitation_path(user),
        "hours": INVITATION_HOURS,
    }
    send_mail(
        subject=f"Your Casework account at {agency}",
        message=render_to_string("administration/invitation_email.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[user.email],
    )


def invitation_accept(*, user: User, password: str) -> None:
    """Set the password the person chose (already validated by the form) and note that they
    joined. Two-factor enrolment follows at their first sign-in."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        user.set_password(password)
        user.save(update_fields=["password"])
        places = AgencyStaff.objects.filter(user=user, joined_at__isnull=True)
        agency_id = places.values_list("agency_id", flat=True).first()
        places.update(joined_at=timezone.now())
        audit_record(
            action="casework.user.invitation_accepted",
            actor=user,
            obj=user,
            agency_id=agency_id,
        )
