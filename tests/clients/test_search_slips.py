"""Find a client despite one slip of the four commonest kinds (issue #22): two neighbouring
letters swapped, a wrong, a missing or an extra letter, in a given or a family name of any
length; exact names first; never a client outside the searcher's teams."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clients.selectors.search import one_slip_spellings
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db

URL = reverse("clients:list")


def _found(response) -> list[str]:
    return [f"{c.given_name} {c.family_name}" for c in response.context["page"]]


@pytest.fixture
def people(team_a):
    for given, family in [("Dana", "Dubois"), ("Kenji", "Sato"), ("Ivan", "Petrov")]:
        ClientFactory(team=team_a, given_name=given, family_name=family)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        # Two neighbouring letters swapped.
        ("Dubios", "Dana Dubois"),
        ("Dana Dubios", "Dana Dubois"),
        ("Stao", "Kenji Sato"),
        ("Ivna", "Ivan Petrov"),
        ("Ivna Ptero", None),  # two slips in one word: not this search's promise
        # A wrong letter.
        ("Dubeis", "Dana Dubois"),
        ("Sako", "Kenji Sato"),
        ("Ivam", "Ivan Petrov"),
        # A missing letter.
        ("Dbois", "Dana Dubois"),
        ("Sto", "Kenji Sato"),
        ("Ivn", "Ivan Petrov"),
        # An extra letter.
        ("Dubbois", "Dana Dubois"),
        ("Satto", "Kenji Sato"),
        ("Ivaan", "Ivan Petrov"),
    ],
)
def test_one_slip_still_finds_the_person(client, case_manager, people, typed, expected):
    client.force_login(case_manager)
    found = _found(client.get(URL, {"q": typed}))
    if expected is None:
        assert found == []
    else:
        assert found[:1] == [expected]


def test_an_exact_name_ranks_above_a_slip(client, case_manager, team_a):
    ClientFactory(team=team_a, given_name="Ana", family_name="Dubois")
    ClientFactory(team=team_a, given_name="Luc", family_name="Dubios")
    client.force_login(case_manager)
    assert _found(client.get(URL, {"q": "Dubios"})) == ["Luc Dubios", "Ana Dubois"]
    assert _found(client.get(URL, {"q": "dubois"})) == ["Ana Dubois", "Luc Dubios"]


def test_a_slip_never_reaches_another_teams_client(client, case_manager, team_b):
    ClientFactory(team=team_b, given_name="Dana", family_name="Dubois")
    client.force_login(case_manager)
    response = client.get(URL, {"q": "Dubios"})
    assert _found(response) == [] and "Dubois" not in response.content.decode()


def test_the_query_count_does_not_grow_with_slips_or_words(client, case_manager, people):
    client.force_login(case_manager)
    client.get(URL, {"q": "Dana"})  # warm the session and the access cache alike
    counts = []
    for typed in ("Dubois", "Dubios", "Dana Dubios", "Ivna Petrov Dana Stao"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL, {"q": typed}).status_code == 200
        counts.append(len(queries))
    # A slip, a second word or four words cost no query more than the exact name does.
    assert counts[1] == counts[0] and max(counts) == counts[0], counts


def test_the_spellings_are_exactly_one_slip_away():
    spellings = one_slip_spellings("Sato")
    assert {"stao", "asto", "saot"} <= spellings  # swaps
    assert {"ato", "sto", "sao", "sat"} <= spellings  # missing
    assert {"sako", "bato", "satö"} <= spellings  # wrong
    assert {"ssato", "satto", "satoo", "o'sato"} - spellings == {"o'sato"}  # one extra only
    assert "osat" not in spellings and "tsao" not in spellings  # two slips


def test_an_emergency_grant_is_searched_and_nothing_beside_it(outsider, client_a, team_a):
    """The candidates by name come from every team; only the scope decides what is shown,
    emergency grants included (the scope's second branch)."""
    from casework.security.emergency import emergency_access_grant
    from clients.selectors.search import client_search_for

    ClientFactory(team=team_a, given_name="Amara", family_name="Teamya")
    for typed in ("Amara", "Teamay", "Teamya", "Amara Taemay", "A-1"):
        assert list(client_search_for(viewer=outsider, q=typed)) == [], typed
    emergency_access_grant(
        user=outsider, record_number="A-1", reason="Client in crisis at the county ER tonight"
    )
    for typed in ("Amara", "Teamay", "Teamya", "Amara Taemay", "a-1"):
        assert list(client_search_for(viewer=outsider, q=typed)) == [client_a], typed
