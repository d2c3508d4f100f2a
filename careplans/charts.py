"""Trend charts as server-drawn SVG: an instrument's results over time over its severity
bands. No JavaScript, no external assets; the SVG scales to the card, so it stays readable at
phone width. Everything is computed here; the template only draws."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.formats import date_format

if TYPE_CHECKING:
    from careplans.instruments import Instrument
    from careplans.models import Administration

WIDTH, HEIGHT = 320, 170
# The right gutter holds the band names, clear of the points.
LEFT, RIGHT, TOP, BOTTOM = 24, 96, 12, 24
# Band fills by level, from "none/minimal" (0) to the most severe (4).
LEVEL_FILLS = ("#d1e7dd", "#fff3cd", "#ffe5d0", "#f8d7da", "#f1aeb5")


@dataclass
class BandRect:
    y: float
    height: float
    fill: str
    label: str
    low: int
    high: int

    @property
    def text_y(self) -> float:
        return self.y + self.height / 2 + 3

    @property
    def roomy(self) -> bool:
        """Tall enough to write the band's name in it."""
        return self.height >= 9


@dataclass
class Point:
    x: float
    y: float
    value: str
    date: str
    positive: bool

    @property
    def label_y(self) -> float:
        """The value's label sits above the point, or below it near the top edge."""
        return self.y - 8 if self.y > TOP + 12 else self.y + 15


@dataclass
class Chart:
    width: int = WIDTH
    height: int = HEIGHT
    plot_left: int = LEFT
    plot_right: int = WIDTH - RIGHT
    plot_bottom: int = HEIGHT - BOTTOM
    bands: list[BandRect] = field(default_factory=list)
    points: list[Point] = field(default_factory=list)
    ticks: list[tuple[float, str]] = field(default_factory=list)
    description: str = ""

    @property
    def plot_width(self) -> int:
        return self.plot_right - self.plot_left

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)

    @property
    def first_date(self) -> str:
        return self.points[0].date if self.points else ""

    @property
    def last_date(self) -> str:
        return self.points[-1].date if self.points else ""


def _value(instrument: Instrument, a: Administration) -> int:
    """What is plotted: the score, or for an instrument without a total (C-SSRS) the
    position of its risk band."""
    if instrument.has_total and a.score is not None:
        return a.score
    for i, band in enumerate(instrument.bands(a.settings_used)):
        if band.code == a.band:
            return band.low if instrument.has_total else i
    return 0


def chart_for(instrument: Instrument, results: list[Administration]) -> Chart:
    settings = results[-1].settings_used if results else {}
    bands = instrument.bands(settings)
    if instrument.has_total:
        low, high = instrument.min_score, instrument.max_score
    else:
        low, high = 0, len(bands) - 1
    span = max(high - low, 1)
    top, bottom = TOP, HEIGHT - BOTTOM
    left, right = LEFT, WIDTH - RIGHT

    def y_of(v: float) -> float:
        return bottom - (v - low) / span * (bottom - top)

    chart = Chart()
    for i, band in enumerate(bands):
        if instrument.has_total:
            b_low, b_high = band.low - 0.5, band.high + 0.5
        else:
            b_low, b_high = i - 0.5, i + 0.5
        y1, y2 = y_of(min(b_high, high)), y_of(max(b_low, low))
        chart.bands.append(
            BandRect(
                y1, y2 - y1, LEVEL_FILLS[min(band.level, 4)], str(band.label), band.low, band.high
            )
        )
    if instrument.has_total:
        chart.ticks = [(y_of(v), str(v)) for v in sorted({low, high, *(b.low for b in bands)})]
    # Instruments without a total (C-SSRS) are read by the band names drawn in the plot.

    days = [r.administered_on for r in results]
    first, last = (days[0], days[-1]) if days else (None, None)
    total_days = (last - first).days if first and last else 0
    for n, r in enumerate(results):
        if total_days > 0:
            x = left + (r.administered_on - first).days / total_days * (right - left)
        elif len(results) > 1:
            x = left + n / (len(results) - 1) * (right - left)
        else:
            x = (left + right) / 2
        value = _value(instrument, r)
        label = str(r.score) if instrument.has_total and r.score is not None else r.band
        chart.points.append(
            Point(x, y_of(value), label, date_format(r.administered_on), bool(r.positive))
        )
    scores = ", ".join(f"{p.date}: {p.value}" for p in chart.points)
    chart.description = f"{instrument.name} results over time. {scores}"
    return chart
