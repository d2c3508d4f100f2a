from __future__ import annotations

from casework.errors import ServiceError


class ClientRecordError(ServiceError):
    """A rule refused the change; the message is for the user, the field (if any) is where
    the form shows it."""


class StaleRecordError(ClientRecordError):
    """Someone else saved the record after this form was opened; their change stays."""
