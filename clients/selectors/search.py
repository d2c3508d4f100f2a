"""Client search ("Find a client" and the caseload's search box): by name, typo tolerant with
pg_trgm; by record number (exact, case-insensitive); or by date of birth. Every query starts
from the viewer's scope, so another team's client never shows up in results or counts.

Names use the trigram operators `%` (similarity) and `%>` (word similarity), which the GIN
index `client_name_trgm_idx` serves, and order by word similarity, best first. Dates of birth
are accepted as ISO `1980-03-07` or US `03/07/1980` (month first), nothing else, so a date is
never ambiguous.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.postgres.search import TrigramWordSimilarity
from django.db.models import Case, F, FloatField, Q, QuerySet, Value, When
from django.db.models.functions import Greatest

from casework.models import User
from clients.models import Client
from clients.selectors.clients import with_summary

NAME_FIELDS = ("family_name", "given_name", "preferred_name")
DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y")
MAX_WORDS = 4
# Words this short carry too few trigrams to be fuzzy; they match the start of a name.
MIN_FUZZY_LENGTH = 3


@dataclass(frozen=True)
class ParsedQuery:
    text: str
    date_of_birth: date | None

    @property
    def words(self) -> list[str]:
        return self.text.split()[:MAX_WORDS]


def parse_query(q: str) -> ParsedQuery:
    text = " ".join(q.split())[:100]
    for fmt in DATE_FORMATS:
        try:
            return ParsedQuery(text, datetime.strptime(text, fmt).date())
        except ValueError:
            continue
    return ParsedQuery(text, None)


def _word_matches(word: str) -> Q:
    match = Q()
    for field in NAME_FIELDS:
        if len(word) < MIN_FUZZY_LENGTH:
            match |= Q(**{f"{field}__istartswith": word})
        else:
            # Only trigram operators here: an icontains (UPPER(...) LIKE) in the OR would
            # keep PostgreSQL from using the index at all. A typed prefix of a name has a
            # high word similarity, so it still matches.
            match |= Q(**{f"{field}__trigram_similar": word}) | Q(
                **{f"{field}__trigram_word_similar": word}
            )
    return match


def client_search(clients: QuerySet[Client], q: str) -> QuerySet[Client]:
    """Narrow an already scoped queryset to the query and annotate `match_score` (higher is
    better; 0 without a name query). An empty query narrows nothing."""
    parsed = parse_query(q)
    if parsed.date_of_birth is not None:
        return clients.filter(date_of_birth=parsed.date_of_birth).annotate(match_score=Value(1.0))
    if not parsed.words:
        return clients.annotate(match_score=Value(0.0))
    names = Q()
    score = None
    for word in parsed.words:
        names &= _word_matches(word)
        lowered = word.lower()
        best = Greatest(
            *(TrigramWordSimilarity(lowered, F(field)) for field in NAME_FIELDS),
        )
        score = best if score is None else score + best
    if len(parsed.words) > 1:
        return clients.filter(names).annotate(match_score=score)
    # One word may be a record number; an exact one outranks any name. Its matches are read
    # first (one small query) so that the OR below stays one the trigram index can serve.
    record_ids = list(
        clients.filter(record_number__iexact=parsed.text).values_list("pk", flat=True)[:10]
    )
    exact = Q(pk__in=record_ids)
    record = Case(When(exact, then=Value(2.0)), default=Value(0.0), output_field=FloatField())
    return clients.filter(names | exact).annotate(match_score=Greatest(score, record))


def client_search_for(*, viewer: User, q: str) -> QuerySet[Client]:
    """For "Find a client": the viewer's clients (any status) matching `q`, best match first;
    with an empty query, all of them by name."""
    clients = client_search(Client.objects.visible_to(viewer), q)
    clients = clients.select_related("program", "team", "team__program")
    clients = with_summary(clients)
    return clients.order_by("-match_score", "family_name", "given_name", "pk")
