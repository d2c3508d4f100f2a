from __future__ import annotations

from casework.errors import ServiceError


class AssessmentError(ServiceError):
    """A rule refused the change; the message is for the user, `field` (if any) is where the
    form shows it, `errors` holds one message per field when several are wrong at once."""


class StaleAssessmentError(AssessmentError):
    """Someone saved the draft after this form was opened; their change stays."""


class PlanError(AssessmentError):
    """A care-plan rule refused the change (same shape as AssessmentError)."""


class StalePlanError(PlanError):
    """Someone saved the plan after this form was opened; their change stays, and the refused
    text goes back to the person whose save was refused."""
