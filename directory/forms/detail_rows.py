"""Pages that edit lists of rows together (a service's contacts, fees and documents; an
organisation's contacts): one small form a row, a formset a list, and the parent's version.
The forms check types and lengths; the rules are the services' (directory.services), whose
refusals land at the row and field they name."""

from __future__ import annotations

from functools import partial
from typing import Any

from django import forms

from casework.errors import show_on_form
from casework.input import CleanForm
from directory.services.errors import DirectoryError, DirectoryRowError


class Row(CleanForm):
    pk = forms.IntegerField(widget=forms.HiddenInput, required=False)


row_formset = partial(
    forms.formset_factory, extra=1, can_delete=True, max_num=50, validate_max=True
)


class VersionForm(CleanForm):
    """The parent's version the page was read at: a stale save is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class RowLists:
    """The page's forms: the version, and a formset a list, bound or not. Subclasses name
    their lists in `lists`: (name, formset class, prefix)."""

    lists: tuple[tuple[str, type[forms.BaseFormSet], str], ...] = ()

    def __init__(self, data: Any, *, initial: dict[str, list], version: int) -> None:
        self.head = VersionForm(data, initial={"version": version})
        self.formsets = {
            name: formset(data, initial=initial[name], prefix=prefix)
            for name, formset, prefix in self.lists
        }
        # The forms whose rows went to the service, per list, to place its refusals.
        self._sent: dict[str, list[forms.Form]] = {}

    def __getitem__(self, name: str):
        return self.formsets[name]

    def is_valid(self) -> bool:
        return all([self.head.is_valid(), *(f.is_valid() for f in self.formsets.values())])

    @property
    def version(self) -> int:
        return self.head.cleaned_data["version"]

    def rows(self) -> dict[str, list[dict[str, Any]]]:
        """The rows to keep, per list: every filled form not marked for removal."""
        rows: dict[str, list[dict[str, Any]]] = {}
        for name, formset in self.formsets.items():
            sent = [
                form
                for form in formset.forms
                if form.cleaned_data
                and not form.cleaned_data.get("DELETE")
                and (form.cleaned_data.get("pk") is not None or form.has_changed())
            ]
            self._sent[name] = sent
            rows[name] = [
                {k: v for k, v in form.cleaned_data.items() if k != "DELETE"} for form in sent
            ]
        return rows

    def refuse(self, error: DirectoryError) -> None:
        """Show a service's refusal at the row and field it names, else at the top."""
        if isinstance(error, DirectoryRowError):
            form = self._sent[error.rows][error.index]
            show_on_form(form, error)
        else:
            self.head.add_error(None, error.message)
