"""Extension point: other apps add sections to a team's dashboard, and hints to the
reassign form, without supervision importing them.

Sections. In your AppConfig.ready():

    from supervision import sections
    sections.register(my_section, order=50)

`my_section(request, view, rows) -> sections.Section | None` gets the request, the
`supervision.scope.TeamView` (team, and `clinical`: False for an agency admin, who must see no
client) and the dashboard's `StaffRow`s (case manager and figures). It returns a template and
its context, or None to show nothing (for example for a team without data). It must cost a
constant number of queries (one is typical: ask for every case manager at once), because
tests/supervision/test_dashboard_queries.py holds the whole page to a fixed budget.
Sections render after the table, before the charts; the template gets `section` (the
context) and `team`. `supervision/_section.html` is a ready-made one: a titled card of lines,
`Section(template="supervision/_section.html", context={"title": ..., "lines": [(label,
value, url)], "note": ...})`.

Staff hints. `sections.register_staff_hints(my_hints)` with
`my_hints(team, staff: list[User]) -> dict[user id, StaffHint]`: the reassign form orders the
people by `rank` (lower first; those without a hint last, by name) and shows `note` beside the
name ("3 under ratio", "training lapsed"). One query for the whole list.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest

from casework.models import Team, User


@dataclass(frozen=True)
class Section:
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    title: str = ""


SectionFactory = Callable[[HttpRequest, Any, Sequence[Any]], "Section | None"]
_sections: list[tuple[int, SectionFactory]] = []


def register(factory: SectionFactory, *, order: int = 50) -> None:
    if all(f is not factory for _, f in _sections):
        _sections.append((order, factory))
        _sections.sort(key=lambda item: item[0])


def sections_for(request: HttpRequest, view, rows) -> list[Section]:
    return [s for _, factory in _sections if (s := factory(request, view, rows)) is not None]


@dataclass(frozen=True)
class StaffHint:
    rank: float
    note: str = ""


HintFactory = Callable[[Team, list[User]], dict[int, StaffHint]]
_hints: list[HintFactory] = []


def register_staff_hints(factory: HintFactory) -> None:
    if factory not in _hints:
        _hints.append(factory)


def ordered_with_hints(team: Team, staff: list[User]) -> list[tuple[User, str]]:
    """The people with the notes of every hint factory, ordered by the first one's rank."""
    found = [factory(team, staff) for factory in _hints]
    first = found[0] if found else {}

    def key(user: User):
        hint = first.get(user.pk)
        return (hint is None, hint.rank if hint else 0, user.full_name, user.pk)

    return [
        (user, " · ".join(h[user.pk].note for h in found if user.pk in h and h[user.pk].note))
        for user in sorted(staff, key=key)
    ]
