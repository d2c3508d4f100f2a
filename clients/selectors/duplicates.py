"""Possible duplicates shown before an intake is saved: a similar name (typo tolerant, by
pg_trgm trigram similarity) with the same date of birth, or the same record number. Only
clients the viewer may read are ever considered, so the check leaks nothing of other teams."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.contrib.postgres.search import TrigramSimilarity
from django.db.models import Case, FloatField, Q, Value, When
from django.db.models.functions import Concat, Greatest

from casework.models import Agency, User
from clients.models import Client

# Trigram similarity of the whole name, in [0, 1]. With the date of birth already equal, a
# low bar catches two transposed letters in each name ("Jonh Smiht" ~ "John Smith": 0.29).
NAME_SIMILARITY = 0.2
MAX_SHOWN = 10


def possible_duplicates(
    *,
    viewer: User,
    given_name: str,
    family_name: str,
    date_of_birth: date | None,
    record_number: str = "",
) -> list[Client]:
    match = Q(pk__in=[])
    if record_number.strip():
        match |= Q(record_number__iexact=record_number.strip())
    clients = Client.objects.visible_to(viewer)
    if date_of_birth is not None:
        clients = clients.annotate(name_similarity=_name_similarity(given_name, family_name))
        match |= Q(date_of_birth=date_of_birth, name_similarity__gte=NAME_SIMILARITY)
    else:
        clients = clients.annotate(name_similarity=Value(0.0))
    return list(
        clients.filter(match)
        .select_related("team")
        .order_by("-name_similarity", "family_name", "pk")[:MAX_SHOWN]
    )


def _name_similarity(given_name: str, family_name: str) -> Greatest:
    """How close a typed name is to a client's name or preferred name (pg_trgm, 0 to 1)."""
    typed = f"{given_name} {family_name}".lower()
    return Greatest(
        TrigramSimilarity(Concat("given_name", Value(" "), "family_name"), typed),
        TrigramSimilarity(Concat("preferred_name", Value(" "), "family_name"), typed),
    )


@dataclass(frozen=True)
class Person:
    """Someone about to be added, as the duplicate check sees them."""

    key: int
    given_name: str
    family_name: str
    date_of_birth: date


def possible_duplicates_in_agency(
    *, agency: Agency, people: Sequence[Person], chunk: int = 250
) -> dict[int, list[Client]]:
    """The intake rule (same date of birth, similar name) for many people at once, against
    every client of the agency: for the caseload import, whose agency admin reads no record
    but must not add a client twice. One query finds who shares a date of birth with a
    client; then one query per `chunk` of those, each similarity computed by PostgreSQL as
    at intake. Returns the matches by `Person.key`."""
    shared = set(
        Client.objects.filter(
            agency=agency, date_of_birth__in={p.date_of_birth for p in people}
        ).values_list("date_of_birth", flat=True)
    )
    people = [p for p in people if p.date_of_birth in shared]
    found: dict[int, list[Client]] = {}
    for start in range(0, len(people), chunk):
        batch = people[start : start + chunk]
        scores = {
            f"s{n}": Case(
                When(
                    date_of_birth=person.date_of_birth,
                    then=_name_similarity(person.given_name, person.family_name),
                ),
                default=Value(0.0),
                output_field=FloatField(),
            )
            for n, person in enumerate(batch)
        }
        clients = (
            Client.objects.filter(agency=agency, date_of_birth__in={p.date_of_birth for p in batch})
            .select_related("team")
            .annotate(**scores)
            .order_by("family_name", "pk")
        )
        for client in clients:
            for n, person in enumerate(batch):
                if getattr(client, f"s{n}") >= NAME_SIMILARITY:
                    found.setdefault(person.key, []).append(client)
    return found
