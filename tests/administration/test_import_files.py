"""Reading an uploaded CSV or XLSX file: rows by their line, formulas refused, whatever the
format, and a file that cannot be read named as such."""

from __future__ import annotations

import io
from datetime import date, datetime

from openpyxl import Workbook

from administration.imports.columns import CLIENTS, template_csv, template_xlsx
from administration.imports.files import read_table


def _xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _problems(table):
    return [(p.line, p.column, p.message) for p in table.problems]


def test_a_csv_row_keeps_the_line_where_it_starts_even_after_a_multi_line_cell():
    data = b'record_number,address\n1,"12 Bay St\nOakland"\n2,Main St\n'
    table = read_table(data, filename="c.csv", label="clients")
    # The first record spans text lines 2 and 3; the second starts on line 4.
    assert [(line, cells["record_number"]) for line, cells in table.rows] == [(2, "1"), (4, "2")]
    assert table.rows[0][1]["address"] == "12 Bay St\nOakland"


def test_headers_are_matched_without_case_or_spacing_and_a_bom_is_ignored():
    table = read_table(
        "\ufeffRecord Number;Date of birth\nA;1980-01-02\n".encode(), filename="c.csv", label="c"
    )
    assert table.columns == ["record_number", "date_of_birth"]
    assert table.rows == [(2, {"record_number": "A", "date_of_birth": "1980-01-02"})]


def test_text_that_a_spreadsheet_would_run_is_refused_but_a_phone_number_is_not():
    data = b'name,phone\n=HYPERLINK("x"),+1 510 555 0100\n@SUM(A1),-\n+A1,555\n'
    table = read_table(data, filename="c.csv", label="clients")
    assert [(line, column) for line, column, _ in _problems(table)] == [
        (2, "name"),
        (3, "name"),
        (4, "name"),
    ]
    assert table.rows[0][1]["phone"] == "+1 510 555 0100"


def test_a_formula_cell_in_a_spreadsheet_is_refused_at_its_row():
    data = _xlsx([["record_number", "phone"], ["A-1", "510"], ["A-2", "=1+1"]])
    table = read_table(data, filename="c.xlsx", label="clients")
    assert _problems(table) == [
        (3, "phone", "A formula: replace it with its value (paste as values).")
    ]


def test_spreadsheet_dates_and_numbers_come_as_dates_and_plain_text():
    data = _xlsx([["record_number", "date_of_birth"], [10023.0, datetime(1984, 3, 2)]])
    table = read_table(data, filename="c.xlsx", label="clients")
    assert table.rows == [(2, {"record_number": "10023", "date_of_birth": date(1984, 3, 2)})]


def test_a_file_that_is_neither_is_named_as_such():
    assert _problems(read_table(b"PK\x03\x04garbage", filename="c.xlsx", label="c")) == [
        (None, "", "Not a readable XLSX spreadsheet.")
    ]
    assert (
        "Not UTF-8"
        in _problems(read_table(b"a,b\n\xff\xfe,1\n", filename="c.csv", label="c"))[0][2]
    )
    assert _problems(read_table(b"  \n", filename="c.csv", label="c")) == [
        (None, "", "The file is empty.")
    ]


def test_a_header_naming_a_column_twice_is_refused():
    table = read_table(b"email,Email\nx,y\n", filename="c.csv", label="c")
    assert _problems(table) == [(1, "email", "This column appears twice.")]


def test_too_many_rows_are_refused_rather_than_read():
    data = b"a\n" + b"x\n" * 30
    table = read_table(data, filename="c.csv", label="c", max_rows=20)
    assert _problems(table) == [(22, "", "More than 20 rows: split the file.")]


def test_the_templates_read_back_with_every_column():
    for data, name in ((template_csv("clients"), "t.csv"), (template_xlsx("clients"), "t.xlsx")):
        table = read_table(data, filename=name, label="clients")
        assert table.columns == [c.name for c in CLIENTS]
        assert not table.problems and len(table.rows) == 1


def test_every_column_is_documented_in_docs_with_its_need():
    from pathlib import Path

    from administration.imports.columns import FILES

    docs = (Path(__file__).resolve().parents[2] / "docs" / "onboarding.md").read_text()
    for columns in FILES.values():
        for column in columns:
            row = f"| `{column.name}` | {'yes' if column.required else 'no'} | {column.meaning} |"
            assert row in docs, row


def test_the_same_problem_on_many_lines_is_shown_once_with_its_lines():
    from administration.imports.files import Problem, grouped

    problems = [Problem("clients", n, "program", "No program") for n in (2, 3, 4, 7, 9, 10)]
    problems.insert(2, Problem("clients", 5, "team", "No team"))
    (program, team) = grouped(problems)
    assert (program.column, program.line_ranges) == ("program", "2–4, 7, 9–10")
    assert (team.column, team.line_ranges) == ("team", "5")
