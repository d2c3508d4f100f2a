"""Writes of the agency admin's pages, each in one transaction and audited."""

from casework.errors import ServiceError


class AdministrationError(ServiceError):
    """A refused change, with the form field it belongs to (None: the whole form)."""


STALE = (
    "Someone else changed this while you were editing. Nothing was saved; your changes are "
    "still in the form. Open it again to see theirs."
)
