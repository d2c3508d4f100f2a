"""Failed sign-ins and lockouts in the audit trail, where they outlast django-axes' records.

django-axes counts failures in `AccessAttempt` rows, and deletes them at the next successful
sign-in (AXES_RESET_ON_SUCCESS) or when an admin unlocks: fine for counting, useless as
history. Its handler (AXES_HANDLER, the extension point axes offers) is the one place that
knows, per attempt, whether it failed, locked the account or was refused during a lockout, so
`AuditedAxesHandler` writes each as an audit event: the account tried (when it exists), the
address typed, the client's address and the time.
"""

from __future__ import annotations

from axes.handlers.database import AxesDatabaseHandler
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.http import HttpRequest

from casework.agency_staff import AgencyStaff
from casework.audit import audit_record
from casework.models import Membership, User

SIGNIN_FAILED = "casework.signin.failed"
SIGNIN_LOCKED_OUT = "casework.signin.locked_out"
SIGNIN_REFUSED_LOCKED = "casework.signin.refused_locked"
SIGNIN_ACTIONS = "casework.signin."  # the prefix of the three

_WORDS = {
    SIGNIN_FAILED: "Failed sign-in as {email}",
    SIGNIN_LOCKED_OUT: "Locked out of signing in as {email} after {failures} failed attempts",
    SIGNIN_REFUSED_LOCKED: "Sign-in as {email} refused: locked out",
    "casework.user.unlocked": "Unlocked signing in",
}


def in_words(event) -> str:
    """What an audit event says, in words, where its code alone would not tell a reviewer;
    "" for the others."""
    words = _WORDS.get(event.action)
    if words is None:
        return ""
    detail = event.detail or {}
    return words.format(
        email=detail.get("email") or "something not an e-mail address",
        failures=detail.get("failures", "repeated"),
    )


def _typed_address(credentials: dict | None) -> str:
    """The e-mail address typed, if it is one: anything else (a password typed in the wrong
    box, say) is not kept."""
    value = str((credentials or {}).get("username") or "").strip().lower()[:254]
    try:
        validate_email(value)
    except ValidationError:
        return ""
    return value


def _agency_of(user: User) -> int | None:
    """The agency whose compliance reviewers see the account's sign-ins."""
    place = AgencyStaff.objects.filter(user=user).order_by("pk").values("agency_id").first()
    if place is not None:
        return place["agency_id"]
    team = Membership.objects.filter(user=user).order_by("pk").values("team__agency_id").first()
    return team["team__agency_id"] if team is not None else None


def signin_failure_record(
    *, request: HttpRequest, credentials: dict | None, action: str, failures: int | None
) -> None:
    address = _typed_address(credentials)
    account = User.objects.filter(email__iexact=address).first() if address else None
    detail: dict = {"email": address} if address else {"email_invalid": True}
    if failures is not None:
        detail["failures"] = failures
    audit_record(
        action=action,
        obj=account,
        agency_id=_agency_of(account) if account is not None else None,
        request=request,
        detail=detail,
    )


class AuditedAxesHandler(AxesDatabaseHandler):
    """django-axes' database handler, with every failure and lockout audited."""

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        if request is None:
            return super().user_login_failed(sender, credentials, request, **kwargs)
        # Axes counts an attempt during a lockout as one more failure (and locks again): tell
        # it apart by asking first, once expired lockouts are cleared as axes itself does.
        self.clean_expired_user_attempts(request, credentials)
        was_locked = self.is_locked(request, credentials)
        super().user_login_failed(sender, credentials, request, **kwargs)
        if was_locked:
            signin_failure_record(
                request=request,
                credentials=credentials,
                action=SIGNIN_REFUSED_LOCKED,
                failures=None,
            )
            return
        failures = getattr(request, "axes_failures_since_start", None)
        signin_failure_record(
            request=request, credentials=credentials, action=SIGNIN_FAILED, failures=failures
        )
        if getattr(request, "axes_locked_out", False):
            signin_failure_record(
                request=request,
                credentials=credentials,
                action=SIGNIN_LOCKED_OUT,
                failures=failures,
            )
