"""Referral fixtures: a directory service of the cast's agency and releases naming its
organisation."""

from __future__ import annotations

import pytest

from tests.factories import ConsentReleaseFactory, ReferralFactory, ServiceFactory


def _release_for(client, organization, categories=("general",), **extra):
    extra.setdefault("recipient_name", organization.name)
    return ConsentReleaseFactory(
        client=client,
        recipient_kind="organization",
        related_person=None,
        categories=list(categories),
        **extra,
    )


@pytest.fixture
def release_for(db):
    """release_for(client, organization, categories=...): an active release to a directory
    organisation, by name (as staff type it)."""
    return _release_for


@pytest.fixture
def housing(agency):
    return ServiceFactory(
        organization__agency=agency,
        organization__name="Bayview Housing Partners",
        name="Housing Navigation",
    )


@pytest.fixture
def draft(client_a, housing, case_manager):
    return ReferralFactory(client=client_a, service=housing, referred_by=case_manager)


@pytest.fixture
def covered(draft, client_a, housing):
    """The draft's organisation holds an active general release."""
    return _release_for(client_a, housing.organization)
