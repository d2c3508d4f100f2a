"""One error summary for every form (GOV.UK's pattern): the frame (base.html) lists, at the
top of the page, each field in error of any bound form or formset the view put in the context,
each a link to its field, whose message stands beside it. A page therefore never needs its own
banner for field errors, and a form cannot forget one (issue #22: an addendum without its
reason showed none). Form-wide errors stay where each form shows them (they have no field to
link to); the summary names fields once each."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms, template
from django.forms.formsets import BaseFormSet

register = template.Library()


@dataclass(frozen=True)
class SummaryLine:
    label: str
    target: str  # the id of the field the link takes the focus to


def _target_id(bound: forms.BoundField) -> str:
    """The element a link can focus: the first box of a group of radios or checkboxes."""
    widget = bound.field.widget
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"{bound.auto_id}_0"
    return bound.auto_id or ""


def _form_lines(form: forms.BaseForm) -> list[SummaryLine]:
    lines: list[SummaryLine] = []
    for name in form.errors:
        if name not in form.fields or isinstance(form.fields[name].widget, forms.HiddenInput):
            continue
        bound = form[name]
        lines.append(SummaryLine(str(bound.label), _target_id(bound)))
    return lines


def summary_lines(values) -> list[SummaryLine]:
    """The fields in error of the bound forms and formsets among `values`, in order."""
    seen: set[int] = set()
    lines: list[SummaryLine] = []
    for value in values:
        if id(value) in seen:
            continue
        seen.add(id(value))
        if isinstance(value, BaseFormSet) and value.is_bound:
            for form in value.forms:
                lines += _form_lines(form)
        elif isinstance(value, forms.BaseForm) and value.is_bound:
            lines += _form_lines(value)
    return lines


@register.inclusion_tag("casework/_error_summary.html", takes_context=True)
def error_summary(context) -> dict:
    return {"lines": summary_lines(context.flatten().values())}
