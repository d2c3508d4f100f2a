from __future__ import annotations


class SupervisionError(Exception):
    """A refused action; the message is for the user, `field` is where the form shows it."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
