"""Writes of the agency admin's pages, each in one transaction and audited."""


class AdministrationError(Exception):
    """A refused change, with the form field it belongs to (None: the whole form)."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


STALE = (
    "Someone else changed this while you were editing. Nothing was saved; your changes are "
    "still in the form. Open it again to see theirs."
)
