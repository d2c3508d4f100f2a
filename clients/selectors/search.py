"""Client search ("Find a client" and the caseload's search box): by name, typo tolerant with
pg_trgm; by record number (exact, case-insensitive); or by date of birth. Every query keeps
only the clients of the viewer's scope, so another team's client never shows up in results
or counts; the candidates are found through the name indexes first and the scope applied to
them (`_by_name_first`), so a supervisor of 40 teams waits no longer than a case manager.

Names use the trigram operators `%` (similarity) and `%>` (word similarity), which the GIN
index `client_name_trgm_idx` serves, and order by word similarity, best first. Trigrams miss
the commonest slip, two letters swapped ("Dubios" shares three of eleven trigrams with
"Dubois", "Stao" one with "Sato"), so each word also matches any name one slip away
(Damerau-Levenshtein distance 1: a swap of neighbours, a wrong, a missing or an extra letter):
the word's one-slip spellings are listed in Python and looked up, exactly and lower-cased,
in the btree indexes on each lowered name, whatever the name's length, in one query read
before the main one. An exact name outranks a slip. Dates of birth
are accepted as ISO `1980-03-07` or US `03/07/1980` (month first), nothing else, so a date is
never ambiguous.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import TrigramWordSimilarity
from django.db.models import Case, F, FloatField, Q, QuerySet, TextField, Value, When
from django.db.models.functions import Greatest, Lower

from casework.access import EqualsAny
from casework.models import User
from clients.models import Client
from clients.selectors.clients import with_summary

NAME_FIELDS = ("family_name", "given_name", "preferred_name")
DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y")
MAX_WORDS = 4
# Words this short carry too few trigrams to be fuzzy; they match the start of a name.
MIN_FUZZY_LENGTH = 3
# The letters a wrong or an extra letter may be: names' letters, accented ones included,
# and the marks inside names (O'Neil, Smith-Jones, De la Cruz).
SLIP_ALPHABET = "abcdefghijklmnopqrstuvwxyzàáâãäåæçèéêëìíîïñòóôõöøùúûüýÿ'- "
LOWERED = {field: f"{field}_lowered" for field in NAME_FIELDS}
# A bound on the clients one query's slips may add (a three-letter word is one slip from
# many names); exact and trigram matches are never cut.
MAX_SLIP_MATCHES = 2000
# Spellings looked up in one name index at a time (see _named_one_of).
SPELLINGS_PER_LOOKUP = 250
TEXT_ARRAY = ArrayField(TextField())


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


def one_slip_spellings(word: str) -> set[str]:
    """Every spelling one slip away from `word` (lower-cased), and the word itself: each
    pair of neighbours swapped, each letter dropped, replaced or doubled by another."""
    word = word.lower()
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    swaps = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    drops = {a + b[1:] for a, b in splits if b}
    wrongs = {a + c + b[1:] for a, b in splits if b for c in SLIP_ALPHABET}
    extras = {a + c + b for a, b in splits for c in SLIP_ALPHABET}
    return ({word} | swaps | drops | wrongs | extras) - {""}


def _all_named() -> QuerySet[Client]:
    """Every client, unscoped, with its lowered names: only ever inside a subquery whose ids
    the scoped outer query filters."""
    return Client.objects.alias(**{LOWERED[field]: Lower(field) for field in NAME_FIELDS})


def _by_name_first(clients: QuerySet[Client], match: Q) -> QuerySet[Client]:
    """`clients` narrowed to those matching `match`, found through the name indexes first.

    Written as a plain filter, PostgreSQL reads every client in scope through the team index
    and tests the names of each (a supervisor of 40 teams: all 100,000). Here the ids that
    match come from the name indexes alone (trigram, lowered-name and record-number indexes,
    over all clients), in `ARRAY(subquery)`, which PostgreSQL runs once and cannot fold into
    the outer query; the outer query then keeps those of the ids in `clients`, scope and all.
    No id leaves the database before the scope is applied."""
    ids = ArraySubquery(_all_named().filter(match).order_by().values("pk"))
    return clients.filter(EqualsAny(F("pk"), ids))


def _scope_first(clients: QuerySet[Client], match: Q) -> QuerySet[Client]:
    return clients.filter(match)


def _index_served(words: list[str]) -> bool:
    """Whether a word of the query is long enough for the trigram index (and its slips for
    the lowered-name indexes); the other words then filter its candidates."""
    return any(len(word) >= MIN_FUZZY_LENGTH for word in words)


def _named_one_of(spellings: dict[str, set[str]]) -> Q:
    """Clients with a lowered given, family or preferred name among a word's spellings, as
    `id = ANY(ARRAY(...))` over batches of at most SPELLINGS_PER_LOOKUP spellings of one word
    in one name, each planned on its own. PostgreSQL expects each spelling to find as many
    clients as an average name has (8 at 100,000), so more than about 700 spellings in one
    look-up (one eight-letter word; two words) seem dearer through the btree index than
    reading every client, and it reads all 100,000 (80-175 ms, against a few ms through the
    indexes). Batches of this size stay cheaper through the index (measured at 100,000)."""
    named = _all_named()
    match = Q()
    for near in spellings.values():
        near = sorted(near)
        for start in range(0, len(near), SPELLINGS_PER_LOOKUP):
            batch = near[start : start + SPELLINGS_PER_LOOKUP]
            for field in NAME_FIELDS:
                # One array parameter, not an IN list of 250: Django prepares each value of
                # a list on its own, several ms a query.
                spelled = EqualsAny(F(LOWERED[field]), Value(batch, output_field=TEXT_ARRAY))
                ids = named.filter(spelled).order_by().values("pk")
                match |= Q(EqualsAny(F("pk"), ArraySubquery(ids)))
    return match


@dataclass(frozen=True)
class _ReadFirst:
    slips: dict[str, list[int]]  # word -> clients with a name one slip from it
    record_ids: list[int]  # clients whose record number is the query


def _read_first(clients: QuerySet[Client], words: list[str], record: str) -> _ReadFirst:
    """What the main query needs to know beforehand, in one query: the clients with a name
    one slip from a word (every spelling looked up exactly in the btree indexes on the lowered
    names) and, for a one-word query, those whose record number it is. Read first so that the
    main query's OR stays one the trigram index can serve."""
    # The word itself is left out: an exact name already matches through its trigrams.
    spellings = {
        w: one_slip_spellings(w) - {w.lower()} for w in words if len(w) >= MIN_FUZZY_LENGTH
    }
    lookup = Q()
    if spellings:
        lookup = _named_one_of(spellings)
    is_record = Q(record_number__iexact=record) if record else Q(pk__in=[])
    if not spellings and not record:
        return _ReadFirst({}, [])
    seen = {f"{field}_seen": Lower(field) for field in NAME_FIELDS}
    rows = (
        _by_name_first(clients, lookup | is_record if spellings else is_record)
        .annotate(**seen, is_record=Case(When(is_record, then=1), default=0))
        .order_by("-is_record", "pk")
        .values_list("pk", "is_record", *seen)[:MAX_SLIP_MATCHES]
    )
    slips: dict[str, list[int]] = {w: [] for w in spellings}
    record_ids = []
    for pk, record_match, *names in rows:
        if record_match:
            record_ids.append(pk)
        for word, near in spellings.items():
            if any(name in near for name in names):
                slips[word].append(pk)
    return _ReadFirst(slips, record_ids)


def _word_matches(word: str, slips: dict[str, list[int]]) -> Q:
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
    if slips.get(word):
        match |= Q(pk__in=slips[word])
    return match


def _exact(word: str) -> Case:
    """1 when the word is one of the names as typed (case aside): exact matches first."""
    lowered = word.lower()
    named = Q()
    for field in NAME_FIELDS:
        named |= Q(**{LOWERED[field]: lowered})
    return Case(When(named, then=Value(1.0)), default=Value(0.0), output_field=FloatField())


def client_search(clients: QuerySet[Client], q: str) -> QuerySet[Client]:
    """Narrow an already scoped queryset to the query and annotate `match_score` (higher is
    better; 0 without a name query). An empty query narrows nothing."""
    parsed = parse_query(q)
    if parsed.date_of_birth is not None:
        return clients.filter(date_of_birth=parsed.date_of_birth).annotate(match_score=Value(1.0))
    if not parsed.words:
        return clients.annotate(match_score=Value(0.0))
    clients = clients.alias(**{LOWERED[field]: Lower(field) for field in NAME_FIELDS})
    one_word = len(parsed.words) == 1
    first = _read_first(clients, parsed.words, parsed.text if one_word else "")
    slips = first.slips
    names = Q()
    score = None
    for word in parsed.words:
        names &= _word_matches(word, slips)
        lowered = word.lower()
        best = Greatest(
            *(TrigramWordSimilarity(lowered, F(field)) for field in NAME_FIELDS),
        )
        best = best + _exact(word)
        score = best if score is None else score + best
    # Words of one or two letters only match the start of a name, which no index serves:
    # candidates by name would be all clients read one by one, so the scope comes first.
    narrowed = _by_name_first if _index_served(parsed.words) else _scope_first
    if not one_word:
        return narrowed(clients, names).annotate(match_score=score)
    # One word may be a record number; an exact one outranks any name.
    exact = Q(pk__in=first.record_ids)
    record = Case(When(exact, then=Value(3.0)), default=Value(0.0), output_field=FloatField())
    return narrowed(clients, names | exact).annotate(match_score=Greatest(score, record))


def client_search_for(*, viewer: User, q: str) -> QuerySet[Client]:
    """For "Find a client": the viewer's clients (any status) matching `q`, best match first;
    with an empty query, all of them by name."""
    clients = client_search(Client.objects.visible_to(viewer), q)
    clients = clients.select_related("program", "team", "team__program")
    clients = with_summary(clients)
    return clients.order_by("-match_score", "family_name", "given_name", "pk")
