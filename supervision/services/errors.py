from __future__ import annotations

from casework.errors import ServiceError


class SupervisionError(ServiceError):
    """A refused action; the message is for the user, `field` is where the form shows it."""
