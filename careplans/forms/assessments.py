"""Forms of assessments and instruments: parse and shape only; the rules are the services'.
Explicit fields only; a score, band or flag is never a form field."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from careplans.instruments import Instrument
from careplans.models import DOMAINS, Assessment, FlagAction, NeedRating
from careplans.services.assessments import MAX_TEXT, AssessmentInput
from casework.input import CleanForm, text_box

_NEED_CHOICES = [("", _("Not rated yet")), *NeedRating.choices]


class AssessmentForm(CleanForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    assessed_on = forms.DateField(
        label=_("Date of assessment"), widget=forms.DateInput(attrs={"type": "date"})
    )
    summary = text_box(_("Summary"), max_length=MAX_TEXT, rows=3)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for key, _label in DOMAINS:
            self.fields[f"{key}_need"] = forms.ChoiceField(
                label=_("Need"), choices=_NEED_CHOICES, required=False
            )
            self.fields[f"{key}_strengths"] = text_box(_("Strengths"), max_length=MAX_TEXT, rows=2)
            self.fields[f"{key}_notes"] = text_box(_("Notes"), max_length=MAX_TEXT, rows=2)

    def domain_fields(self) -> list[tuple[str, str, list]]:
        """(key, label, [need, strengths, notes bound fields]) for the template."""
        return [
            (key, label, [self[f"{key}_{part}"] for part in ("need", "strengths", "notes")])
            for key, label in DOMAINS
        ]

    @property
    def version_value(self) -> int:
        return self.cleaned_data.get("version") or 0

    def to_input(self) -> AssessmentInput:
        data = self.cleaned_data
        return AssessmentInput(
            assessed_on=data["assessed_on"],
            summary=data.get("summary") or "",
            domains={
                key: {
                    part: data.get(f"{key}_{part}") or "" for part in ("need", "strengths", "notes")
                }
                for key, _label in DOMAINS
            },
        )


def assessment_initial(assessment: Assessment) -> dict:
    initial = {
        "version": assessment.version,
        "assessed_on": assessment.assessed_on,
        "summary": assessment.summary,
    }
    for key, _label in DOMAINS:
        entry = assessment.domains.get(key) or {}
        for part in ("need", "strengths", "notes"):
            initial[f"{key}_{part}"] = entry.get(part, "")
    return initial


class AddendumForm(CleanForm):
    text = text_box(_("Text"), max_length=MAX_TEXT, rows=3, required=True)
    reason = forms.CharField(label=_("Reason"), max_length=300)


class AdministrationForm(CleanForm):
    """One radio group per item of the instrument. Items are optional here: the service
    names each unanswered item the skip logic asks, so the user sees all gaps at once."""

    administered_on = forms.DateField(
        label=_("Date given"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, instrument: Instrument, wording: dict[str, str], **kwargs) -> None:
        kwargs.setdefault("initial", {}).setdefault("administered_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        for n, item in enumerate(instrument.items, start=1):
            self.fields[item.code] = forms.TypedChoiceField(
                label=f"{n}. {item.label}",
                choices=[(o.value, o.label) for o in item.options],
                coerce=int,
                required=False,
                widget=forms.RadioSelect(attrs={"class": "btn-check"}),
                help_text=wording.get(item.code, ""),
            )

    def answers(self) -> dict[str, int | None]:
        return {
            item.code: self.cleaned_data.get(item.code)
            if self.cleaned_data.get(item.code) != ""
            else None
            for item in self.instrument.items
        }

    def raw_answers(self) -> dict[str, str]:
        """The posted answers as given, for the live preview (no validation needed)."""
        return {item.code: self.data.get(item.code, "") for item in self.instrument.items}


class FlagAcknowledgeForm(CleanForm):
    actions = forms.MultipleChoiceField(
        label=_("What was done"),
        choices=FlagAction.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    note = text_box(
        _("Details"),
        max_length=2000,
        rows=3,
        help_text=_("Who did what, and the plan from here. No more detail than needed."),
    )
