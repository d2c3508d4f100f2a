"""Quick entry of a visit and its note, and addenda to signed notes. The forms parse; the
rules (future contacts, durations, next-due limits, completeness) live in the services so
every caller gets them."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.input import CleanForm, text_box
from clients.models import NOTE_SECTIONS, AddendumKind, Mode, NoteFormat, Place, Service, Visit
from clients.selectors.visit_defaults import VisitDefaults
from clients.services.visits import VisitInput

# Every section of every format, in an order in which each format's own sections keep their
# order, so one set of fields serves all formats and switching keeps shared sections' text.
SECTION_ORDER = (
    "goal",
    "subjective",
    "objective",
    "behaviour",
    "data",
    "intervention",
    "response",
    "assessment",
    "plan",
    "narrative",
)


def _section_catalogue() -> dict[str, tuple[str, str, list[str]]]:
    """key -> (label, prompt, formats using it)."""
    found: dict[str, tuple[str, str, list[str]]] = {}
    for fmt, sections in NOTE_SECTIONS.items():
        keys = [key for key, _l, _p in sections]
        order = [k for k in SECTION_ORDER if k in keys]
        if order != keys:  # a new format must keep SECTION_ORDER's order
            raise AssertionError(f"SECTION_ORDER does not fit {fmt}")
        for key, label, prompt in sections:
            found.setdefault(key, (label, prompt, []))[2].append(str(fmt))
    return {key: found[key] for key in SECTION_ORDER}


SECTIONS = _section_catalogue()

_BIG = {"class": "form-select form-select-lg"}


class VisitForm(CleanForm):
    contact_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local", "class": "form-control-lg"}, format="%Y-%m-%dT%H:%M"
        ),
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"),
        widget=forms.NumberInput(
            attrs={"inputmode": "numeric", "min": 0, "max": 1440, "class": "form-control-lg"}
        ),
    )
    mode = forms.ChoiceField(
        label=_("Contact mode"), choices=Mode.choices, widget=forms.Select(_BIG)
    )
    place = forms.ChoiceField(label=_("Place"), choices=Place.choices, widget=forms.Select(_BIG))
    services = forms.MultipleChoiceField(
        label=_("Services given"),
        choices=Service.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    is_crisis = forms.BooleanField(
        label=_("Crisis contact"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input", "role": "switch"}),
    )
    note_format = forms.ChoiceField(
        label=_("Note format"),
        choices=NoteFormat.choices,
        widget=forms.Select({**_BIG, "data-note-format": ""}),
    )
    next_contact_due = forms.DateField(
        label=_("Next contact due"),
        required=False,
        widget=forms.DateInput(
            attrs={"type": "date", "class": "form-control-lg"}, format="%Y-%m-%d"
        ),
    )
    goals = forms.MultipleChoiceField(
        label=_("Care-plan goals addressed"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args, standard_days: int = 0, goal_choices: list | None = None, **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        if goal_choices:
            self.fields["goals"].choices = goal_choices
        else:  # no plan in force: nothing to tick, and the marks stay as they are
            del self.fields["goals"]
        for key, (label, prompt, _formats) in SECTIONS.items():
            self.fields[f"note_{key}"] = forms.CharField(
                label=label,
                required=False,
                strip=False,
                max_length=20_000,
                # A draft may leave sections empty; signing needs each of the format's.
                help_text=_("Required to sign."),
                widget=forms.Textarea(attrs={"rows": 4, "placeholder": prompt}),
            )
        # The browser moves the default next-due date along with the contact date.
        self.fields["next_contact_due"].widget.attrs["data-standard-days"] = standard_days
        self.fields["contact_at"].widget.attrs["max"] = timezone.localtime().strftime(
            "%Y-%m-%dT23:59"
        )

    def section_fields(self) -> list[tuple[forms.BoundField, str, bool]]:
        """Each note section's field, the formats using it and whether the chosen one does."""
        chosen = str(self["note_format"].value() or NoteFormat.DAP)
        return [
            (self[f"note_{key}"], " ".join(formats), chosen in formats)
            for key, (_l, _p, formats) in SECTIONS.items()
        ]

    def to_input(self) -> VisitInput:
        data = self.cleaned_data
        return VisitInput(
            contact_at=data["contact_at"],
            duration_minutes=data["duration_minutes"],
            mode=data["mode"],
            place=data["place"],
            services=data["services"],
            is_crisis=data["is_crisis"],
            note_format=data["note_format"],
            note={key: data.get(f"note_{key}") or "" for key in SECTIONS},
            next_contact_due=data["next_contact_due"],
            goals=frozenset(data["goals"]) if "goals" in self.fields else None,
        )

    @property
    def version_value(self) -> int:
        return self.cleaned_data.get("version") or 0


def visit_initial(visit: Visit, *, goals: set[str] | None = None) -> dict:
    """The form's values for a saved draft."""
    initial = {
        "goals": sorted(goals or ()),
        "contact_at": timezone.localtime(visit.contact_at),
        "duration_minutes": visit.duration_minutes,
        "mode": visit.mode,
        "place": visit.place,
        "services": visit.services,
        "is_crisis": visit.is_crisis,
        "note_format": visit.note_format,
        "next_contact_due": visit.next_contact_due,
        "version": visit.version,
    }
    initial.update({f"note_{key}": text for key, text in visit.note.items()})
    return initial


def new_visit_initial(*, defaults: VisitDefaults, next_due: date) -> dict:
    """The selector's defaults (a booking today, else the last contact), editable."""
    return {
        "contact_at": defaults.contact_at,
        "duration_minutes": defaults.duration_minutes,
        "mode": defaults.mode,
        "place": defaults.place,
        "note_format": defaults.note_format,
        "next_contact_due": next_due,
    }


class AddendumForm(CleanForm):
    kind = forms.ChoiceField(
        label=_("What are you adding?"),
        choices=AddendumKind.choices,
        initial=AddendumKind.ADDENDUM,
        widget=forms.RadioSelect,
    )
    text = text_box(
        _("Text"),
        max_length=20_000,
        rows=4,
        help_text=_("Dated now and shown under the original, which stays as it was."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=300,
        help_text=_("Required for an addendum, a correction and entered in error."),
    )
