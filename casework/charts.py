"""Generic charts drawn on the server as inline SVG: bar, grouped or stacked bar, and line.

No JavaScript and no external assets. Every chart carries a <title> and a <desc> for screen
readers and a data table as fallback (templates/charts/_chart.html draws both), so a number is
never only a picture. All geometry is computed here; the templates only place what they get.

    chart = bar_chart(title="Caseload", categories=["Ana", "Ben"], values=[12, 9],
                      targets=[15, 15], target_name="Program ratio")
    {% include "charts/_chart.html" with chart=chart %}

Coordinates are preformatted strings, so the template never localises a float into "12,5".
Other kinds of chart (reports.charts) build on the public pieces: `describe`, `data_table`,
`format_number`, `nice_max` and the dataclasses.
"""

from __future__ import annotations

import html
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.safestring import SafeString, mark_safe

# Colour-blind-safe (Okabe-Ito based), each at least 3:1 against white.
PALETTE = ("#0d3b66", "#d55e00", "#007a5a", "#b4467f", "#0072b2", "#8c6d1f", "#6f42c1", "#495057")

FONT = 11
_ids = itertools.count(1)


def _f(v: float) -> str:
    return f"{v:.1f}"


@dataclass(frozen=True)
class Series:
    """One named run of values, one per category; None is a gap."""

    name: str
    values: Sequence[float | None]
    colour: str = ""


@dataclass
class Rect:
    x: str
    y: str
    width: str
    height: str
    fill: str
    label: str
    href: str = ""


@dataclass
class Dot:
    x: str
    y: str
    label: str


@dataclass
class Line:
    segments: list[str]  # "x,y x,y ..." for each unbroken run of values
    stroke: str
    dots: list[Dot]


@dataclass
class Marker:
    """A short horizontal rule over one category: a target such as a caseload ratio."""

    x1: str
    x2: str
    y: str
    label: str


@dataclass
class Tick:
    at: str
    label: str


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]


@dataclass
class Chart:
    kind: str
    title: str
    description: str
    width: int
    height: int
    plot_left: int
    plot_right: int
    plot_top: int
    plot_bottom: int
    table: Table
    rects: list[Rect] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    x_ticks: list[Tick] = field(default_factory=list)
    y_ticks: list[Tick] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)
    target_name: str = ""
    uid: str = field(default_factory=lambda: f"chart-{next(_ids)}")

    @property
    def empty(self) -> bool:
        return not self.table.rows

    def html(self) -> SafeString:
        """The figure as markup (chart_html), for `{{ chart.html }}`."""
        return chart_html(self)

    def legend_html(self) -> SafeString:
        return mark_safe(legend_html(self))  # noqa: S308 - escaped by legend_html

    def table_html(self) -> SafeString:
        return mark_safe(table_html(self))  # noqa: S308 - escaped by table_html

    @property
    def role(self) -> str:
        """An image, or a group when its bars are links (an image's parts cannot be)."""
        return "group" if any(r.href for r in self.rects) else "img"


def nice_max(value: float) -> float:
    """The smallest 1, 2, 5 × 10^k (or 2.5 × 10^k from 25 up) at or above value, at least 1:
    a scale whose ticks fall on whole numbers."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    steps = (1, 2, 2.5, 5, 10) if power >= 10 else (1, 2, 5, 10)
    for step in steps:
        if value <= step * power:
            return step * power
    return 10 * power  # pragma: no cover - the loop always returns


def format_number(v: float | None, unit: str = "") -> str:
    """A value as charts show it: whole numbers bare, others to one decimal, a gap as "–"."""
    if v is None:
        return "–"
    text = str(int(v)) if float(v).is_integer() else f"{v:.1f}"
    return f"{text}{unit}"


class _Frame:
    """The plot area and its scales, shared by every kind of chart."""

    def __init__(self, *, n: int, top_value: float, width: int, height: int, labels: Sequence[str]):
        self.width, self.height = width, height
        self.y_max = nice_max(top_value)
        widest = max((len(format_number(self.y_max)),), default=1)
        self.left = 12 + widest * 7
        self.right = width - 8
        self.top = 10
        self.bottom = height - 24
        self.n = max(n, 1)
        self.slot = (self.right - self.left) / self.n
        # Thin the category labels so they never overlap (about 6.5 px per character).
        longest = max((len(s) for s in labels), default=1)
        self.label_every = max(1, math.ceil(longest * 6.5 / max(self.slot, 1)))

    def y(self, v: float) -> float:
        return self.bottom - (v / self.y_max) * (self.bottom - self.top)

    def centre(self, i: int) -> float:
        return self.left + self.slot * (i + 0.5)

    def y_ticks(self) -> list[Tick]:
        # Four or five intervals, whichever lands on whole numbers (a count is never 2.5).
        steps = next((k for k in (4, 5, 2) if (self.y_max / k).is_integer()), 4)
        steps = min(steps, int(self.y_max)) or 1
        out = []
        for k in range(steps + 1):
            v = self.y_max * k / steps
            out.append(Tick(_f(self.y(v)), format_number(round(v, 1))))
        return out

    def x_ticks(self, labels: Sequence[str]) -> list[Tick]:
        return [
            Tick(_f(self.centre(i)), label)
            for i, label in enumerate(labels)
            if i % self.label_every == 0
        ]


def _coloured(series: Sequence[Series]) -> list[Series]:
    return [
        Series(s.name, list(s.values), s.colour or PALETTE[i % len(PALETTE)])
        for i, s in enumerate(series)
    ]


def describe(title: str, categories: Sequence[str], series: Sequence[Series], unit: str) -> str:
    """A sentence a screen reader can say; the table beside the chart has every value."""
    parts = []
    for s in series:
        known = [(c, v) for c, v in zip(categories, s.values, strict=False) if v is not None]
        if not known:
            continue
        low = min(known, key=lambda cv: cv[1])
        high = max(known, key=lambda cv: cv[1])
        prefix = f"{s.name}: " if len(series) > 1 else ""
        parts.append(
            f"{prefix}highest {format_number(high[1], unit)} ({high[0]}), "
            f"lowest {format_number(low[1], unit)} ({low[0]})"
        )
    body = "; ".join(parts) if parts else "no data"
    return f"{title}. {len(categories)} categories; {body}."


def data_table(
    label: str,
    categories: Sequence[str],
    series: Sequence[Series],
    unit: str,
    targets: Sequence[float | None] | None = None,
    target_name: str = "",
) -> Table:
    """The chart's numbers as a table: one row per category, one column per series (and the
    targets, when given)."""
    headers = [label, *(s.name for s in series)]
    if targets is not None:
        headers.append(target_name)
    rows = []
    for i, c in enumerate(categories):
        row = [c, *(format_number(s.values[i], unit) for s in series)]
        if targets is not None:
            row.append(format_number(targets[i], unit))
        rows.append(row)
    return Table(headers, rows)


def _check(categories: Sequence[str], series: Sequence[Series]) -> None:
    for s in series:
        if len(s.values) != len(categories):
            raise ValueError(
                f"Series {s.name!r} has {len(s.values)} values for {len(categories)} categories."
            )


def _start(
    *,
    kind: str,
    title: str,
    description: str,
    categories: Sequence[str],
    series: Sequence[Series],
    unit: str,
    table: Table,
    top_value: float,
    width: int,
    height: int,
) -> tuple[_Frame, Chart]:
    """The frame and the chart with its axes, legend and table; the caller adds the marks."""
    frame = _Frame(
        n=len(categories), top_value=top_value, width=width, height=height, labels=categories
    )
    chart = Chart(
        kind=kind,
        title=title,
        description=description or describe(title, categories, series, unit),
        width=width,
        height=height,
        plot_left=frame.left,
        plot_right=frame.right,
        plot_top=frame.top,
        plot_bottom=frame.bottom,
        table=table,
        x_ticks=frame.x_ticks(categories),
        y_ticks=frame.y_ticks(),
        legend=[(s.name, s.colour) for s in series] if len(series) > 1 else [],
    )
    return frame, chart


def bar_chart(
    *,
    title: str,
    categories: Sequence[str],
    values: Sequence[float | None],
    series_name: str = "Value",
    category_label: str = "",
    unit: str = "",
    description: str = "",
    targets: Sequence[float | None] | None = None,
    target_name: str = "Target",
    hrefs: Sequence[str] | None = None,
    colour: str = PALETTE[0],
    y_max: float | None = None,
    width: int = 480,
    height: int = 220,
) -> Chart:
    """One bar per category; optional target marks (e.g. a ratio) and links per bar.
    Pass y_max to draw several small charts on one scale."""
    return grouped_bar_chart(
        title=title,
        categories=categories,
        series=[Series(series_name, values, colour)],
        category_label=category_label,
        unit=unit,
        description=description,
        targets=targets,
        target_name=target_name,
        hrefs=hrefs,
        y_max=y_max,
        width=width,
        height=height,
    )


def grouped_bar_chart(
    *,
    title: str,
    categories: Sequence[str],
    series: Sequence[Series],
    stacked: bool = False,
    category_label: str = "",
    unit: str = "",
    description: str = "",
    targets: Sequence[float | None] | None = None,
    target_name: str = "Target",
    hrefs: Sequence[str] | None = None,
    y_max: float | None = None,
    width: int = 480,
    height: int = 220,
) -> Chart:
    """Bars side by side per category, or stacked when `stacked` (totals on the scale)."""
    series = _coloured(series)
    _check(categories, series)
    if targets is not None and len(targets) != len(categories):
        raise ValueError("One target per category.")
    if stacked:
        tops = [sum(s.values[i] or 0 for s in series) for i in range(len(categories))]
    else:
        tops = [v or 0 for s in series for v in s.values]
    tops += [t or 0 for t in (targets or [])]
    frame, chart = _start(
        kind="stacked" if stacked else ("bar" if len(series) == 1 else "grouped"),
        title=title,
        description=description,
        categories=categories,
        series=series,
        unit=unit,
        table=data_table(category_label, categories, series, unit, targets, target_name),
        top_value=max([y_max or 0, *tops, 0]),
        width=width,
        height=height,
    )
    chart.target_name = target_name if targets is not None else ""
    group = frame.slot * 0.72
    for i, category in enumerate(categories):
        start = frame.centre(i) - group / 2
        href = hrefs[i] if hrefs else ""
        base = 0.0
        for k, s in enumerate(series):
            v = s.values[i]
            if v is None:
                continue
            if stacked:
                x, w, y0, y1 = start, group, base + v, base
                base += v
            else:
                w = group / len(series)
                x, y0, y1 = start + k * w, v, 0
            top, bottom = frame.y(y0), frame.y(y1)
            label = f"{category}: {format_number(v, unit)}"
            if len(series) > 1:
                label = f"{category}, {s.name}: {format_number(v, unit)}"
            chart.rects.append(
                Rect(_f(x), _f(top), _f(max(w - 1, 1)), _f(bottom - top), s.colour, label, href)
            )
        if targets is not None and targets[i] is not None:
            chart.markers.append(
                Marker(
                    _f(start - 3),
                    _f(start + group + 3),
                    _f(frame.y(targets[i])),
                    f"{category}: {target_name} {format_number(targets[i], unit)}",
                )
            )
    return chart


def line_chart(
    *,
    title: str,
    categories: Sequence[str],
    series: Sequence[Series],
    category_label: str = "",
    unit: str = "",
    description: str = "",
    y_max: float | None = None,
    width: int = 480,
    height: int = 220,
) -> Chart:
    """One line per series across the categories (usually periods); None breaks the line."""
    series = _coloured(series)
    _check(categories, series)
    tops = [v or 0 for s in series for v in s.values]
    frame, chart = _start(
        kind="line",
        title=title,
        description=description,
        categories=categories,
        series=series,
        unit=unit,
        table=data_table(category_label, categories, series, unit),
        top_value=max([y_max or 0, *tops, 0]),
        width=width,
        height=height,
    )
    for s in series:
        dots = [
            Dot(_f(frame.centre(i)), _f(frame.y(v)), f"{c}, {s.name}: {format_number(v, unit)}")
            for i, (c, v) in enumerate(zip(categories, s.values, strict=True))
            if v is not None
        ]
        # Consecutive known values form one segment; a gap (None) starts a new polyline.
        segments: list[str] = []
        run: list[str] = []
        for i, v in enumerate([*s.values, None]):
            if v is None:
                if run:
                    segments.append(" ".join(run))
                run = []
            else:
                run.append(f"{_f(frame.centre(i))},{_f(frame.y(v))}")
        chart.lines.append(Line(segments, s.colour, dots))
    return chart


# Markup. The team dashboard draws a chart per case manager (a dozen a page), and Django's
# template engine spent most of the page's rendering on them (a few hundred variable lookups
# each); the same markup joined here costs a fraction of that. templates/charts/_chart.html
# is `{{ chart.html }}`; a report's own picture (reports/_hbar_svg.html) takes the legend and
# table from here too.


def _e(value: object) -> str:
    # What django.utils.html.escape does, without its lazy-string wrapper and SafeString per
    # value (several hundred a dashboard): the chart's markup is marked safe once, whole.
    return html.escape(str(value))


def svg_html(chart: Chart) -> str:
    """The picture: title and desc name it for screen readers."""
    uid = _e(chart.uid)
    out = [
        f'<svg class="cw-chart-svg d-block" width="100%" viewBox="0 0 {chart.width} '
        f'{chart.height}" role="{chart.role}" aria-labelledby="{uid}-title {uid}-desc" '
        'preserveAspectRatio="xMidYMid meet">',
        f'<title id="{uid}-title">{_e(chart.title)}</title>',
        f'<desc id="{uid}-desc">{_e(chart.description)}</desc>',
    ]
    left, right = chart.plot_left, chart.plot_right
    for t in chart.y_ticks:
        at = _e(t.at)
        out.append(
            f'<line x1="{left}" y1="{at}" x2="{right}" y2="{at}" stroke="#dee2e6" '
            'stroke-width="1" />'
            f'<text x="{left - 4}" y="{at}" font-size="11" text-anchor="end" '
            f'dominant-baseline="middle" fill="#495057">{_e(t.label)}</text>'
        )
    for r in chart.rects:
        rect = (
            f'<rect x="{_e(r.x)}" y="{_e(r.y)}" width="{_e(r.width)}" height="{_e(r.height)}" '
            f'fill="{_e(r.fill)}"><title>{_e(r.label)}</title></rect>'
        )
        out.append(f'<a href="{_e(r.href)}">{rect}</a>' if r.href else rect)
    for m in chart.markers:
        out.append(
            f'<line x1="{_e(m.x1)}" y1="{_e(m.y)}" x2="{_e(m.x2)}" y2="{_e(m.y)}" '
            'stroke="#b02a37" stroke-width="2.5" stroke-dasharray="5 2">'
            f"<title>{_e(m.label)}</title></line>"
        )
    for line in chart.lines:
        stroke = _e(line.stroke)
        for points in line.segments:
            out.append(
                f'<polyline points="{_e(points)}" fill="none" stroke="{stroke}" '
                'stroke-width="2" stroke-linejoin="round" />'
            )
        for d in line.dots:
            out.append(
                f'<circle cx="{_e(d.x)}" cy="{_e(d.y)}" r="3" fill="#fff" stroke="{stroke}" '
                f'stroke-width="1.5"><title>{_e(d.label)}</title></circle>'
            )
    bottom = chart.plot_bottom
    out.append(
        f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="#6c757d" '
        'stroke-width="1" />'
    )
    for t in chart.x_ticks:
        out.append(
            f'<text x="{_e(t.at)}" y="{chart.height - 8}" font-size="11" text-anchor="middle" '
            f'fill="#495057">{_e(t.label)}</text>'
        )
    out.append("</svg>")
    return "\n".join(out)


def legend_html(chart: Chart) -> str:
    """Series colours and the target mark (SVG swatches: the CSP allows no inline styles)."""
    if not (chart.legend or chart.target_name):
        return ""
    items = [
        '<li class="list-inline-item"><svg width="12" height="12" viewBox="0 0 12 12">'
        f'<rect width="12" height="12" fill="{_e(colour)}" /></svg> {_e(name)}</li>'
        for name, colour in chart.legend
    ]
    if chart.target_name:
        items.append(
            '<li class="list-inline-item"><svg width="14" height="12" viewBox="0 0 14 12">'
            '<line x1="0" y1="6" x2="14" y2="6" stroke="#b02a37" stroke-width="2.5" '
            f'stroke-dasharray="5 2" /></svg> {_e(chart.target_name)}</li>'
        )
    return f'<ul class="list-inline small mb-1 mt-1" aria-hidden="true">{"".join(items)}</ul>'


def table_html(chart: Chart) -> str:
    """The numbers behind the chart, folded away under the picture."""
    head = "".join(f'<th scope="col">{_e(h)}</th>' for h in chart.table.headers)
    body = "".join(
        "<tr>"
        + "".join(
            f'<th scope="row">{_e(c)}</th>' if i == 0 else f"<td>{_e(c)}</td>"
            for i, c in enumerate(row)
        )
        + "</tr>"
        for row in chart.table.rows
    )
    return (
        '<details class="cw-chart-data small">\n  <summary>Data table</summary>\n'
        '  <div class="table-responsive">\n    <table class="table table-sm mb-0">\n'
        f'      <caption class="visually-hidden">{_e(chart.title)}</caption>\n'
        f"      <thead><tr>{head}</tr></thead>\n      <tbody>{body}</tbody>\n"
        "    </table>\n  </div>\n</details>"
    )


def chart_html(chart: Chart, picture: str | None = None) -> SafeString:
    """The whole figure: caption, picture (`svg_html` unless given), legend, data table."""
    uid = _e(chart.uid)
    if chart.empty:
        inner = '<p class="small text-body-secondary mb-0">No data yet.</p>'
    else:
        inner = "\n".join(
            (svg_html(chart) if picture is None else picture, legend_html(chart), table_html(chart))
        )
    return mark_safe(  # noqa: S308 - every value above is escaped by _e
        f'<figure class="cw-chart mb-3" aria-labelledby="{uid}-caption">\n'
        f'<figcaption id="{uid}-caption" class="small fw-semibold mb-1">{_e(chart.title)}'
        f"</figcaption>\n{inner}\n</figure>"
    )
