"""Forms of the care plan: parse and shape only; the rules are the services'."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from careplans.models import (
    DOMAINS,
    AgreementMethod,
    AgreementStatus,
    CarePlan,
    Goal,
    ObjectiveStatus,
    ParticipantKind,
    Responsible,
    ReviewDecision,
    ReviewReason,
)
from careplans.models.plan import ADVANCE_FIELDS, CRISIS_FIELDS  # noqa: F401 (the plan page)
from careplans.services.plans import (
    MAX_TEXT,
    PLAN_TEXT_FIELDS,
    GoalInput,
    InterventionInput,
    ObjectiveInput,
    PlanInput,
)
from casework.input import CleanForm, text_box
from clients.models import RelatedPerson


def _text(label, rows=2, required=False, help_text=""):
    return text_box(label, max_length=MAX_TEXT, rows=rows, required=required, help_text=help_text)


class VersionForm(CleanForm):
    """The plan version a page was opened at (for the stale-save check)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class PlanForm(VersionForm):
    summary = _text(_("What the client wants from this plan (their words)"), rows=3)
    agreement = forms.ChoiceField(
        label=_("Client's agreement"),
        choices=AgreementStatus.choices,
        widget=forms.RadioSelect,
        initial=AgreementStatus.PENDING,
    )
    agreement_method = forms.ChoiceField(
        label=_("How they signed"), choices=[("", "—"), *AgreementMethod.choices], required=False
    )
    agreement_on = forms.DateField(
        label=_("Date signed"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    not_signed_reason = forms.CharField(
        label=_("Why the client did not sign"), max_length=500, required=False
    )
    warning_signs = _text(_("Warning signs that a crisis may be coming"))
    coping_alone = _text(_("Things I can do on my own to feel better"))
    helpful_people_places = _text(_("People and places that help me"))
    whom_to_call = _text(
        _("Whom to call"),
        help_text=_("Include the local crisis line and 988 (Suicide & Crisis Lifeline)."),
    )
    safer_surroundings = _text(_("Making my surroundings safer"))
    reasons_for_living = _text(_("My reasons for living"))
    treatment_preferences = _text(_("Treatment preferences (what helps, what to avoid)"))
    people_to_contact = _text(_("People to contact"))
    dependants_and_pets = _text(_("Arrangements for dependent children and pets"))

    def to_input(self) -> PlanInput:
        data = self.cleaned_data
        return PlanInput(
            texts={name: data.get(name) or "" for name in PLAN_TEXT_FIELDS},
            agreement=data["agreement"],
            agreement_method=data.get("agreement_method") or "",
            agreement_on=data.get("agreement_on"),
            not_signed_reason=data.get("not_signed_reason") or "",
        )


def plan_initial(plan: CarePlan) -> dict:
    initial = {name: getattr(plan, name) for name in PLAN_TEXT_FIELDS}
    initial.update(
        version=plan.version,
        agreement=plan.agreement,
        agreement_method=plan.agreement_method,
        agreement_on=plan.agreement_on,
        not_signed_reason=plan.not_signed_reason,
    )
    return initial


class GoalForm(VersionForm):
    client_words = _text(
        _("The goal, in the client's own words"),
        rows=2,
        required=True,
        help_text=_("Write it as they say it, e.g. “I want my own place by the summer.”"),
    )
    needs = forms.MultipleChoiceField(
        label=_("Needs this goal answers (from the assessment)"),
        choices=DOMAINS,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )


class ObjectiveForm(CleanForm):
    text = forms.CharField(label=_("Measurable objective"), max_length=500, required=False)
    target_date = forms.DateField(
        label=_("Target date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=ObjectiveStatus.choices, initial=ObjectiveStatus.NOT_STARTED
    )
    discontinued_reason = forms.CharField(
        label=_("Why discontinued"), max_length=300, required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("text") and not data.get("target_date"):
            self.add_error("target_date", _("Give a target date."))
        if data.get("target_date") and not data.get("text"):
            self.add_error("text", _("Say what will be achieved."))
        return data


class InterventionForm(CleanForm):
    what = forms.CharField(label=_("What will be done"), max_length=500, required=False)
    responsible = forms.ChoiceField(label=_("Who is responsible"), choices=Responsible.choices)
    responsible_name = forms.CharField(label=_("Name (optional)"), max_length=150, required=False)
    frequency = forms.CharField(label=_("How often"), max_length=150, required=False)

    def clean(self):
        data = super().clean()
        if data.get("what") and not data.get("frequency"):
            self.add_error("frequency", _("Say how often."))
        return data


ObjectiveFormSet = forms.formset_factory(ObjectiveForm, extra=0, max_num=20, absolute_max=20)
InterventionFormSet = forms.formset_factory(InterventionForm, extra=0, max_num=20, absolute_max=20)
BLANK_ROWS = 2


def _rows_initial(form_class: type[forms.Form], rows) -> list[dict]:
    """A formset's initial data: each saved row's values of the form's own fields, so a field
    added to the form is filled without a second list to keep in step."""
    return [{name: getattr(row, name) for name in form_class.base_fields} for row in rows]


def goal_forms(data=None, *, goal: Goal | None = None, version: int | None = None):
    """The goal form and its two formsets, bound to `data` or filled from `goal`."""
    if data is not None:
        return (
            GoalForm(data),
            ObjectiveFormSet(data, prefix="objectives"),
            InterventionFormSet(data, prefix="interventions"),
        )
    objectives, interventions = [], []
    initial = {"version": version}
    if goal is not None:
        initial.update(client_words=goal.client_words, needs=goal.needs)
        objectives = _rows_initial(ObjectiveForm, goal.objectives.all())
        interventions = _rows_initial(InterventionForm, goal.interventions.all())
    blank_objective = {"status": ObjectiveStatus.NOT_STARTED}
    blank_intervention = {"responsible": Responsible.STAFF}
    return (
        GoalForm(initial=initial),
        ObjectiveFormSet(initial=objectives + [blank_objective] * BLANK_ROWS, prefix="objectives"),
        InterventionFormSet(
            initial=interventions + [blank_intervention] * BLANK_ROWS, prefix="interventions"
        ),
    )


def goal_input(form: GoalForm, objectives, interventions) -> GoalInput:
    return GoalInput(
        client_words=form.cleaned_data["client_words"],
        needs=tuple(form.cleaned_data["needs"]),
        objectives=tuple(
            ObjectiveInput(
                text=row["text"],
                target_date=row["target_date"],
                status=row["status"],
                discontinued_reason=row.get("discontinued_reason") or "",
            )
            for row in objectives.cleaned_data
            if row.get("text")
        ),
        interventions=tuple(
            InterventionInput(
                what=row["what"],
                responsible=row["responsible"],
                responsible_name=row.get("responsible_name") or "",
                frequency=row["frequency"],
            )
            for row in interventions.cleaned_data
            if row.get("what")
        ),
    )


class ParticipantForm(VersionForm):
    kind = forms.ChoiceField(label=_("Who took part"), choices=ParticipantKind.choices)
    person = forms.ModelChoiceField(
        label=_("Person from the client's record"),
        queryset=RelatedPerson.objects.none(),
        required=False,
    )
    name = forms.CharField(label=_("Name"), max_length=150, required=False)
    role = forms.CharField(label=_("Role or relationship"), max_length=150, required=False)

    def __init__(self, *args, client=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if client is not None:
            self.fields["person"].queryset = RelatedPerson.objects.filter(
                client=client, is_active=True
            ).order_by("full_name")


class ReviewForm(CleanForm):
    reviewed_on = forms.DateField(
        label=_("Date of review"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.ChoiceField(
        label=_("Why now"), choices=ReviewReason.choices, initial=ReviewReason.SCHEDULED
    )
    decision = forms.ChoiceField(
        label=_("Decision"), choices=ReviewDecision.choices, widget=forms.RadioSelect
    )
    next_due = forms.DateField(
        label=_("Next review due"),
        required=False,
        help_text=_("Leave empty for the program's usual interval."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, goals=(), **kwargs) -> None:
        kwargs.setdefault("initial", {"reviewed_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.goal_fields = []
        for goal in goals:
            name = f"progress_{goal.pk}"
            self.fields[name] = _text(_("Progress on “%(g)s”") % {"g": str(goal)})
            self.goal_fields.append((goal, name))

    def progress(self) -> dict[int, str]:
        return {goal.pk: self.cleaned_data.get(name) or "" for goal, name in self.goal_fields}
