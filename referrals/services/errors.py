from __future__ import annotations

from casework.errors import ServiceError


class ReferralError(ServiceError):
    """A referral rule refused the change; the message is for the user, the field (if any) is
    where the form shows it."""


class StaleReferralError(ReferralError):
    """Someone else changed the referral after this page was opened; their change stays."""
