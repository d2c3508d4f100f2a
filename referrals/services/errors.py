from __future__ import annotations


class ReferralError(Exception):
    """A referral rule refused the change; the message is for the user, the field (if any) is
    where the form shows it."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class StaleReferralError(ReferralError):
    """Someone else changed the referral after this page was opened; their change stays."""
