"""The two package forms: a zip with one CSV per table (plus `datapackage.json`), and one
JSON document in HSDS 3.0's nested shape (directory.hsds.nested). Reading never writes
anything; it turns bytes into rows of text cells and a list of problems with file, line (or
JSON path) and field.

CSV cells that a spreadsheet would run as a formula (starting with = + - @, tab or carriage
return) are written with a leading apostrophe, and read back without it, so an export opened
in a spreadsheet runs nothing and still imports unchanged.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal
from typing import Any

from directory.hsds.nested import flatten, nest
from directory.hsds.tables import BY_FILE, BY_NAME, TABLES, Table

MAX_PACKAGE_BYTES = 10 * 1024 * 1024
# Uncompressed: a small zip may unpack to gigabytes (a zip bomb); refuse before reading.
MAX_UNPACKED_BYTES = 60 * 1024 * 1024
JSON_FILE = "directory.json"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | str | None
    field: str
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}" if isinstance(self.line, int) else f", {self.line}"
        if self.field:
            where += f", {self.field}"
        return f"{where}: {self.message}"


@dataclass
class RawTable:
    table: Table
    file: str
    # (line number, or "services[3]" in JSON; cells by column name, all text)
    rows: list[tuple[int | str, dict[str, str]]] = field(default_factory=list)


@dataclass
class RawPackage:
    tables: dict[str, RawTable] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # Problems of single rows (found while reading): reported with the validation's.
    row_problems: list[Problem] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


# Reading ------------------------------------------------------------------------------


def read_package(data: bytes, *, filename: str = "") -> RawPackage:
    """A zip of CSV files or a JSON document, told apart by content (magic bytes)."""
    if len(data) > MAX_PACKAGE_BYTES:
        return RawPackage(problems=[_too_big(filename or "package")])
    if data[:4] == b"PK\x03\x04":
        return read_zip(data)
    if data.lstrip()[:1] == b"{":
        return read_json(data)
    return RawPackage(
        problems=[
            Problem(filename or "package", None, "", "Not a zip of CSV files or a JSON file.")
        ]
    )


def _too_big(name: str) -> Problem:
    return Problem(name, None, "", f"Larger than {MAX_PACKAGE_BYTES // (1024 * 1024)} MB.")


def read_zip(data: bytes) -> RawPackage:
    package = RawPackage()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.infolist() if not m.is_dir()]
    except (zipfile.BadZipFile, ValueError):
        package.problems.append(Problem("package", None, "", "The zip file is damaged."))
        return package
    if sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
        package.problems.append(Problem("package", None, "", "The unpacked files are too large."))
        return package
    for member in members:
        name = member.filename.rsplit("/", 1)[-1]
        table = BY_FILE.get(name)
        if table is None:
            if name != "datapackage.json":
                package.skipped.append(name)
            continue
        if name in {t.file for t in package.tables.values()}:
            package.problems.append(Problem(name, None, "", "The file appears twice."))
            continue
        try:
            text = archive.read(member).decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = archive.read(member)[: error.start].count(b"\n") + 1
            package.problems.append(Problem(name, line, "", "Not UTF-8 text (save as UTF-8)."))
            continue
        except (zipfile.BadZipFile, OSError, RuntimeError):
            package.problems.append(Problem(name, None, "", "Cannot be read from the zip."))
            continue
        package.tables[table.name] = _read_csv(table, name, text, package.problems)
    if not package.tables and not package.problems:
        package.problems.append(
            Problem("package", None, "", "No HSDS table found (organizations.csv, services.csv …).")
        )
    return package


def _read_csv(table: Table, name: str, text: str, problems: list[Problem]) -> RawTable:
    raw = RawTable(table, name)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        if header is None:
            problems.append(Problem(name, 1, "", "The file is empty; a header row is needed."))
            return raw
        header = [h.strip() for h in header]
        missing = [c.name for c in table.columns if c.required and c.name not in header]
        for column in missing:
            problems.append(Problem(name, 1, column, "Required column missing from the header."))
        if missing:
            return raw
        for cells in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) != len(header):
                problems.append(
                    Problem(
                        name, line, "", f"{len(cells)} cells where the header has {len(header)}."
                    )
                )
                continue
            raw.rows.append((line, {h: _unguard(c) for h, c in zip(header, cells, strict=True)}))
    except csv.Error as error:
        problems.append(Problem(name, reader.line_num, "", f"Malformed CSV: {error}."))
    return raw


def _unguard(cell: str) -> str:
    if len(cell) > 1 and cell[0] == "'" and cell[1] in _FORMULA_STARTS:
        return cell[1:]
    return cell


def read_json(data: bytes) -> RawPackage:
    """An HSDS JSON document, nested (organizations holding their services ...) or flat (one
    array per table); a problem's line is the row's path, such as
    organizations[2].services[0].phones[1]."""
    package = RawPackage()
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        package.problems.append(Problem(JSON_FILE, None, "", "Not UTF-8 text."))
        return package
    except json.JSONDecodeError as error:
        package.problems.append(
            Problem(JSON_FILE, error.lineno, "", f"Not valid JSON: {error.msg}.")
        )
        return package
    if not isinstance(document, dict):
        package.problems.append(Problem(JSON_FILE, None, "", "Expected an object of tables."))
        return package
    package.skipped = [
        k for k in document if k not in BY_NAME and k not in {"hsds_version", "profile"}
    ]
    flat = flatten(document, _as_text)
    package.skipped += flat.skipped
    package.row_problems = [Problem(JSON_FILE, p, col, text) for p, col, text in flat.problems]
    for name, rows in flat.rows.items():
        if rows or name in document:
            package.tables[name] = RawTable(BY_NAME[name], JSON_FILE, list(rows))
    if not package.tables and not package.problems and not package.row_problems:
        package.problems.append(Problem(JSON_FILE, None, "", "No HSDS table found."))
    return package


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    return str(value)


# Writing ------------------------------------------------------------------------------


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _guard(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def write_zip(rows: dict[str, list[dict[str, Any]]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for table in TABLES:
            out = io.StringIO(newline="")
            writer = csv.writer(out, lineterminator="\r\n")
            writer.writerow(table.header)
            for row in rows.get(table.name, []):
                writer.writerow([_guard(_cell(row[c])) for c in table.header])
            archive.writestr(_member(table.file), out.getvalue())
        archive.writestr(_member("datapackage.json"), json.dumps(_datapackage(), indent=2))
    return buffer.getvalue()


def _member(name: str) -> zipfile.ZipInfo:
    # A fixed timestamp: two exports of the same directory are the same bytes.
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def _datapackage() -> dict[str, Any]:
    return {
        "name": "casework-directory",
        "profile": "tabular-data-package",
        "resources": [
            {
                "name": table.name,
                "path": table.file,
                "profile": "tabular-data-resource",
                "schema": {"fields": [{"name": c, "type": "string"} for c in table.header]},
            }
            for table in TABLES
        ],
    }


def _json_value(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int)):
        return value
    if isinstance(value, Decimal):
        return str(value)
    return _cell(value)


def write_json(rows: dict[str, list[dict[str, Any]]]) -> bytes:
    """HSDS 3.0's nested JSON (directory.hsds.nested)."""
    document: dict[str, Any] = {"hsds_version": "3.0", **nest(rows, _json_value)}
    return json.dumps(document, indent=2, ensure_ascii=False).encode()
