from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from casework.clientref import client_model
from casework.input import CleanForm
from casework.security.selectors import SORTS, AuditFilter


class AuditFilterForm(CleanForm):
    """The audit report's filters (a GET form); every field optional."""

    staff = forms.ModelChoiceField(queryset=None, required=False, label=_("Staff member"))
    client = forms.CharField(
        required=False, max_length=40, label=_("Client record number"), strip=True
    )
    action = forms.CharField(
        required=False,
        max_length=80,
        label=_("Action"),
        widget=forms.TextInput(attrs={"placeholder": "clients.client.view"}),
    )
    date_from = forms.DateField(
        required=False, label=_("From"), widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        required=False, label=_("To"), widget=forms.DateInput(attrs={"type": "date"})
    )
    client_id = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    sort = forms.ChoiceField(
        required=False,
        choices=[(k, k) for k in SORTS] + [(f"-{k}", f"-{k}") for k in SORTS],
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, staff, clients, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = staff
        self._clients = clients

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end date is before the start date."))
        record = data.get("client")
        if record:
            found = self._clients.filter(record_number__iexact=record).values_list("pk", flat=True)
            found = list(found[:1])
            if not found:
                self.add_error("client", _("No client you may see has that record number."))
            else:
                data["client_id"] = found[0]
        return data

    def to_filter(self) -> AuditFilter:
        data = self.cleaned_data
        return AuditFilter(
            actor=data.get("staff"),
            client_id=data.get("client_id"),
            action=data.get("action") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            sort=data.get("sort") or "-time",
        )


def visible_clients(viewer):
    return client_model().objects.visible_to(viewer)


class EmergencyAccessForm(CleanForm):
    record_number = forms.CharField(max_length=40, label=_("Client record number"))
    reason = forms.CharField(
        max_length=1000,
        label=_("Why do you need this record now?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Your reason is kept with the access and read by the client's team supervisors."
        ),
    )


class CodeForm(CleanForm):
    code = forms.CharField(
        max_length=20,
        label=_("Code"),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )
