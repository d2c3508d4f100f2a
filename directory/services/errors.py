from __future__ import annotations

from casework.errors import ServiceError


class DirectoryError(ServiceError):
    """A rule refused the change; the message is for the user, the field (if any) is where
    the form shows it."""


class StaleEntryError(DirectoryError):
    """Someone else saved the entry after this form was opened; their change stays."""


class DirectoryRowError(DirectoryError):
    """A rule refused one row of a list edited together (a service's contacts, fees,
    documents): `rows` names the list, `index` the row in it, `field` the field."""

    def __init__(self, message: str, *, rows: str, index: int, field: str | None = None) -> None:
        super().__init__(message, field=field)
        self.rows = rows
        self.index = index
