from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from casework.input import CleanForm
from reports.period import MAX_DAYS, Period, last_month
from reports.scope import ReportScope


class ReportForm(CleanForm):
    """A report's parameters (a GET form): whose figures and which days, both included."""

    scope = forms.ChoiceField(label=_("Team or program"))
    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To (included)"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, data, *, choices: list[ReportScope], scope: ReportScope):
        default = last_month()
        values = {"scope": scope.key, "start": default.start, "end": default.end}
        if data:
            values.update({k: data[k] for k in ("start", "end") if data.get(k)})
        super().__init__(values)
        self.fields["scope"].choices = [(c.key, c.label) for c in choices]

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                self.add_error("end", _("The end date is before the start date."))
            elif (end - start).days + 1 > MAX_DAYS:
                self.add_error("end", _("A report covers at most %(n)s days.") % {"n": MAX_DAYS})
        return data

    @property
    def period(self) -> Period:
        return Period(self.cleaned_data["start"], self.cleaned_data["end"])
