"""The staff profile form: languages, service areas, one row per specialty (trained on,
expires on) and a caseload limit per program of the person's teams."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from casework.input import CleanForm
from casework.models import Program, ServiceArea
from casework.staffing.models import Specialty, StaffTraining
from casework.staffing.services import TrainingInput


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class StaffProfileForm(CleanForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    languages = forms.CharField(
        label="Languages spoken",
        max_length=300,
        required=False,
        help_text="Separated by commas, English included: for example English, Spanish.",
    )
    service_areas = forms.ModelMultipleChoiceField(
        queryset=ServiceArea.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Service areas covered",
    )

    def __init__(
        self,
        *args: Any,
        agency_ids: Any,
        programs: list[Program],
        trainings: list[StaffTraining],
        initial_areas: list[int],
        languages: list[str],
        limits: dict[int, int],
        version: int | None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.programs = programs
        areas = ServiceArea.objects.filter(agency_id__in=agency_ids).order_by("name")
        self.fields["service_areas"].queryset = areas
        self.fields["service_areas"].choices = [(a.pk, a.name) for a in areas]
        self.initial.update(
            version=version, languages=", ".join(languages), service_areas=initial_areas
        )
        held = {t.specialty: t for t in trainings}
        for value, label in Specialty.choices:
            self.fields[f"{value}_trained"] = forms.BooleanField(label=label, required=False)
            self.fields[f"{value}_certified_on"] = forms.DateField(
                label="Trained on", required=False, widget=DateInput()
            )
            self.fields[f"{value}_expires_on"] = forms.DateField(
                label="Expires on", required=False, widget=DateInput()
            )
            if value in held:
                self.initial[f"{value}_trained"] = True
                self.initial[f"{value}_certified_on"] = held[value].certified_on
                self.initial[f"{value}_expires_on"] = held[value].expires_on
        for program in programs:
            name = f"limit_{program.pk}"
            self.fields[name] = forms.IntegerField(
                label=f"Caseload limit in {program.name}",
                required=False,
                min_value=1,
                max_value=200,
                help_text=f"Empty: the program's {program.caseload_ratio}.",
            )
            self.initial[name] = limits.get(program.pk)

    def specialty_rows(self) -> list[tuple[str, Any, Any, Any]]:
        return [
            (label, self[f"{v}_trained"], self[f"{v}_certified_on"], self[f"{v}_expires_on"])
            for v, label in Specialty.choices
        ]

    def limit_fields(self) -> list[Any]:
        return [self[f"limit_{p.pk}"] for p in self.programs]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        today = timezone.localdate()
        for value, _label in Specialty.choices:
            if not data.get(f"{value}_trained"):
                continue
            certified = data.get(f"{value}_certified_on")
            expires = data.get(f"{value}_expires_on")
            if certified is None:
                self.add_error(f"{value}_certified_on", "Enter when the training was done.")
            elif certified > today:
                self.add_error(f"{value}_certified_on", "The date cannot be in the future.")
            elif expires is not None and expires <= certified:
                self.add_error(f"{value}_expires_on", "The expiry must be after the training.")
        return data

    def trainings(self) -> list[TrainingInput]:
        return [
            TrainingInput(
                specialty=v,
                certified_on=self.cleaned_data[f"{v}_certified_on"],
                expires_on=self.cleaned_data.get(f"{v}_expires_on"),
            )
            for v, _label in Specialty.choices
            if self.cleaned_data.get(f"{v}_trained")
        ]

    def languages_list(self) -> list[str]:
        return [part for part in self.cleaned_data["languages"].split(",") if part.strip()]

    def limits(self) -> dict[Program, int | None]:
        return {p: self.cleaned_data.get(f"limit_{p.pk}") for p in self.programs}
