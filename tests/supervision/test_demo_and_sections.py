"""The demo gives each team's dashboard something in every column and queue; other apps add
sections and reassign hints through supervision.sections."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from careplans.models import CarePlan, PlanStatus
from casework.models import EmergencyAccess, Team, User
from supervision import metrics, sections
from supervision.models import NoteReturn
from supervision.scope import team_get_for
from supervision.selectors.queues import cosign_queue

pytestmark = pytest.mark.django_db


def test_the_demo_team_has_work_in_every_column_and_queue(demo):
    team = Team.objects.get(name="Harbor FSP Team")
    sup = User.objects.get(email="supervisor.fsp@bayview.test")
    view = team_get_for(viewer=sup, team_id=team.pk)
    figures, people = metrics.figures_by_staff(viewer=sup, view=view, today=timezone.localdate())
    totals = {k: sum(f[k] for f in figures.values()) for k in metrics.METRIC_KEYS}
    assert len(people) >= 4
    assert all(totals[k] > 0 for k in metrics.METRIC_KEYS), totals
    waiting = cosign_queue(viewer=sup, view=view).count()
    assert 0 < waiting < 200  # the older notes were co-signed; the recent ones wait
    assert NoteReturn.objects.filter(team=team, resolved_at__isnull=True).count() == 1
    assert CarePlan.objects.filter(team=team, status=PlanStatus.SUBMITTED).exists()
    assert EmergencyAccess.objects.filter(team=team, reviewed_at__isnull=True).count() == 1


@pytest.fixture
def extension():
    def section(request, view, rows):
        return sections.Section(
            template="supervision/_section.html",
            context={"title": f"Capacity of {view.team.name}", "lines": [("Over limit", 2, "")]},
        )

    def hints(team, staff):
        return {u.pk: sections.StaffHint(rank=-1, note="3 under ratio") for u in staff[-1:]}

    # Only these two, whatever other apps registered: the order of hints is the first one's.
    saved = sections._sections[:], sections._hints[:]
    sections._sections[:], sections._hints[:] = [], []
    sections.register(section, order=99)
    sections.register_staff_hints(hints)
    yield
    sections._sections[:], sections._hints[:] = saved


def test_other_apps_add_sections_and_rank_the_reassign_choices(
    extension, client, supervisor, case_manager, team_a
):
    client.force_login(supervisor)
    body = client.get(reverse("supervision:dashboard", args=[team_a.pk])).content.decode()
    assert "Capacity of Team A" in body and "Over limit" in body
    page = client.get(reverse("supervision:metric_list", args=[team_a.pk, "caseload"]))
    choices = page.context["form"].fields["staff"].choices
    # The hinted person comes first, with the note beside the name.
    assert choices[1][1] == "Sandra Supervisor · 3 under ratio"
    assert "Casey Manager" in [label for _v, label in choices]
