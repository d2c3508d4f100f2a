"""The intake's possible-duplicate rule applied to many people at once for the caseload
import: the same answers as intake gives one at a time, across every team of the agency and
never another agency's."""

from __future__ import annotations

from datetime import date

import pytest

from clients.selectors.duplicates import (
    Person,
    possible_duplicates,
    possible_duplicates_in_agency,
)
from tests.factories import ClientFactory, TeamFactory

pytestmark = pytest.mark.django_db

TYPED = [
    ("Jonh", "Smiht", date(1980, 5, 1)),  # two transposed letters in each name
    ("John", "Smith", date(1980, 5, 2)),  # another date of birth
    ("Jon", "Smyth", date(1980, 5, 1)),
    ("Peter", "Jones", date(1980, 5, 1)),  # the date of birth only
    ("Johnny", "Smith", date(1980, 5, 1)),  # a preferred name
]


def test_it_gives_the_intake_answer_for_every_person(supervisor, team_a, team_b):
    smith = ClientFactory(
        team=team_a, given_name="John", family_name="Smith", date_of_birth=date(1980, 5, 1)
    )
    ClientFactory(
        team=team_a,
        given_name="Jonathan",
        preferred_name="Johnny",
        family_name="Smith",
        date_of_birth=date(1980, 5, 1),
    )
    people = [Person(n, g, f, d) for n, (g, f, d) in enumerate(TYPED)]
    found = possible_duplicates_in_agency(agency=team_a.agency, people=people, chunk=2)
    for person in people:
        one_at_a_time = possible_duplicates(
            viewer=supervisor,
            given_name=person.given_name,
            family_name=person.family_name,
            date_of_birth=person.date_of_birth,
        )
        assert {c.pk for c in found.get(person.key, [])} == {c.pk for c in one_at_a_time}
    assert smith in found[0]
    assert 1 not in found and 3 not in found


def test_it_looks_in_every_team_of_the_agency_and_no_other_agency(team_a, team_b):
    theirs = ClientFactory(
        team=team_b, given_name="John", family_name="Smith", date_of_birth=date(1980, 5, 1)
    )
    ClientFactory(
        team=TeamFactory(),
        given_name="John",
        family_name="Smith",
        date_of_birth=date(1980, 5, 1),
    )
    found = possible_duplicates_in_agency(
        agency=team_a.agency, people=[Person(7, "John", "Smith", date(1980, 5, 1))]
    )
    assert found == {7: [theirs]}
