"""What a report hands to the page and to the downloads: headline figures, summary tables,
the lists of clients behind the numbers, a chart, and how things were counted. Cells keep
their type (int, float, date, text) so the XLSX holds numbers; the page formats them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from casework.charts import Chart
from reports.period import Period
from reports.scope import ReportScope


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list[Any]]
    total: list[Any] | None = None
    # Short name for the spreadsheet tab (31 characters at most).
    sheet: str = ""

    @property
    def display_rows(self) -> list[list[str]]:
        return [[cell_text(c) for c in row] for row in self.rows]

    @property
    def display_total(self) -> list[str] | None:
        return [cell_text(c) for c in self.total] if self.total else None

    def column(self, header: str) -> list[Any]:
        i = self.headers.index(header)
        return [row[i] for row in self.rows]


@dataclass
class Report:
    slug: str
    title: str
    scope: ReportScope
    period: Period
    figures: list[tuple[str, Any]] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    # Lists of clients: empty when the scope shows no client details (agency admins).
    lists: list[Table] = field(default_factory=list)
    chart: Chart | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def display_figures(self) -> list[tuple[str, str]]:
        return [(label, cell_text(value)) for label, value in self.figures]

    def table(self, title: str) -> Table:
        return next(t for t in [*self.tables, *self.lists] if t.title == title)


def cell_text(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.1f}"
    if isinstance(value, datetime.date):
        return f"{value:%Y-%m-%d}"
    return str(value)


def rate(part: int, whole: int) -> float | None:
    """A percentage with one decimal, or None when there is nothing to divide by."""
    return round(100 * part / whole, 1) if whole else None


def client_name(row: dict, prefix: str = "client__") -> str:
    """The name staff use (preferred name first), from a values() row."""
    first = row[f"{prefix}preferred_name"] or row[f"{prefix}given_name"]
    return f"{first} {row[f'{prefix}family_name']}"


CLIENT_FIELDS = (
    "client_id",
    "client__record_number",
    "client__given_name",
    "client__preferred_name",
    "client__family_name",
)
CLIENT_ORDER = ("client__family_name", "client__given_name", "client_id")
