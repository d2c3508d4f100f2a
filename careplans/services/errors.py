from __future__ import annotations


class AssessmentError(Exception):
    """A rule refused the change; the message is for the user, `field` (if any) is where the
    form shows it, `errors` holds one message per field when several are wrong at once."""

    def __init__(
        self, message: str, *, field: str | None = None, errors: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.errors = errors or {}


class StaleAssessmentError(AssessmentError):
    """Someone saved the draft after this form was opened; their change stays."""


class PlanError(AssessmentError):
    """A care-plan rule refused the change (same shape as AssessmentError)."""


class StalePlanError(PlanError):
    """Someone saved the plan after this form was opened; their change stays, and the refused
    text goes back to the person whose save was refused."""
