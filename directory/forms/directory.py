"""Directory forms: explicit fields only (never __all__); each edit form carries the version
it was read at, so a stale save is refused and the typed text stays on the page."""

from __future__ import annotations

from functools import partial

from django import forms

from casework.input import CleanForm, CleanModelForm
from directory.models import LANGUAGES, Location, Organization, Service, ServiceStatus, Weekday
from directory.selectors.directory import DirectoryQuery, FilterOptions
from directory.services.directory import (
    ADDRESS_FIELDS,
    LOCATION_FIELDS,
    ORGANIZATION_FIELDS,
    SERVICE_FIELDS,
    ServiceLinks,
)

_TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class OrganizationForm(CleanModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Organization
        fields = ORGANIZATION_FIELDS
        widgets = {"name": forms.TextInput, "description": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"website": partial(forms.URLField, assume_scheme="https")}

    def details(self) -> dict:
        return {name: self.cleaned_data[name] for name in ORGANIZATION_FIELDS}


class ServiceForm(CleanModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    categories = forms.TypedMultipleChoiceField(
        coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    languages = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)
    areas = forms.CharField(
        label="Service areas",
        required=False,
        max_length=500,
        help_text="Where clients may live, separated by commas: Harbor District, Eastside.",
    )
    phone = forms.CharField(
        max_length=40, required=False, widget=forms.TextInput(attrs={"type": "tel"})
    )

    class Meta:
        model = Service
        fields = SERVICE_FIELDS
        widgets = {
            "name": forms.TextInput,
            "description": forms.Textarea(attrs={"rows": 3}),
            "application_process": forms.Textarea(attrs={"rows": 2}),
            "eligibility_description": forms.Textarea(attrs={"rows": 2}),
            "fees_description": forms.Textarea(attrs={"rows": 2}),
            "interpretation_services": forms.Textarea(attrs={"rows": 2}),
            "alert": forms.Textarea(attrs={"rows": 2}),
        }
        field_classes = {"url": partial(forms.URLField, assume_scheme="https")}
        help_texts = {
            "status": "Deactivate from the service's page; inactive services leave search.",
            "alert": "Shown in red on the service's page (for example: closed for repairs).",
        }

    def __init__(self, *args, categories, extra_languages=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["categories"].choices = list(categories)
        for name in ("categories", "languages"):
            self.fields[name].widget.attrs["class"] = "form-check-input"
        known = dict(LANGUAGES)
        choices = list(LANGUAGES) + [(c, c) for c in extra_languages if c not in known]
        self.fields["languages"].choices = choices
        self.fields["status"].choices = [
            c for c in ServiceStatus.choices if c[0] != ServiceStatus.INACTIVE
        ] + ([(ServiceStatus.INACTIVE, "Inactive")] if self.instance.pk else [])
        for day in Weekday:
            code = day.value.lower()
            self.fields[f"{code}_opens"] = forms.TimeField(
                label=f"{day.label} opens", required=False, widget=_TIME
            )
            self.fields[f"{code}_closes"] = forms.TimeField(
                label=f"{day.label} closes", required=False, widget=_TIME
            )

    def hour_rows(self):
        """(day label, opens field, closes field) for the hours table."""
        return [
            (day.label, self[f"{day.value.lower()}_opens"], self[f"{day.value.lower()}_closes"])
            for day in Weekday
        ]

    def clean(self):
        data = super().clean()
        for day in Weekday:
            code = day.value.lower()
            opens, closes = data.get(f"{code}_opens"), data.get(f"{code}_closes")
            if (opens is None) != (closes is None):
                self.add_error(f"{code}_closes", "Give both the opening and the closing time.")
            elif opens is not None and opens >= closes:
                self.add_error(f"{code}_closes", "Closing time must be after opening time.")
        return data

    def details(self) -> dict:
        return {name: self.cleaned_data[name] for name in SERVICE_FIELDS}

    def links(self) -> ServiceLinks:
        data = self.cleaned_data
        hours = {}
        for day in Weekday:
            code = day.value.lower()
            if data.get(f"{code}_opens") and data.get(f"{code}_closes"):
                hours[day.value] = (data[f"{code}_opens"], data[f"{code}_closes"])
        return ServiceLinks(
            categories=data["categories"],
            languages=data["languages"],
            areas=[a for a in data["areas"].split(",")],
            phone=data["phone"],
            hours=hours,
        )

    @staticmethod
    def initial_for(service: Service, links: ServiceLinks) -> dict:
        initial = {
            "version": service.version,
            "categories": links.categories,
            "languages": links.languages,
            "areas": ", ".join(links.areas),
            "phone": links.phone,
        }
        for day, (opens, closes) in links.hours.items():
            initial[f"{day.lower()}_opens"] = opens
            initial[f"{day.lower()}_closes"] = closes
        return initial


class LocationForm(CleanModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    address_1 = forms.CharField(label="Street address", max_length=200, required=False)
    address_2 = forms.CharField(label="Address line 2", max_length=200, required=False)
    city = forms.CharField(max_length=100, required=False)
    state_province = forms.CharField(label="State", max_length=100, required=False)
    postal_code = forms.CharField(label="ZIP code", max_length=20, required=False)
    services = forms.TypedMultipleChoiceField(
        label="Services offered here",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Location
        fields = LOCATION_FIELDS
        widgets = {
            "name": forms.TextInput,
            "description": forms.Textarea(attrs={"rows": 2}),
            "transportation": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, services, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].required = True
        self.fields["services"].choices = list(services)

    def details(self) -> dict:
        return {name: self.cleaned_data[name] for name in LOCATION_FIELDS}

    def address(self) -> dict:
        return {name: self.cleaned_data[name] for name in ADDRESS_FIELDS}


class DirectorySearchForm(CleanForm):
    q = forms.CharField(label="Search", required=False, max_length=100)
    category = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)
    language = forms.ChoiceField(required=False)
    area = forms.ChoiceField(label="Service area", required=False)
    open_now = forms.BooleanField(label="Open now", required=False)
    accepting = forms.BooleanField(label="Accepting referrals", required=False)
    inactive = forms.BooleanField(label="Include inactive", required=False)

    def __init__(self, *args, options: FilterOptions, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "Any category"), *options.categories]
        self.fields["language"].choices = [("", "Any language"), *options.languages]
        self.fields["area"].choices = [("", "Any area"), *((a, a) for a in options.areas)]
        for name in ("category", "language", "area"):
            self.fields[name].widget.attrs["class"] = "form-select"
        for name in ("open_now", "accepting", "inactive"):
            self.fields[name].widget.attrs["class"] = "form-check-input"

    def query(self) -> DirectoryQuery:
        if not self.is_valid():
            # Another field is wrong: still search for the text, if the text itself is clean.
            return DirectoryQuery(text=self.cleaned_data.get("q", "")[:100])
        data = self.cleaned_data
        return DirectoryQuery(
            text=data["q"],
            category=data["category"],
            language=data["language"],
            area=data["area"],
            open_now=data["open_now"],
            accepting=data["accepting"],
            include_inactive=data["inactive"],
        )


class ImportForm(CleanForm):
    package = forms.FileField(
        label="HSDS package",
        help_text="A zip of CSV files (organizations.csv, services.csv … with or without "
        "datapackage.json), one CSV file, or JSON in any HSDS shape; at most 10 MB.",
    )
    dry_run = forms.BooleanField(
        label="Check only: list the problems and warnings, import nothing", required=False
    )


class ExportForm(CleanForm):
    format = forms.ChoiceField(
        choices=[
            ("csv", "CSV package: a zip with one file per table"),
            ("json", "JSON: one HSDS 3.0 file, organisations holding their services and locations"),
        ],
        widget=forms.RadioSelect,
    )
