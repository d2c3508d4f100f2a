"""access.client_rows: the rows of a client the policy found for this viewer need no second
scope; any other client instance keeps the team scope."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casework import access
from clients.models import Client, RelatedPerson
from clients.selectors import client_get_for
from clients.selectors.people import active_people_for, people_for
from tests.factories import RelatedPersonFactory

pytestmark = pytest.mark.django_db


def _sql(queryset) -> str:
    with CaptureQueriesContext(connection) as queries:
        list(queryset)
    return queries[0]["sql"]


def test_a_client_found_for_the_viewer_is_filtered_by_its_id_alone(case_manager, client_a):
    RelatedPersonFactory(client=client_a)
    found = client_get_for(viewer=case_manager, pk=client_a.pk)
    sql = _sql(people_for(viewer=case_manager, client=found))
    assert "ANY(" not in sql
    assert len(people_for(viewer=case_manager, client=found)) == 1


def test_a_client_not_found_through_the_policy_keeps_the_team_scope(
    case_manager, outsider, client_a
):
    RelatedPersonFactory(client=client_a)
    plain = Client.objects.get(pk=client_a.pk)
    assert "ANY(" in _sql(people_for(viewer=case_manager, client=plain))
    assert people_for(viewer=outsider, client=plain).count() == 0


def test_a_client_found_for_someone_else_keeps_the_team_scope(case_manager, outsider, client_a):
    RelatedPersonFactory(client=client_a)
    found = client_get_for(viewer=case_manager, pk=client_a.pk)
    assert people_for(viewer=outsider, client=found).count() == 0
    rows = RelatedPerson.objects.filter(access.client_rows(outsider, found))
    assert rows.count() == 0


def test_a_cards_statement_answers_as_its_queryset_and_keeps_the_scope(
    case_manager, outsider, client_a
):
    """clients.selectors.ClientRowsStatement: by its statement for a client found for the
    viewer, by client_rows otherwise; the same rows either way, none for an outsider."""
    RelatedPersonFactory(client=client_a, full_name="Bea Active")
    RelatedPersonFactory(client=client_a, full_name="Al Active")
    RelatedPersonFactory(client=client_a, full_name="Cy Former", is_active=False)
    expected = list(people_for(viewer=case_manager, client=client_a).filter(is_active=True))
    found = client_get_for(viewer=case_manager, pk=client_a.pk)
    assert active_people_for(viewer=case_manager, client=found) == expected
    assert [p.full_name for p in expected] == ["Al Active", "Bea Active"]
    plain = Client.objects.get(pk=client_a.pk)
    assert active_people_for(viewer=case_manager, client=plain) == expected
    assert active_people_for(viewer=outsider, client=Client.objects.get(pk=client_a.pk)) == []
