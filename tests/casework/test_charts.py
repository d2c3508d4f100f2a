"""casework.charts: geometry, accessible names and the data-table fallback."""

from __future__ import annotations

import re

import pytest
from django.template.loader import render_to_string

from casework.charts import Series, bar_chart, grouped_bar_chart, line_chart, nice_max


def test_nice_max_rounds_up_to_a_readable_scale():
    assert [nice_max(v) for v in (0, 1, 3, 7, 11, 23, 240)] == [1, 1, 5, 10, 20, 25, 250]


@pytest.mark.parametrize("top", [1, 2, 3, 5, 7, 10, 13, 20, 23, 40, 240])
def test_the_scale_ticks_on_whole_numbers(top):
    chart = bar_chart(title="t", categories=["a"], values=[top])
    labels = [t.label for t in chart.y_ticks]
    assert all(label.isdigit() for label in labels), labels
    assert labels[0] == "0" and float(labels[-1]) >= top


def test_bar_heights_are_proportional_to_values():
    chart = bar_chart(title="Caseload", categories=["Ana", "Ben"], values=[10, 5])
    tall, short = (float(r.height) for r in chart.rects)
    assert tall == pytest.approx(2 * short, abs=0.2)
    # Both bars stand on the axis.
    for r in chart.rects:
        assert float(r.y) + float(r.height) == pytest.approx(chart.plot_bottom, abs=0.1)


def test_targets_are_drawn_at_their_value_and_listed_in_the_table():
    chart = bar_chart(
        title="Caseload", categories=["Ana"], values=[10], targets=[20], target_name="Ratio"
    )
    (marker,) = chart.markers
    (bar,) = chart.rects
    # The scale tops out at 20, so the target sits at the top of the plot, twice the bar.
    assert float(marker.y) == pytest.approx(chart.plot_top, abs=0.1)
    assert chart.table.headers == ["", "Value", "Ratio"]
    assert chart.table.rows == [["Ana", "10", "20"]]
    assert float(bar.height) == pytest.approx((chart.plot_bottom - chart.plot_top) / 2, abs=0.1)


def test_stacked_bars_sit_on_each_other():
    chart = grouped_bar_chart(
        title="Open work",
        categories=["Ana"],
        series=[Series("Overdue", [3]), Series("Unsigned", [2])],
        stacked=True,
    )
    first, second = chart.rects
    assert float(second.y) + float(second.height) == pytest.approx(float(first.y), abs=0.1)
    assert chart.kind == "stacked"
    assert [name for name, _ in chart.legend] == ["Overdue", "Unsigned"]


def test_grouped_bars_stand_side_by_side():
    chart = grouped_bar_chart(
        title="Contacts",
        categories=["W1", "W2"],
        series=[Series("Ana", [1, 2]), Series("Ben", [3, 4])],
    )
    a1, b1 = chart.rects[0], chart.rects[1]
    assert float(b1.x) > float(a1.x)
    assert a1.fill != b1.fill


def test_a_gap_in_a_line_breaks_it_into_segments():
    chart = line_chart(
        title="Overdue", categories=["a", "b", "c", "d"], series=[Series("Team", [1, 2, None, 4])]
    )
    (line,) = chart.lines
    assert len(line.segments) == 2
    assert len(line.dots) == 3


def test_each_series_must_have_one_value_per_category():
    with pytest.raises(ValueError):
        line_chart(title="x", categories=["a", "b"], series=[Series("s", [1])])


def test_template_names_the_picture_and_keeps_the_numbers_in_a_table():
    chart = bar_chart(
        title="Caseload <by> person",
        categories=["Ana", "Ben"],
        values=[12, 7],
        hrefs=["/a/", "/b/"],
    )
    html = render_to_string("charts/_chart.html", {"chart": chart})
    assert f'aria-labelledby="{chart.uid}-title {chart.uid}-desc"' in html
    assert "<title id=" in html and "<desc id=" in html
    assert "Caseload &lt;by&gt; person" in html
    assert "highest 12 (Ana), lowest 7 (Ben)" in chart.description
    assert re.search(r'<th scope="row">Ana</th><td>12</td>', html)
    assert '<a href="/a/">' in html
    assert 'role="group"' in html  # linked bars: not an image, whose parts cannot be links
    assert "style=" not in html  # the CSP forbids inline styles


def test_an_empty_chart_says_so():
    chart = bar_chart(title="Nothing", categories=[], values=[])
    html = render_to_string("charts/_chart.html", {"chart": chart})
    assert "No data yet." in html and "<svg" not in html


def test_a_chart_without_links_is_an_image():
    chart = line_chart(title="Trend", categories=["a", "b"], series=[Series("n", [1, 2])])
    assert 'role="img"' in render_to_string("charts/_chart.html", {"chart": chart})
