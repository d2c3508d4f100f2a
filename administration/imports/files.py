"""Reading an uploaded CSV or XLSX file into header and rows, with the problems the file
itself has. The parsing is the standard library's `csv` and openpyxl's; this module only says
what it found, by line and column, in words an admin can act on.

A "line" is where the row starts: in a CSV file the text line (the header is line 1), in a
spreadsheet the row number. Cells holding a formula are refused, whatever the format: the
value shown in a spreadsheet is not in the file (or is stale), and a formula stored in a record
could run in whatever spreadsheet later opens an export of it.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

MAX_ROWS = 20_000
MAX_COLUMNS = 60
MAX_CELL_CHARS = 2_000
# A cell that a spreadsheet would run: "=SUM(A1)", "@cmd", "+A1", "-A1". A phone number such
# as "+1 510 555 0100" or "-" alone is not one.
_FORMULA = re.compile(r"^\s*(?:[=@]|[+-]\s*[A-Za-z(])")


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    column: str
    message: str


@dataclass
class Table:
    """One file: its columns (normalised names, in order) and rows by line."""

    file: str
    columns: list[str] = field(default_factory=list)
    rows: list[tuple[int, dict[str, object]]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def problem(self, line: int | None, column: str, message: str) -> None:
        self.problems.append(Problem(self.file, line, column, message))

    def as_json(self) -> dict:
        """The rows as read, dates as YYYY-MM-DD text (read back as the same dates)."""
        rows = [
            [line, {k: v.isoformat() if isinstance(v, date) else v for k, v in cells.items()}]
            for line, cells in self.rows
        ]
        return {"file": self.file, "columns": self.columns, "rows": rows}

    @classmethod
    def from_json(cls, data: dict) -> Table:
        return cls(
            file=data["file"],
            columns=list(data["columns"]),
            rows=[(line, cells) for line, cells in data["rows"]],
        )


def column_name(text: object) -> str:
    """'Date of birth ' -> 'date_of_birth': headers are matched without case or spacing."""
    return "_".join(str(text or "").strip().lower().replace("-", " ").split())


def read_table(data: bytes, *, filename: str, label: str, max_rows: int = MAX_ROWS) -> Table:
    """The file's rows as {column: text or date}; empty rows are left out. XLSX by its zip
    signature (whatever the name says), anything else as CSV."""
    table = Table(file=label)
    if not data.strip():
        table.problem(None, "", "The file is empty.")
        return table
    if data[:4] == b"PK\x03\x04":
        _read_xlsx(data, table, max_rows)
    else:
        _read_csv(data, table, max_rows)
    return table


def _header(table: Table, cells: list[object]) -> list[str] | None:
    names = [column_name(c) for c in cells]
    while names and not names[-1]:
        names.pop()
    if not names:
        table.problem(1, "", "The first line must name the columns.")
        return None
    if len(names) > MAX_COLUMNS:
        table.problem(1, "", f"More than {MAX_COLUMNS} columns.")
        return None
    seen: set[str] = set()
    for position, name in enumerate(names, start=1):
        if not name:
            table.problem(1, f"column {position}", "A column without a name.")
        elif name in seen:
            table.problem(1, name, "This column appears twice.")
        seen.add(name)
    table.columns = names
    return names if not table.problems else None


def _cell(table: Table, line: int, column: str, value: object, *, formula: bool) -> object:
    if formula:
        table.problem(line, column, "A formula: replace it with its value (paste as values).")
        return ""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a record number typed as a number: 10023.0 -> "10023"
    text = "" if value is None else str(value)
    if "\x00" in text:
        table.problem(line, column, "Contains a NUL character.")
        return ""
    if len(text) > MAX_CELL_CHARS:
        table.problem(line, column, f"Longer than {MAX_CELL_CHARS} characters.")
        return ""
    if _FORMULA.match(text):
        table.problem(line, column, "Starts like a formula (=, +, -, @): remove that first sign.")
        return ""
    return text.strip()


def _row(table: Table, names: list[str], line: int, cells: list, formulas: list[bool]) -> None:
    if not any(str(c).strip() for c in cells if c is not None):
        return
    if len(cells) > len(names) and any(str(c or "").strip() for c in cells[len(names) :]):
        table.problem(line, "", "More cells than the header has columns.")
    table.rows.append(
        (
            line,
            {
                name: _cell(table, line, name, value, formula=formula)
                for name, value, formula in zip(names, cells, formulas, strict=False)
            },
        )
    )


def _fill(table: Table, lines: Iterator[tuple[int, list, list[bool]]], max_rows: int) -> bool:
    """The header, then the rows, of a file of either kind, as (line number, cells, which
    cells are formulas). False when there was no line to read the header from."""
    names = None
    for line, cells, formulas in lines:
        if names is None:
            names = _header(table, cells)
            if names is None:
                return True
            continue
        if len(table.rows) >= max_rows:
            table.problem(line, "", f"More than {max_rows:,} rows: split the file.")
            return True
        _row(table, names, line, cells, formulas)
    return names is not None


def _sheet_lines(sheet) -> Iterator[tuple[int, list, list[bool]]]:
    """A sheet's lines from its first that is not blank. Values only (much faster than cell
    objects): read with data_only=False, a formula cell's value is its formula, "=...", which
    _cell refuses."""
    started = False
    for line, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells = list(row)
        if not started and not any(v is not None for v in cells):
            continue
        started = True
        yield line, cells, [isinstance(v, str) and v.startswith("=") for v in cells]


def _read_csv(data: bytes, table: Table, max_rows: int) -> None:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        table.problem(None, "", "Not UTF-8 text: save it as “CSV UTF-8” (or as XLSX).")
        return
    first = text.partition("\n")[0]
    try:
        dialect = csv.Sniffer().sniff(first, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    lines = (
        (reader.line_num - sum(cell.count("\n") for cell in cells), cells, [False] * len(cells))
        for cells in reader
    )
    try:
        headed = _fill(table, lines, max_rows)
    except csv.Error as error:
        table.problem(reader.line_num, "", f"Not readable as CSV: {error}.")
        return
    if not headed and not table.problems:
        table.problem(None, "", "The file is empty.")


def _read_xlsx(data: bytes, table: Table, max_rows: int) -> None:
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        table.problem(None, "", "Not a readable XLSX spreadsheet.")
        return
    try:
        sheet = book.worksheets[0]
        # The size a file states can be wrong, and working it out reads the sheet twice.
        sheet.reset_dimensions()
        if not _fill(table, _sheet_lines(sheet), max_rows):
            table.problem(None, "", "The first sheet is empty.")
    finally:
        book.close()


@dataclass(frozen=True)
class ProblemGroup:
    """The same problem on many lines, shown once: "lines 2-41, 45"."""

    file: str
    column: str
    message: str
    lines: tuple[int, ...]

    @property
    def line_ranges(self) -> str:
        return line_ranges(self.lines)


def grouped(problems: list[Problem]) -> list[ProblemGroup]:
    """Problems of one file, column and message together, in the order first met."""
    groups: dict[tuple[str, str, str], list[int]] = {}
    for p in problems:
        lines = groups.setdefault((p.file, p.column, p.message), [])
        if p.line is not None:
            lines.append(p.line)
    return [ProblemGroup(f, c, m, tuple(lines)) for (f, c, m), lines in groups.items()]


def line_ranges(lines: tuple[int, ...] | list[int]) -> str:
    """[2, 3, 4, 7, 9, 10] -> "2-4, 7, 9-10"."""
    spans: list[list[int]] = []
    for line in sorted(set(lines)):
        if spans and line == spans[-1][1] + 1:
            spans[-1][1] = line
        else:
            spans.append([line, line])
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in spans)
