"""The panels a contact note's page shows under the note, in the order it shows them: each
app's template and context, rendered together by one request after the page
(pages.views.visit_panels). Each app's URL serves its panel alone too."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest

from careplans.views import plans as careplans_plans
from clients.models import Visit
from supervision.views import notes as supervision_notes


@dataclass(frozen=True)
class VisitPanel:
    template: str
    context: Callable[[HttpRequest, Visit], dict]


PANELS: tuple[VisitPanel, ...] = (
    # Co-signature and the supervisor's returns.
    VisitPanel(supervision_notes.VISIT_REVIEW, supervision_notes.visit_review_context),
    # Which goals of the plan in force the contact addressed.
    VisitPanel(careplans_plans.VISIT_GOALS, careplans_plans.visit_goals_context),
)


def panels_for(request: HttpRequest, visit: Visit) -> list[tuple[str, dict]]:
    """(template, its values) for each panel."""
    return [(p.template, p.context(request, visit)) for p in PANELS]
