"""The dashboard's figures against the hand-computed fixture of conftest.py, and each number
against the list behind it (both ways: the list's count is the number, and its rows are the
ones the fixture says)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.models import AuditEvent
from casework.staffing import acuity
from supervision import metrics
from supervision.scope import team_get_for

pytestmark = pytest.mark.django_db

KEYS = ("caseload", "weighted", "overdue", "unsigned", "reviews", "referrals", "flags")
# Worked out by hand from the fixture's description (conftest.py). Weighted load: high 1.5,
# moderate 1, low 0.5 (casework.staffing.acuity); Casey c1 high + c2 moderate + c3 low = 3,
# Dana c5 high = 1.5, nobody's c6 moderate = 1, the team 5.5.
EXPECTED = {
    "casey": dict(caseload=3, weighted=3, overdue=2, unsigned=1, reviews=0, referrals=1, flags=1),
    "dana": dict(
        caseload=1, weighted=Decimal("1.5"), overdue=0, unsigned=1, reviews=1, referrals=0, flags=0
    ),
    None: dict(caseload=1, weighted=1, overdue=1, unsigned=0, reviews=0, referrals=0, flags=0),
}
TOTAL = dict(
    caseload=5, weighted=Decimal("5.5"), overdue=3, unsigned=2, reviews=1, referrals=1, flags=1
)
# Which fixture clients stand behind each list (notes, referrals and flags: their clients).
BEHIND = {
    ("casey", "caseload"): {"c1", "c2", "c3"},
    ("casey", "overdue"): {"c1", "c3"},
    ("casey", "unsigned"): {"c1"},
    ("casey", "referrals"): {"c1"},
    ("casey", "flags"): {"c1"},
    ("dana", "caseload"): {"c5"},
    ("dana", "unsigned"): {"c5"},
    ("dana", "reviews"): {"c5"},
    (None, "caseload"): {"c6"},
    (None, "overdue"): {"c6"},
}


def _figures(supervisor, team):
    view = team_get_for(viewer=supervisor, team_id=team.pk)
    figures, _people = metrics.figures_by_staff(
        viewer=supervisor, view=view, today=timezone.localdate()
    )
    return figures


def test_the_figures_are_the_hand_computed_ones(figures_cast, supervisor, team_a):
    figures = _figures(supervisor, team_a)
    got = {
        "casey": {k: figures[figures_cast.casey.pk][k] for k in KEYS},
        "dana": {k: figures[figures_cast.dana.pk][k] for k in KEYS},
        None: {k: figures[None][k] for k in KEYS},
    }
    assert got == EXPECTED
    # Only these three rows: team B's client and the discharged one count nowhere.
    assert set(figures) == {figures_cast.casey.pk, figures_cast.dana.pk, None}


def _staff(cast, who):
    return {"casey": str(cast.casey.pk), "dana": str(cast.dana.pk), None: "none"}[who]


def _table_numbers(html: str, row_name: str) -> list[Decimal]:
    row = re.search(rf"<tr[^>]*>\s*<th scope=\"row\"[^>]*>{row_name}</th>(.*?)</tr>", html, re.S)
    assert row, f"no row for {row_name}"
    cells = re.findall(r"<td[^>]*>(?:<a [^>]*>)?([\d.]+)<", row.group(1))
    return [Decimal(n) for n in cells]


def test_the_page_shows_each_row_and_the_team_total(client, figures_cast, supervisor, team_a):
    client.force_login(supervisor)
    html = client.get(reverse("supervision:dashboard", args=[team_a.pk])).content.decode()
    assert _table_numbers(html, "Casey Manager") == [EXPECTED["casey"][k] for k in KEYS]
    assert _table_numbers(html, "Dana Second") == [EXPECTED["dana"][k] for k in KEYS]
    assert _table_numbers(html, "No primary case manager") == [EXPECTED[None][k] for k in KEYS]
    assert _table_numbers(html, "Whole team") == [TOTAL[k] for k in KEYS]
    assert "Bramble" not in html and "Team B" not in html


@pytest.mark.parametrize("who", ["casey", "dana", None])
@pytest.mark.parametrize("metric", KEYS)
def test_each_number_links_to_a_list_of_that_many(
    client, figures_cast, supervisor, team_a, who, metric
):
    client.force_login(supervisor)
    html = client.get(reverse("supervision:dashboard", args=[team_a.pk])).content.decode()
    url = (
        reverse("supervision:metric_list", args=[team_a.pk, metric])
        + f"?staff={_staff(figures_cast, who)}"
    )
    assert f'href="{url}"' in html
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    count = int(re.search(r'data-count="(\d+)"', body).group(1))
    if metric == "weighted":
        # The weighted figure is the list's weight total; the list holds the caseload.
        weighted = re.search(r'data-weighted="([\d.]+)"', body).group(1)
        assert Decimal(weighted) == EXPECTED[who]["weighted"]
        assert count == EXPECTED[who]["caseload"]
    else:
        assert count == EXPECTED[who][metric]
    # And from the list back to the fixture: exactly the clients behind the figure.
    names = {k for k, c in figures_cast.clients.items() if f">{c.display_name}<" in body}
    wanted = BEHIND.get((who, metrics.LIST_OF.get(metric, metric)), set())
    assert names == wanted


@pytest.mark.parametrize("metric", KEYS)
def test_the_whole_team_list_has_the_total(client, figures_cast, supervisor, team_a, metric):
    client.force_login(supervisor)
    body = client.get(reverse("supervision:metric_list", args=[team_a.pk, metric])).content.decode()
    count = int(re.search(r'data-count="(\d+)"', body).group(1))
    assert count == (TOTAL["caseload"] if metric == "weighted" else TOTAL[metric])


def test_every_list_view_is_audited_with_the_clients_shown(
    client, figures_cast, supervisor, team_a
):
    client.force_login(supervisor)
    url = reverse("supervision:metric_list", args=[team_a.pk, "overdue"])
    client.get(url + f"?staff={figures_cast.casey.pk}")
    event = AuditEvent.objects.get(action="supervision.list.view")
    assert event.actor == supervisor
    assert event.detail["team_id"] == team_a.pk
    assert event.detail["metric"] == "overdue"
    assert event.detail["staff_id"] == figures_cast.casey.pk
    assert event.detail["client_ids"] == sorted(
        [figures_cast.clients["c1"].pk, figures_cast.clients["c3"].pk]
    )


def test_the_weighted_load_uses_the_staffing_acuity_weights(
    client, figures_cast, supervisor, team_a
):
    # One set of weights, casework.staffing.acuity's: a moderate client is one caseload place.
    assert metrics.ACUITY_WEIGHTS is acuity.ACUITY_WEIGHTS
    assert acuity.ACUITY_WEIGHTS == {
        "low": Decimal("0.5"),
        "moderate": Decimal("1"),
        "high": Decimal("1.5"),
    }
    weighted = next(m for m in metrics.METRICS if m.key == "weighted")
    assert str(weighted.help) == "Caseload by acuity: low 0.5, moderate 1, high 1.5"
    # Casey's list shows each client's weight beside the risk, and the total.
    client.force_login(supervisor)
    url = reverse("supervision:metric_list", args=[team_a.pk, "weighted"])
    body = client.get(url + f"?staff={figures_cast.casey.pk}").content.decode()
    for shown in ("High (1.5)", "Moderate (1)", "Low (0.5)"):
        assert f'data-label="Risk">{shown}</td>' in body
    assert 'data-weighted="3">3</strong>' in body
