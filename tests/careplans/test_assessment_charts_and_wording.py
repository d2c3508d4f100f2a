"""Trend charts stay inside their picture for every instrument; the agency's wording loads
and shows under our labels, and a bad file is refused whole."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from careplans import instruments
from careplans.charts import HEIGHT, WIDTH, chart_for
from careplans.models import Administration, InstrumentWording


def _row(code: str, day: date, score, band: str) -> Administration:
    return Administration(
        instrument=code, administered_on=day, score=score, band=band, settings_used={}
    )


@pytest.mark.parametrize("instrument", instruments.all_instruments(), ids=lambda i: i.code)
def test_every_instruments_chart_stays_inside_the_picture(instrument):
    start = date(2026, 1, 1)
    bands = instrument.bands()
    rows = [
        _row(
            instrument.code,
            start + timedelta(days=30 * n),
            None if not instrument.has_total else band.high,
            band.code,
        )
        for n, band in enumerate(bands)
    ]
    chart = chart_for(instrument, rows)
    assert len(chart.points) == len(rows)
    for p in chart.points:
        assert chart.plot_left <= p.x <= chart.plot_right
        assert 0 <= p.y <= HEIGHT
    for b in chart.bands:
        assert 0 <= b.y and b.y + b.height <= HEIGHT
    assert chart.width == WIDTH
    # Higher severity is drawn higher up.
    assert chart.points[-1].y < chart.points[0].y
    assert instrument.name in chart.description


def test_a_single_result_is_drawn_in_the_middle():
    chart = chart_for(instruments.get("phq9"), [_row("phq9", date(2026, 3, 1), 12, "moderate")])
    assert chart.points[0].x == (chart.plot_left + chart.plot_right) / 2


@pytest.mark.django_db
def test_the_agencys_wording_loads_and_shows_under_our_label(
    tmp_path, client, case_manager, client_a
):
    path = tmp_path / "wording.json"
    path.write_text(
        json.dumps(
            {
                "source": "Agency licence 2026",
                "items": {"gad7": {"gad7_1": "Agency text for item one"}},
            }
        )
    )
    call_command("load_instrument_wording", str(path))
    assert InstrumentWording.objects.get(instrument="gad7", item="gad7_1").source
    client.force_login(case_manager)
    url = reverse(
        "careplans:administration_create", kwargs={"client_id": client_a.pk, "code": "gad7"}
    )
    body = client.get(url).content.decode()
    assert "Agency text for item one" in body and "1. Nervousness" in body


@pytest.mark.django_db
def test_a_wording_file_with_an_unknown_item_is_refused_whole(tmp_path):
    path = tmp_path / "wording.json"
    path.write_text(json.dumps({"items": {"gad7": {"gad7_1": "ok", "gad7_99": "nope"}}}))
    with pytest.raises(CommandError, match="gad7.gad7_99"):
        call_command("load_instrument_wording", str(path))
    assert not InstrumentWording.objects.exists()
