"""Reads of assessments, instrument results and safety flags; each takes `viewer=` (or a
client already found through `clients.selectors`, which applied the access policy)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from careplans import instruments
from careplans.charts import Chart, chart_for
from careplans.models import Administration, Assessment, AssessmentKind, SafetyFlag
from careplans.selectors.programs import initial_due, program_for, reassessment_due, settings_for
from casework.access import access_for
from casework.models import User
from casework.prepared import Prepared, first_of
from clients.models import Client, Episode
from clients.selectors.clients import client_child_get_for

# Results shown per instrument in a trend; older ones stay on the instrument's history page.
TREND_POINTS = 12


def assessment_get_for(*, viewer: User, client_id: int, pk: int) -> Assessment:
    """404 outside the viewer's teams (as for the client)."""
    return client_child_get_for(
        Assessment.objects.select_related("client", "author"),
        viewer=viewer,
        client_id=client_id,
        pk=pk,
    )


def assessment_get_for_author(*, viewer: User, client_id: int, pk: int) -> Assessment:
    """A draft only its author edits: 404 outside the teams, 403 for anyone else."""
    assessment = assessment_get_for(viewer=viewer, client_id=client_id, pk=pk)
    if assessment.author_id != viewer.pk or not access_for(viewer).can_change_team(
        assessment.client.team_id
    ):
        raise PermissionDenied
    return assessment


def assessments_for(*, client: Client) -> list[Assessment]:
    return list(
        Assessment.objects.filter(client=client)
        .select_related("author")
        .order_by("-assessed_on", "-id")
    )


def flag_get_for(*, viewer: User, client_id: int, pk: int) -> SafetyFlag:
    return client_child_get_for(
        SafetyFlag.objects.select_related("client", "administration", "acknowledged_by"),
        viewer=viewer,
        client_id=client_id,
        pk=pk,
    )


_OPEN_FLAGS = "_careplans_open_flags"


def open_flags_for(*, client: Client) -> list[SafetyFlag]:
    """The unacknowledged safety flags, newest first. Read once per client instance (one
    request's): the record's header and its assessments card both show them."""
    flags = getattr(client, _OPEN_FLAGS, None)
    if flags is None:
        flags = _OPEN_FLAGS_OF.objects(client_id=client.pk)
        setattr(client, _OPEN_FLAGS, flags)
    return list(flags)


def administration_get_for(*, viewer: User, client_id: int, pk: int) -> Administration:
    return client_child_get_for(
        Administration.objects.select_related("client", "author").prefetch_related("safety_flag"),
        viewer=viewer,
        client_id=client_id,
        pk=pk,
    )


@dataclass(frozen=True)
class Due:
    kind: str
    on: date
    overdue: bool

    @property
    def label(self) -> str:
        if self.kind == AssessmentKind.INITIAL:
            return str(_("Initial assessment"))
        return str(_("Reassessment"))


def assessment_due_for(*, client: Client, last_on: date | None) -> Due | None:
    """When the next assessment is due: the initial one within the program's intake window
    after the current episode opened, then every `reassessment_days`. One query (the
    program's settings) or two (the episode) when there is no signed assessment yet."""
    if client.status == "discharged":
        return None
    program = program_for(client)
    today = timezone.localdate()
    if last_on is not None:
        on = reassessment_due(last_on=last_on, program=program)
        return Due(AssessmentKind.REASSESSMENT, on, on < today)
    opened = next(
        (on for (on,) in _EPISODE_OPENED.rows(client_id=client.pk)),
        None,
    ) or timezone.localdate(client.created_at)
    on = initial_due(intake_on=opened, window_days=settings_for(program).intake_window_days)
    return Due(AssessmentKind.INITIAL, on, on < today)


@dataclass
class Trend:
    instrument: instruments.Instrument
    results: list[Administration]  # oldest first
    chart: Chart

    @property
    def latest(self) -> Administration:
        return self.results[-1]

    @property
    def previous(self) -> Administration | None:
        return self.results[-2] if len(self.results) > 1 else None

    @property
    def latest_band(self) -> instruments.Band | None:
        return band_of(self.instrument, self.latest)

    @property
    def change(self) -> int | None:
        """Score change since the previous result (lower is better on every scale here)."""
        if self.previous is None or self.latest.score is None or self.previous.score is None:
            return None
        return self.latest.score - self.previous.score

    @property
    def level_change(self) -> int | None:
        if self.previous is None:
            return None
        return self.latest.band_level - self.previous.band_level


def band_of(instrument: instruments.Instrument, administration: Administration):
    if administration.score is None:
        return next((b for b in instrument.bands() if b.code == administration.band), None)
    band = instrument.band_for(administration.score, administration.settings_used)
    if band is not None and band.code == administration.band:
        return band
    # A band made for this result (AUDIT-C's cut-off group): rebuild it from the row.
    return instruments.Band(
        administration.band,
        administration.band.replace("_", " ").capitalize(),
        administration.score,
        administration.score,
        administration.band_level,
    )


def trends_for(*, client: Client, limit: int = TREND_POINTS) -> list[Trend]:
    """Each instrument the client was given, with its last `limit` results, oldest first,
    and its chart. One query."""
    by_code: dict[str, list[Administration]] = defaultdict(list)
    for row in _RESULTS.objects(limit, client_id=client.pk):
        if len(by_code[row.instrument]) < limit:
            by_code[row.instrument].append(row)
    trends = []
    for instrument in instruments.all_instruments():
        results = list(reversed(by_code.get(instrument.code, [])))
        if results:
            trends.append(Trend(instrument, results, chart_for(instrument, results)))
    return trends


def _results(limit: int, *, client_id: int) -> QuerySet[Administration]:
    rows = (
        Administration.objects.filter(client_id=client_id)
        .order_by("instrument", "-administered_on", "-id")
        .only(
            "id",
            "client_id",
            "instrument",
            "administered_on",
            "score",
            "band",
            "band_level",
            "positive",
            "risk",
            "prorated",
            "settings_used",
        )
    )
    return rows[: limit * 20]


@dataclass
class Panel:
    last: Assessment | None
    draft: Assessment | None
    due: Due | None
    trends: list[Trend]
    flags: list[SafetyFlag]


def panel_for(*, viewer: User, client: Client) -> Panel:
    """The record page's assessments card. Queries: the assessments (last signed and the
    viewer's draft, one query), the results (one), open flags (one), the program's
    settings (one), the episode when never assessed (one)."""
    recent = _RECENT.objects(client_id=client.pk)
    last = next((a for a in recent if a.is_signed), None)
    draft = next((a for a in recent if not a.is_signed and a.author_id == viewer.pk), None)
    return Panel(
        last=last,
        draft=draft,
        due=assessment_due_for(client=client, last_on=last.assessed_on if last else None),
        trends=trends_for(client=client),
        flags=open_flags_for(client=client),
    )


def instrument_history_for(*, client: Client, code: str) -> list[Administration]:
    return list(
        Administration.objects.filter(client=client, instrument=code)
        .select_related("author")
        .order_by("-administered_on", "-id")[:200]
    )


# The record's assessments card: statements built once per process (casework.prepared), each
# with a client id no request passes.
_CLIENT = -2_000_000_041
_RECENT = Prepared(
    Assessment,
    lambda _shape, *, client_id: (
        Assessment.objects.filter(client_id=client_id)
        .select_related("author")
        .order_by("-assessed_on", "-id")[:20]
    ),
    client_id=_CLIENT,
)
_RESULTS = Prepared(Administration, _results, client_id=_CLIENT)
_OPEN_FLAGS_OF = Prepared(
    SafetyFlag,
    lambda _shape, *, client_id: SafetyFlag.objects.filter(
        client_id=client_id, acknowledged_at__isnull=True
    ).order_by("-raised_at"),
    client_id=_CLIENT,
)
_EPISODE_OPENED = Prepared(
    Episode,
    lambda _shape, *, client_id: first_of(
        Episode.objects.filter(client_id=client_id, closed_on__isnull=True).values_list(
            "opened_on", flat=True
        )
    ),
    client_id=_CLIENT,
)
