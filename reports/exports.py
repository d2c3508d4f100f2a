"""A report as CSV and as an XLSX workbook: the parameters first, then every table the page
shows, with the same numbers. Text that a spreadsheet could run as a formula is neutralised
the way the audit export does it (casework.security.services.csv_cell)."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterator
from typing import Any

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from casework.security.services import csv_cell
from reports.results import Report, Table


def _about(report: Report) -> list[list[Any]]:
    rows = [
        ["Report", report.title],
        ["Team or program", report.scope.label],
        ["From", report.period.start],
        ["To (included)", report.period.end],
        ["Made", timezone.localtime().replace(microsecond=0, tzinfo=None)],
    ]
    return rows + [["Note", note] for note in report.notes]


def _tables(report: Report) -> list[Table]:
    return [*report.tables, *report.lists]


def _text(value: Any) -> str:
    return csv_cell(ILLEGAL_CHARACTERS_RE.sub("", value)) if isinstance(value, str) else value


def csv_lines(report: Report) -> Iterator[str]:
    """The CSV, one encoded line at a time (for a streaming response)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(row: list[Any]) -> str:
        writer.writerow(["" if v is None else _csv_value(v) for v in row])
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    for row in _about(report):
        yield line(row)
    for table in _tables(report):
        yield line([])
        yield line([table.title])
        yield line(table.headers)
        for row in table.rows:
            yield line(row)
        if table.total:
            yield line(table.total)


def _csv_value(value: Any) -> str:
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(_text(value))


def xlsx_bytes(report: Report) -> bytes:
    """One sheet with the parameters, then one sheet per table (numbers stay numbers)."""
    book = Workbook(write_only=True)
    about = book.create_sheet("About")
    for row in _about(report):
        about.append([_text(v) for v in row])
    used = {"About"}
    for table in _tables(report):
        name = _sheet_name(table.sheet or table.title, used)
        sheet = book.create_sheet(name)
        sheet.append([_text(table.title)])
        sheet.append([_text(h) for h in table.headers])
        for row in table.rows:
            sheet.append([_text(v) for v in row])
        if table.total:
            sheet.append([_text(v) for v in table.total])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_name(name: str, used: set[str]) -> str:
    # Excel: at most 31 characters, none of []:*?/\ and unique in the book.
    clean = "".join(c for c in name if c not in "[]:*?/\\")[:31] or "Sheet"
    candidate, n = clean, 2
    while candidate in used:
        candidate = f"{clean[:28]} {n}"
        n += 1
    used.add(candidate)
    return candidate
