"""HSDS 3.0's JSON shape: an organization holds its services, locations, phones and contacts; a
service holds its service_at_locations, phones, schedules, service areas, languages, fees,
required documents, contacts and attributes; a location holds its addresses, phones,
accessibility, contacts, schedules and languages; a contact holds its phones. Taxonomies
and their terms are top-level lists (HSDS's /taxonomies and /taxonomy_terms): one term files
many services.

`nest` turns the flat table rows into that document. `flatten` turns a document back into
flat rows of text cells, filling each nested row's parent id from where it sits, so the one
validating importer serves the CSV package and both JSON shapes: a flat document (one array
per table) reads as well. Objects HSDS embeds whole (a service_at_location's `location`, an
attribute's `taxonomy_term`, a service's `organization`, a term's `taxonomy_detail`) are read
as rows of their own table unless the document lists the same id already.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from directory.hsds.tables import BY_NAME, TABLES


@dataclass(frozen=True)
class Nest:
    key: str  # the array's name in the parent object
    table: str  # the child table
    column: str  # the child's column naming the parent


CHILDREN: dict[str, tuple[Nest, ...]] = {
    "organizations": (
        Nest("services", "services", "organization_id"),
        Nest("locations", "locations", "organization_id"),
        Nest("phones", "phones", "organization_id"),
        Nest("contacts", "contacts", "organization_id"),
    ),
    "services": (
        Nest("service_at_locations", "service_at_location", "service_id"),
        Nest("phones", "phones", "service_id"),
        Nest("schedules", "schedules", "service_id"),
        Nest("service_areas", "service_areas", "service_id"),
        Nest("languages", "languages", "service_id"),
        Nest("cost_options", "cost_options", "service_id"),
        Nest("required_documents", "required_documents", "service_id"),
        Nest("contacts", "contacts", "service_id"),
        Nest("attributes", "attributes", "link_id"),
    ),
    "locations": (
        Nest("addresses", "addresses", "location_id"),
        Nest("phones", "phones", "location_id"),
        Nest("accessibility", "accessibility", "location_id"),
        Nest("contacts", "contacts", "location_id"),
        Nest("schedules", "schedules", "location_id"),
        Nest("languages", "languages", "location_id"),
    ),
    "contacts": (Nest("phones", "phones", "contact_id"),),
}
# Top-level arrays of the document, in this order; every other table sits inside one of them.
TOP_LEVEL = ("taxonomies", "taxonomy_terms", "organizations")
# (table, key of the embedded object) -> (its table, the column naming it)
EMBEDDED: dict[tuple[str, str], tuple[str, str]] = {
    ("service_at_location", "location"): ("locations", "location_id"),
    ("attributes", "taxonomy_term"): ("taxonomy_terms", "taxonomy_term_id"),
    ("services", "organization"): ("organizations", "organization_id"),
    ("taxonomy_terms", "taxonomy_detail"): ("taxonomies", "taxonomy_id"),
}
# Cells a nested row's position implies when it leaves them out.
_IMPLIED_CELLS = {("services", "attributes"): {"link_entity": "service"}}
# A child row names its parent by where it sits, so these columns are left out when nested.
_PARENT_COLUMNS: dict[str, set[str]] = {}
for _nests in CHILDREN.values():
    for _nest in _nests:
        _PARENT_COLUMNS.setdefault(_nest.table, set()).add(_nest.column)


# Writing -----------------------------------------------------------------------------------


def nest(rows: dict[str, list[dict[str, Any]]], value=lambda v: v) -> dict[str, Any]:
    """The HSDS document for flat rows (each table's rows in the order given); `value`
    converts a cell for JSON."""
    by_parent: dict[tuple[str, str, Any], list[dict[str, Any]]] = {}
    for nests in CHILDREN.values():
        for n in nests:
            for row in rows.get(n.table, []):
                if row.get(n.column) is not None:
                    by_parent.setdefault((n.table, n.column, str(row[n.column])), []).append(row)

    def build(table: str, row: dict[str, Any]) -> dict[str, Any]:
        parents = _PARENT_COLUMNS.get(table, set())
        obj = {c: value(row[c]) for c in BY_NAME[table].header if c not in parents}
        for n in CHILDREN.get(table, ()):
            children = by_parent.get((n.table, n.column, str(row["id"])), [])
            obj[n.key] = [build(n.table, child) for child in children]
        return obj

    return {name: [build(name, row) for row in rows.get(name, [])] for name in TOP_LEVEL}


# Reading -----------------------------------------------------------------------------------


@dataclass
class Flat:
    """What `flatten` found: rows per table as (path, cells), problems as (path, column,
    message), and the names of nested arrays Casework does not keep."""

    rows: dict[str, list[tuple[str, dict[str, str]]]] = field(default_factory=dict)
    problems: list[tuple[str, str, str]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    embedded: dict[str, list[tuple[str, dict[str, str]]]] = field(default_factory=dict)


def flatten(document: dict[str, Any], as_text) -> Flat:
    """Rows of every table in `document` (flat or nested); `as_text` turns a JSON value into
    a cell's text."""
    flat = Flat(rows={t.name: [] for t in TABLES})
    for key, records in document.items():
        if key not in BY_NAME:
            continue
        if not isinstance(records, list):
            flat.problems.append((key, "", "Expected a list of rows."))
            continue
        for i, record in enumerate(records):
            _walk(flat, key, f"{key}[{i}]", record, {}, as_text)
    # Embedded objects count once, and only when the document does not list them itself.
    for table, found in flat.embedded.items():
        known = {cells.get("id", "").strip() for _path, cells in flat.rows[table]}
        for path, cells in found:
            if cells.get("id", "").strip() not in known:
                known.add(cells.get("id", "").strip())
                flat.rows[table].append((path, cells))
    return flat


def _walk(flat: Flat, table: str, path: str, record: Any, implied: dict, as_text) -> str:
    """Collect one row of `table` and its nested rows; returns the row's id text.
    `implied` holds the parent columns the row's position fills, and the ancestors' ids."""
    if not isinstance(record, dict):
        flat.problems.append((path, "", "Expected an object."))
        return ""
    nests = {n.key: n for n in CHILDREN.get(table, ())}
    columns = set(BY_NAME[table].header)
    cells: dict[str, str] = {}
    later: list[tuple[str, Any]] = []
    for key, value in record.items():
        if key in nests or (table, key) in EMBEDDED:
            later.append((key, value))
        elif isinstance(value, (list, dict)) and key not in columns:
            name = f"{table}.{key}"
            if name not in flat.skipped:
                flat.skipped.append(name)
        else:
            cells[key] = as_text(value)
    for column, parent_id in implied.get("columns", {}).items():
        given = cells.get(column, "").strip()
        if given and parent_id and given != parent_id:
            flat.problems.append(
                (path, column, f"Differs from the id of the row it is nested in ({parent_id}).")
            )
        cells[column] = given or parent_id
    own_id = cells.get("id", "").strip()
    ancestors = {**implied.get("ancestors", {}), table: own_id}
    for key, value in later:
        if key in nests:
            n = nests[key]
            if not isinstance(value, list):
                flat.problems.append((f"{path}.{key}", "", "Expected a list."))
                continue
            for i, child in enumerate(value):
                if isinstance(child, dict) and (table, key) in _IMPLIED_CELLS:
                    child = {**_IMPLIED_CELLS[(table, key)], **child}
                context = {"columns": {n.column: own_id}, "ancestors": ancestors}
                _walk(flat, n.table, f"{path}.{key}[{i}]", child, context, as_text)
        elif value is not None:
            target, column = EMBEDDED[(table, key)]
            given = cells.get(column, "").strip()
            columns_of_target = {
                n.column: ancestors[parent]
                for parent, nests_of in CHILDREN.items()
                for n in nests_of
                if n.table == target and parent in ancestors
            }
            sub = Flat(rows={t.name: [] for t in TABLES})
            embedded_id = _walk(
                sub,
                target,
                f"{path}.{key}",
                value,
                {"columns": columns_of_target, "ancestors": ancestors},
                as_text,
            )
            if given and embedded_id and given != embedded_id:
                flat.problems.append((path, column, f"Differs from the {key}'s id."))
            cells[column] = given or embedded_id
            _merge(flat, sub)
    flat.rows[table].append((path, cells))
    return own_id


def _merge(flat: Flat, sub: Flat) -> None:
    """An embedded object's rows (it may nest rows of its own) join as embedded rows."""
    for table, rows in sub.rows.items():
        flat.embedded.setdefault(table, []).extend(rows)
    for table, rows in sub.embedded.items():
        flat.embedded.setdefault(table, []).extend(rows)
    flat.problems.extend(sub.problems)
    flat.skipped.extend(s for s in sub.skipped if s not in flat.skipped)
