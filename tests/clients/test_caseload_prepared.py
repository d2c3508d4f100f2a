"""The caseload page's prepared statements (CaseloadRows) list and count exactly what the
queryset of `caseload_for` does, for every shape of filters."""

from __future__ import annotations

from datetime import timedelta
from itertools import product

import pytest
from django.utils import timezone

from clients.models import AssignmentRole, Status
from clients.selectors.caseload import (
    SORTS,
    CaseloadFilters,
    CaseloadRows,
    Scope,
    caseload_for,
)
from tests.factories import AssignmentFactory, ClientFactory, ProgramFactory

pytestmark = pytest.mark.django_db


def test_the_prepared_page_and_count_match_the_queryset(supervisor, team_a, team_b):
    today = timezone.localdate()
    program = ProgramFactory(agency=team_a.agency)
    for n in range(12):
        client = ClientFactory(
            team=team_a,
            status=[Status.ACTIVE, Status.REFERRED, Status.DISCHARGED][n % 3],
            program=program if n % 4 == 0 else None,
            next_contact_due=today + timedelta(days=n - 5),
            last_contact_on=today - timedelta(days=n),
        )
        if n % 2:
            AssignmentFactory(client=client, staff=supervisor, role=AssignmentRole.SECONDARY)
    ClientFactory(team=team_b)  # outside the supervisor's teams
    shapes = product(
        [Scope.MINE, Scope.TEAMS],
        ["open", "all", Status.DISCHARGED],
        [None, program.pk],
        [False, True],
        list(SORTS),
    )
    for scope, status, program_id, overdue, sort in shapes:
        filters = CaseloadFilters(
            scope=scope, status=status, program_id=program_id, overdue_only=overdue, sort=sort
        )
        expected = caseload_for(viewer=supervisor, filters=filters, today=today)
        rows = CaseloadRows(viewer=supervisor, filters=filters, today=today)
        assert rows.count() == expected.count(), filters
        for page in (slice(0, 5), slice(5, 10)):
            got, want = rows[page], list(expected[page])
            assert got == want, filters
            assert [(c.my_role, c.primary_manager_name, c.program_name) for c in got] == [
                (c.my_role, c.primary_manager_name, c.program_name) for c in want
            ]
