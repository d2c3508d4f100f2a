"""The matching issue's staffing facts on a team's dashboard (supervision.staffing): who is
over their acuity-weighted limit, whose trainings lapsed, and room left in the reassign form."""

from __future__ import annotations

import pytest
from django.urls import reverse

from casework.staffing.models import Specialty
from tests.factories import AssignmentFactory, ClientFactory, staff_member

pytestmark = pytest.mark.django_db


def _primary(staff, team, n, risk="moderate"):
    for _ in range(n):
        AssignmentFactory(client=ClientFactory(team=team, risk_level=risk), staff=staff)


def test_the_team_dashboard_names_who_is_over_their_limit_and_whose_training_lapsed(
    client, supervisor, team_a
):
    full = staff_member(team_a, "Olga Overfull", limit=2)
    _primary(full, team_a, 2, risk="high")  # 1.5 + 1.5 = 3 places of 2
    roomy = staff_member(team_a, "Rita Roomy", limit=10, lapsed=[Specialty.YOUTH])
    _primary(roomy, team_a, 1)
    client.force_login(supervisor)
    body = client.get(reverse("supervision:dashboard", args=[team_a.pk])).content.decode()
    over = body.split("Over their caseload limit", 2)[2].split("</section>")[0]
    assert "Olga Overfull" in over and "3 of 2 places" in over
    assert "Rita Roomy" not in over
    lapsed = body.split("Trainings lapsed or expiring", 2)[2].split("</section>")[0]
    assert "Rita Roomy: youth and minors" in lapsed and "lapsed" in lapsed
    assert "Olga Overfull" not in lapsed


def test_the_reassign_form_puts_the_most_room_first_with_the_load_beside_each_name(
    client, supervisor, team_a
):
    full = staff_member(team_a, "Olga Overfull", limit=2)
    _primary(full, team_a, 2, risk="high")
    roomy = staff_member(team_a, "Rita Roomy", limit=10)
    _primary(roomy, team_a, 2, risk="low")
    client.force_login(supervisor)
    page = client.get(reverse("supervision:metric_list", args=[team_a.pk, "caseload"]))
    labels = [label for value, label in page.context["form"].fields["staff"].choices if value]
    assert labels.index("Rita Roomy · 1 of 10 places") < labels.index(
        "Olga Overfull · 3 of 2 places"
    )


def test_an_empty_section_says_so_and_shows_no_template_comment(client, supervisor, team_a):
    client.force_login(supervisor)
    body = client.get(reverse("supervision:dashboard", args=[team_a.pk])).content.decode()
    assert "Nobody: every caseload is within its limit." in body
    assert "ready-made dashboard section" not in body
