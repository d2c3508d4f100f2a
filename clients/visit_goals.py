"""The seam through which the care plan puts its goals on the visit form (issue #22: "goals
addressed" ticked while the note is written, not only after signing) without `clients`
importing it. The care-plans app registers, in its AppConfig.ready():

    visit_goals.register(choices=..., marked=..., record=...)

- choices(client) -> [(value, label)]: the goals of the plan in force, none without one;
- marked(visit) -> set of values already recorded for the contact;
- record(visit=, editor=, values=): replaces the marks; the visit services call it inside
  their own transaction, so the note and its goals are saved (or refused) together.
With nothing registered the form shows no goals and nothing is recorded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class GoalSource:
    choices: Callable
    marked: Callable
    record: Callable


_source: list[GoalSource] = []


def register(*, choices: Callable, marked: Callable, record: Callable) -> None:
    _source[:] = [GoalSource(choices=choices, marked=marked, record=record)]


def choices_for(client) -> list[tuple[str, str]]:
    return list(_source[0].choices(client)) if _source else []


def marked_for(visit) -> set[str]:
    return set(_source[0].marked(visit)) if _source else set()


def record(*, visit, editor, values: set[str] | None) -> None:
    """Record the goals ticked on the form; None (no goals offered) leaves them alone."""
    if _source and values is not None:
        _source[0].record(visit=visit, editor=editor, values=values)
