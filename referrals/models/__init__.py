"""The referrals app's data: closed-loop referrals to the directory's services."""

from referrals.models.referral import (
    AWAITING_STATUSES,
    CLOSED_STATUSES,
    NEED_DOMAINS,
    OPEN_STATUSES,
    REFERRAL_CATEGORIES,
    EventKind,
    FollowUpContact,
    Referral,
    ReferralEvent,
    ReferralStatus,
    Urgency,
)

__all__ = [
    "AWAITING_STATUSES",
    "CLOSED_STATUSES",
    "NEED_DOMAINS",
    "OPEN_STATUSES",
    "REFERRAL_CATEGORIES",
    "EventKind",
    "FollowUpContact",
    "Referral",
    "ReferralEvent",
    "ReferralStatus",
    "Urgency",
]
