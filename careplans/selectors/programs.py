"""The program rules an assessment follows: its settings row, or the defaults."""

from __future__ import annotations

from datetime import date, timedelta

from careplans.models import ProgramAssessmentSettings
from casework.models import Program
from casework.prepared import Prepared, first_of
from clients.models import Client

DEFAULT_INTAKE_WINDOW_DAYS = ProgramAssessmentSettings._meta.get_field("intake_window_days").default


def program_for(client: Client) -> Program:
    """The program whose rules apply: the enrolment's, else the team's."""
    return client.program or client.team.program


def settings_for(program: Program) -> ProgramAssessmentSettings:
    """The program's row, or an unsaved one with the defaults (no write on a read)."""
    found = _SETTINGS.first(program_id=program.pk)
    return found or ProgramAssessmentSettings(program=program)


# Built once per process (casework.prepared): every open of a record asks.
_SETTINGS = Prepared(
    ProgramAssessmentSettings,
    lambda _shape, *, program_id: first_of(
        ProgramAssessmentSettings.objects.filter(program_id=program_id)
    ),
    program_id=-2_000_000_037,
)


def initial_due(*, intake_on: date, window_days: int) -> date:
    return intake_on + timedelta(days=window_days)


def reassessment_due(*, last_on: date, program: Program) -> date:
    return last_on + timedelta(days=program.reassessment_days)
