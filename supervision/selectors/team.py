"""The people of a team as the dashboard lists them. (Who may take a client as primary is
`clients.selectors.staff.assignable_staff`.)"""

from __future__ import annotations

from django.db.models import Q

from casework.models import Role, Team, User


def case_managers_of(*, team: Team, extra_ids=()) -> list[User]:
    """The team's active case managers, plus anyone else holding primary assignments in it
    (`extra_ids`, e.g. a supervisor carrying clients), by name. One query."""
    members = team.memberships.filter(role=Role.CASE_MANAGER).values("user_id")
    carrying = [i for i in extra_ids if i is not None]
    return list(
        User.objects.filter(Q(pk__in=members, is_active=True) | Q(pk__in=carrying)).order_by(
            "full_name", "pk"
        )
    )
