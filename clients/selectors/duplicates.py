"""Possible duplicates shown before an intake is saved: a similar name (typo tolerant, by
pg_trgm trigram similarity) with the same date of birth, or the same record number. Only
clients the viewer may read are ever considered, so the check leaks nothing of other teams."""

from __future__ import annotations

from datetime import date

from django.contrib.postgres.search import TrigramSimilarity
from django.db.models import Q, Value
from django.db.models.functions import Concat, Greatest

from casework.models import User
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
        typed = f"{given_name} {family_name}".lower()
        clients = clients.annotate(
            name_similarity=Greatest(
                TrigramSimilarity(Concat("given_name", Value(" "), "family_name"), typed),
                TrigramSimilarity(Concat("preferred_name", Value(" "), "family_name"), typed),
            )
        )
        match |= Q(date_of_birth=date_of_birth, name_similarity__gte=NAME_SIMILARITY)
    else:
        clients = clients.annotate(name_similarity=Value(0.0))
    return list(
        clients.filter(match)
        .select_related("team")
        .order_by("-name_similarity", "family_name", "pk")[:MAX_SHOWN]
    )
