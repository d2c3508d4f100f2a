"""Fixtures shared by the clients tests."""

from __future__ import annotations

import pytest

from tests.factories import ServiceAreaFactory


@pytest.fixture
def area(agency, team_a):
    """Team A's service area, Harbor."""
    area = ServiceAreaFactory(agency=agency, name="Harbor")
    team_a.service_area = area
    team_a.save()
    return area
