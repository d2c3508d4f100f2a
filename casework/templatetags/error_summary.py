"""One error summary for every form (GOV.UK's pattern): the frame (base.html) lists, at the
top of the page, each error of any bound form or formset the view put in the context, each
linking to its field. A page therefore never needs its own banner, and a form cannot forget
one (issue #22: an addendum without its reason showed none)."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms, template
from django.forms.formsets import BaseFormSet

register = template.Library()


@dataclass(frozen=True)
class SummaryLine:
    message: str
    label: str = ""
    target: str = ""  # the id of the field to jump to; none for a form-wide error


def _target_id(bound: forms.BoundField) -> str:
    """The element a link can focus: the first box of a group of radios or checkboxes."""
    widget = bound.field.widget
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"{bound.auto_id}_0"
    return bound.auto_id or ""


def _form_lines(form: forms.BaseForm) -> list[SummaryLine]:
    lines: list[SummaryLine] = []
    for name, errors in form.errors.items():
        if name == forms.forms.NON_FIELD_ERRORS or name not in form.fields:
            lines += [SummaryLine(str(e)) for e in errors]
            continue
        bound = form[name]
        if isinstance(bound.field.widget, forms.HiddenInput):
            lines += [SummaryLine(str(e)) for e in errors]
            continue
        lines += [SummaryLine(str(e), str(bound.label), _target_id(bound)) for e in errors]
    return lines


def summary_lines(values) -> list[SummaryLine]:
    """The errors of the bound forms and formsets among `values`, in order, each once."""
    seen: set[int] = set()
    lines: list[SummaryLine] = []
    for value in values:
        if id(value) in seen:
            continue
        seen.add(id(value))
        if isinstance(value, BaseFormSet) and value.is_bound:
            lines += [SummaryLine(str(e)) for e in value.non_form_errors()]
            for form in value.forms:
                lines += _form_lines(form)
        elif isinstance(value, forms.BaseForm) and value.is_bound:
            lines += _form_lines(value)
    return lines


@register.inclusion_tag("casework/_error_summary.html", takes_context=True)
def error_summary(context) -> dict:
    return {"lines": summary_lines(context.flatten().values())}
