"""Turn an uploaded package into rows of HSDS tables, whatever shape HSDS publishes it in, and
name the shape:

- a zip of CSV files, with or without the spec's `datapackage.json` (whose resources name
  the files), or one CSV file named for its table;
- JSON: a single organization, service, location or service_at_location object; a list of
  them; an HSDS API page (`contents`); records grouped by table (`{"organizations": [...]}`
  and the other plural keys, nested or flat); the flat tables keyed by file name
  (`organizations.csv`) or by table name (`organization`), as in the spec's tabular.json.

Reading never writes anything. Bad input is refused with one problem and nothing read: a
damaged or truncated zip, a zip whose members climb out of it (`../`) or unpack to far more
than they weigh (a zip bomb), text that is not UTF-8, JSON nested too deep, a package over
MAX_PACKAGE_BYTES.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from directory.hsds import spec
from directory.hsds.nesting import MAX_DEPTH, Record, Rows, Walker
from directory.hsds.report import Problem

MAX_PACKAGE_BYTES = 10 * 1024 * 1024
# Uncompressed: a small zip may unpack to gigabytes (a zip bomb); refuse before reading.
MAX_UNPACKED_BYTES = 60 * 1024 * 1024
MAX_RATIO = 200
JSON_FILE = "directory.json"
DATAPACKAGE = "datapackage.json"


@dataclass
class Package:
    shape: str
    rows: Rows


def _refused(name: str, message: str, shape: str = "") -> Package:
    rows = Rows()
    rows.problems.append(Problem(name, None, "", message))
    return Package(shape, rows)


def read_package(data: bytes, *, filename: str = "") -> Package:
    """A zip of CSV files, one CSV file, or a JSON document, told apart by content."""
    name = filename or "package"
    if len(data) > MAX_PACKAGE_BYTES:
        return _refused(name, f"Larger than {MAX_PACKAGE_BYTES // (1024 * 1024)} MB.")
    if data[:4] == b"PK\x03\x04":
        return read_zip(data)
    start = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if start in (b"{", b"["):
        return read_json(data, file=PurePosixPath(filename).name or JSON_FILE)
    if filename.lower().endswith(".csv"):
        return read_csv_file(data, PurePosixPath(filename).name)
    return _refused(name, "Not a zip of CSV files, a CSV file or a JSON file.")


# CSV ---------------------------------------------------------------------------------------


def read_csv_file(data: bytes, name: str) -> Package:
    table = spec.table_for(name)
    if table is None and not spec.not_kept_name(name):
        return _refused(name, "Not the name of an HSDS table (such as organizations.csv).")
    rows = Rows()
    text = _decode(data, name, rows)
    if text is not None:
        _read_csv(rows, name, text, table.name if table else spec.not_kept_name(name))
    label = table.name if table else name
    return Package(f"One CSV file of HSDS {label}", rows)


def _decode(data: bytes, name: str, rows: Rows) -> str | None:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        rows.problems.append(Problem(name, line, "", "Not UTF-8 text (save it as UTF-8)."))
        return None


def _read_csv(rows: Rows, name: str, text: str, table: str) -> None:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        if header is None:
            rows.problems.append(Problem(name, 1, "", "The file is empty; a header row is needed."))
            return
        header = [h.strip() for h in header]
        kept = spec.BY_NAME.get(table)
        missing = [
            f.name for f in (kept.fields if kept else ()) if (f.required or f.tabular)
            and f.name not in header and not f.constant
        ]  # fmt: skip
        for column in missing:
            rows.problems.append(
                Problem(name, 1, column, "Required column missing from the header.")
            )
        if missing:
            return
        for cells in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) > len(header):
                message = f"{len(cells)} cells where the header has {len(header)}."
                rows.problems.append(Problem(name, line, "", message))
                continue
            # A short row leaves its last cells empty (the spec's own example does).
            cells += [""] * (len(header) - len(cells))
            if kept is None:
                rows.not_kept.append((table, name, line))
                continue
            values = dict(zip(header, cells, strict=True))
            rows.add(Record(table, name, line, values, textual=True))
    except csv.Error as error:
        rows.problems.append(Problem(name, reader.line_num, "", f"Malformed CSV: {error}."))


def _safe(member: zipfile.ZipInfo) -> bool:
    path = PurePosixPath(member.filename.replace("\\", "/"))
    return not path.is_absolute() and ".." not in path.parts


def read_zip(data: bytes) -> Package:
    shape = "A zip of CSV files"
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.infolist() if not m.is_dir()]
    except (zipfile.BadZipFile, ValueError, EOFError):
        return _refused("package", "The zip file is damaged or cut short.", shape)
    unsafe = [m.filename for m in members if not _safe(m)]
    if unsafe:
        return _refused("package", f"A file in the zip points outside it: {unsafe[0]}.", shape)
    unpacked = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members) or 1
    if unpacked > MAX_UNPACKED_BYTES or unpacked / packed > MAX_RATIO:
        return _refused("package", "The unpacked files are too large (a zip bomb?).", shape)
    rows = Rows()
    try:
        files = {PurePosixPath(m.filename).name: archive.read(m) for m in members}
    except (zipfile.BadZipFile, OSError, RuntimeError, EOFError, ValueError):
        return _refused("package", "The zip file is damaged or cut short.", shape)
    paths = _datapackage_paths(files, rows)
    if paths is not None:
        shape = "A CSV data package (zip) with datapackage.json"
    read_any = False
    for name, content in sorted(files.items()):
        if name == DATAPACKAGE:
            continue
        key = (paths or {}).get(name, name)
        table = spec.table_for(key)
        unkept = spec.not_kept_name(key)
        if table is None and unkept is None:
            reason = "not an HSDS table" if name.lower().endswith(".csv") else "not a CSV file"
            rows.warnings.append(Problem(name, None, "", f"Not read: {reason}."))
            continue
        text = _decode(content, name, rows)
        if text is not None:
            read_any = True
            _read_csv(rows, name, text, table.name if table else unkept)
    if not read_any and not rows.problems:
        rows.problems.append(
            Problem("package", None, "", "No HSDS table found (organizations.csv, services.csv …).")
        )
    return Package(shape, rows)


def _datapackage_paths(files: dict[str, bytes], rows: Rows) -> dict[str, str] | None:
    """file name -> resource name, from the package's datapackage.json (None without one)."""
    if DATAPACKAGE not in files:
        return None
    try:
        described = json.loads(files[DATAPACKAGE].decode("utf-8-sig"))
        resources = described["resources"]
        return {
            PurePosixPath(r["path"]).name: r["name"]
            for r in resources
            if isinstance(r, dict) and isinstance(r.get("path"), str) and r.get("name")
        }
    except (UnicodeDecodeError, ValueError, KeyError, TypeError, RecursionError):
        rows.warnings.append(
            Problem(DATAPACKAGE, None, "", "Not a readable data package; files read by name.")
        )
        return {}


# JSON --------------------------------------------------------------------------------------


def read_json(data: bytes, *, file: str = JSON_FILE) -> Package:
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return _refused(file, "Not UTF-8 text.", "JSON")
    except json.JSONDecodeError as error:
        rows = Rows()
        rows.problems.append(Problem(file, error.lineno, "", f"Not valid JSON: {error.msg}."))
        return Package("JSON", rows)
    except RecursionError:
        return _refused(file, f"Nested more than {MAX_DEPTH} levels deep.", "JSON")
    rows = Rows()
    walker = Walker(rows, file)
    shape = _read_document(walker, document)
    if not rows.by_id and not rows.anonymous and not rows.problems and not rows.not_kept:
        rows.problems.append(Problem(file, None, "", "No HSDS record found."))
    return Package(shape, rows)


def _read_document(walker: Walker, document: Any) -> str:
    if isinstance(document, list):
        kinds = [_walk_object(walker, obj, f"$[{i}]") for i, obj in enumerate(document)]
        return f"A list of {_counted(kinds)} (JSON)"
    if not isinstance(document, dict):
        walker.rows.problems.append(Problem(walker.file, "$", "", "Expected an object or a list."))
        return "JSON"
    if isinstance(document.get("contents"), list):
        kinds = [
            _walk_object(walker, obj, f"$.contents[{i}]")
            for i, obj in enumerate(document["contents"])
        ]
        return f"An HSDS API page of {_counted(kinds)} (JSON, contents)"
    if "id" in document and not isinstance(document.get("id"), (list, dict)):
        kind = _walk_object(walker, document, "$")
        return f"A single HSDS {kind} (JSON)" if kind else "JSON"
    return _read_tables(walker, document)


def _read_tables(walker: Walker, document: dict[str, Any]) -> str:
    """An object of arrays, one per table: keyed by plural name, table name or file name."""
    styles = set()
    for key, records in document.items():
        table = spec.table_for(key)
        unkept = spec.not_kept_name(key)
        if table is None and unkept is None:
            if key not in ("hsds_version", "profile", "version"):
                walker.rows.warnings.append(
                    Problem(walker.file, f"$.{key}", "", "Not an HSDS table; not read.")
                )
            continue
        if key.endswith(".csv"):
            styles.add("file")
        elif table is not None and key == table.name == table.resource:
            pass  # service_at_location: the same either way
        elif table is not None and key == table.resource:
            styles.add("resource")
        else:
            styles.add("plural")
        if not isinstance(records, list):
            walker.rows.problems.append(
                Problem(walker.file, f"$.{key}", "", "Expected a list of records.")
            )
            continue
        name = table.name if table else unkept
        for i, record in enumerate(records):
            walker.walk(name, record, f'$["{key}"][{i}]' if "." in key else f"$.{key}[{i}]")
    as_published = "as in the spec's tabular.json"
    if styles == {"file"}:
        return f"Flat HSDS tables keyed by file name (JSON: organizations.csv …), {as_published}"
    if styles == {"resource"}:
        return f"Flat HSDS tables keyed by table name (JSON: organization …), {as_published}"
    return "HSDS records grouped by table (JSON: organizations, services …)"


# Which table a lone object belongs to, from the fields only that table has.
def _kind_of(obj: dict[str, Any]) -> str | None:
    keys = set(obj)
    if "location_type" in keys:
        return "locations"
    if "status" in keys:
        return "services"
    if keys & {"service", "location"} or {"service_id", "location_id"} <= keys:
        return "service_at_location"
    if "available" in keys and "unit" in keys:
        return "service_capacity"
    if keys & {"taxonomy_id", "parent_id", "term_uri", "taxonomy_detail", "code"}:
        return "taxonomy_terms"
    if keys and keys <= {"id", "name", "description", "uri", "version"} and "version" in keys:
        return "taxonomies"
    if "name" in keys:
        return "organizations"
    return None


def _walk_object(walker: Walker, obj: Any, path: str) -> str:
    """Read one object whose table is told by its fields; returns the table's HSDS name."""
    kind = _kind_of(obj) if isinstance(obj, dict) else None
    if kind is None:
        walker.rows.problems.append(
            Problem(walker.file, path, "", "Cannot tell which HSDS table this object belongs to.")
        )
        return ""
    walker.walk(kind, obj, path)
    return spec.BY_NAME[kind].resource


def _counted(kinds: list[str]) -> str:
    found = [k for k in kinds if k]
    if not found:
        return "records"
    names = sorted(set(found))
    label = ", ".join(names)
    return f"{len(found)} {label}{'s' if len(found) != 1 and len(names) == 1 else ''}"
