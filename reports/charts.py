"""Horizontal bars, for categories with long names (services, event kinds, needs): the
generic charts (casework.charts) put category names under vertical bars and thin them out
when they do not fit. Built from casework.charts' pieces, drawn by reports/_hbar_svg.html."""

from __future__ import annotations

from collections.abc import Sequence

# The screen-reader sentence, the data table and the number format are casework.charts' own,
# so a horizontal bar chart reads like any other.
from casework.charts import (
    PALETTE,
    Chart,
    Rect,
    Series,
    Tick,
    data_table,
    describe,
    format_number,
    nice_max,
)

WIDTH = 480
ROW = 24
TOP, BOTTOM = 8, 22
CHAR = 6.2  # about one character of an 11 px label


def hbar_chart(
    *,
    title: str,
    categories: Sequence[str],
    series: Sequence[Series],
    category_label: str = "",
    unit: str = "",
) -> Chart:
    """One bar per category, its series stacked left to right; names written in full on
    the left (up to 30 characters, then cut, the full name in the bar's tooltip)."""
    series = [
        Series(s.name, list(s.values), s.colour or PALETTE[i % len(PALETTE)])
        for i, s in enumerate(series)
    ]
    totals = [sum(s.values[i] or 0 for s in series) for i in range(len(categories))]
    x_max = nice_max(max([*totals, 0]))
    longest = max((len(_short(c)) for c in categories), default=1)
    left = min(12 + longest * CHAR, WIDTH * 0.45)
    right = WIDTH - 12
    height = TOP + ROW * max(len(categories), 1) + BOTTOM

    def x(v: float) -> float:
        return left + (v / x_max) * (right - left)

    steps = next((k for k in (4, 5, 2) if (x_max / k).is_integer()), 4)
    steps = min(steps, int(x_max)) or 1
    chart = Chart(
        kind="hbar",
        title=title,
        description=describe(title, categories, series, unit),
        width=WIDTH,
        height=height,
        plot_left=round(left),
        plot_right=right,
        plot_top=TOP,
        plot_bottom=height - BOTTOM,
        table=data_table(category_label, categories, series, unit),
        x_ticks=[
            Tick(f"{x(x_max * k / steps):.1f}", format_number(round(x_max * k / steps, 1)))
            for k in range(steps + 1)
        ],
        # Category names, one per row, at the row's middle.
        y_ticks=[Tick(f"{TOP + ROW * (i + 0.5):.1f}", _short(c)) for i, c in enumerate(categories)],
        legend=[(s.name, s.colour) for s in series] if len(series) > 1 else [],
    )
    for i, category in enumerate(categories):
        base = 0.0
        for s in series:
            v = s.values[i]
            if not v:
                continue
            label = f"{category}: {format_number(v, unit)}"
            if len(series) > 1:
                label = f"{category}, {s.name}: {format_number(v, unit)}"
            x0, x1 = x(base), x(base + v)
            chart.rects.append(
                Rect(
                    f"{x0:.1f}",
                    f"{TOP + ROW * i + 4:.1f}",
                    f"{max(x1 - x0, 1):.1f}",
                    f"{ROW - 8:.1f}",
                    s.colour,
                    label,
                )
            )
            base += v
    return chart


def _short(name: str) -> str:
    return name if len(name) <= 30 else name[:29] + "…"
