"""HSDS JSON's nesting: which arrays an object holds (an organization's services, a service's
phones, a phone's languages ...) and which objects it embeds whole (a service at a location's
`location`, an attribute's `taxonomy_term`, a capacity's `unit`).

Reading (`Walker`) turns any JSON shape into rows of tables: a nested row's link to its
parent comes from where it sits. An object met again by id (HSDS's dereferenced JSON repeats a
shared phone in every place it serves) is one row: its copies must agree, and each place adds
a parent, as HSDS means it. Writing (`nest`) does the reverse: each row sits in every parent
it has, without the link its place implies.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from directory.hsds import spec
from directory.hsds.report import Problem

MAX_DEPTH = 24


@dataclass(frozen=True)
class Nest:
    keys: tuple[str, ...]  # the array's name in the parent object; the first is written
    table: str  # the child table
    link: str  # the child's field naming the parent


_ATTRIBUTES = Nest(("attributes",), "attributes", "link_id")
_METADATA = Nest(("metadata",), "metadata", "resource_id")
CHILDREN: dict[str, tuple[Nest, ...]] = {
    "organizations": (
        Nest(("services",), "services", "organization_id"),
        Nest(("locations",), "locations", "organization_id"),
        Nest(("phones",), "phones", "organization_id"),
        Nest(("contacts",), "contacts", "organization_id"),
        Nest(("programs",), "programs", "organization_id"),
        Nest(("organization_identifiers",), "organization_identifiers", "organization_id"),
        Nest(("funding", "fundings"), "funding", "organization_id"),
        Nest(("additional_websites", "urls"), "urls", "organization_id"),
    ),
    "services": (
        Nest(("service_at_locations",), "service_at_location", "service_id"),
        Nest(("phones",), "phones", "service_id"),
        Nest(("schedules",), "schedules", "service_id"),
        Nest(("service_areas",), "service_areas", "service_id"),
        Nest(("languages",), "languages", "service_id"),
        Nest(("cost_options",), "cost_options", "service_id"),
        Nest(("required_documents",), "required_documents", "service_id"),
        Nest(("contacts",), "contacts", "service_id"),
        Nest(("funding", "fundings"), "funding", "service_id"),
        Nest(("additional_urls", "urls"), "urls", "service_id"),
        Nest(("capacities", "service_capacities"), "service_capacity", "service_id"),
    ),
    "locations": (
        Nest(("addresses", "addresss"), "addresses", "location_id"),
        Nest(("phones",), "phones", "location_id"),
        Nest(("accessibility", "accessibilitys"), "accessibility", "location_id"),
        Nest(("contacts",), "contacts", "location_id"),
        Nest(("schedules",), "schedules", "location_id"),
        Nest(("languages",), "languages", "location_id"),
    ),
    "service_at_location": (
        Nest(("phones",), "phones", "service_at_location_id"),
        Nest(("contacts",), "contacts", "service_at_location_id"),
        Nest(("schedules",), "schedules", "service_at_location_id"),
    ),
    "contacts": (Nest(("phones",), "phones", "contact_id"),),
    "phones": (Nest(("languages",), "languages", "phone_id"),),
    "taxonomies": (),
}


@dataclass(frozen=True)
class Embed:
    table: str  # the embedded object's table
    link: str  # the field of the holder naming it
    # (field of the embedded row, ancestor table whose id fills it when it has none)
    inherit: tuple[tuple[str, str], ...] = ()


EMBEDDED: dict[tuple[str, str], Embed] = {
    ("services", "organization"): Embed("organizations", "organization_id"),
    ("services", "program"): Embed("programs", "program_id", (("organization_id", "services"),)),
    ("service_at_location", "location"): Embed(
        "locations", "location_id", (("organization_id", "organizations"),)
    ),
    ("service_at_location", "service"): Embed("services", "service_id"),
    ("attributes", "taxonomy_term"): Embed("taxonomy_terms", "taxonomy_term_id"),
    ("taxonomy_terms", "taxonomy_detail"): Embed("taxonomies", "taxonomy_id"),
    ("taxonomy_terms", "taxonomy"): Embed("taxonomies", "taxonomy_id"),
    ("service_capacity", "unit"): Embed("units", "unit_id"),
}
# A program embedded in a service belongs to the service's organisation.
_INHERIT_FROM_HOLDER = {("services", "program"): {"organization_id": "organization_id"}}


@dataclass
class Record:
    """One row as read: HSDS field names to raw values (JSON values, or CSV text), where it
    was found, and the links its place implies."""

    table: str
    file: str
    where: int | str | None
    values: dict[str, Any]
    textual: bool
    also: list[int | str | None] = field(default_factory=list)

    @property
    def id_text(self) -> str:
        value = self.values.get("id")
        return value.strip() if isinstance(value, str) else ""


@dataclass
class Rows:
    """Every row read, one per (table, id); rows without an id apart."""

    by_id: dict[str, dict[str, Record]] = field(default_factory=dict)
    anonymous: list[Record] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    # Rows of HSDS tables Casework does not keep: (table, file, where).
    not_kept: list[tuple[str, str, int | str | None]] = field(default_factory=list)

    def add(self, record: Record) -> Record:
        """Keep `record`, or merge it into the row of the same table and id met before."""
        key = record.id_text
        if not key:
            self.anonymous.append(record)
            return record
        table = self.by_id.setdefault(record.table, {})
        known = table.get(key)
        if known is None:
            table[key] = record
            return record
        self._merge(known, record)
        return known

    def _merge(self, known: Record, copy: Record) -> None:
        links = {f.name for f in spec.BY_NAME[known.table].links}
        for name, value in copy.values.items():
            if name not in known.values or known.values[name] in (None, ""):
                known.values[name] = value
            elif value in (None, "") or value == known.values[name]:
                continue
            elif name in links:
                self.warnings.append(
                    Problem(
                        copy.file,
                        copy.where,
                        name,
                        f"Also nested under {value}; an HSDS row holds one {name}, so the "
                        f"first ({known.values[name]}, at {known.where}) is kept.",
                    )
                )
            else:
                self.problems.append(
                    Problem(
                        copy.file,
                        copy.where,
                        name,
                        f"The same id ({known.id_text}) is at {known.where} with another "
                        f"{name}: {known.values[name]!r} there, {value!r} here.",
                    )
                )
        known.also.append(copy.where)


class Walker:
    """Reads JSON objects of known tables into `rows`, following HSDS's nesting."""

    def __init__(self, rows: Rows, file: str) -> None:
        self.rows = rows
        self.file = file

    def walk(self, table: str, obj: Any, path: str, implied=None, ancestors=None, depth=0):
        """One object of `table` at `path`, its nested arrays and embedded objects."""
        if depth > MAX_DEPTH:
            self.rows.problems.append(
                Problem(self.file, path, "", f"Nested more than {MAX_DEPTH} levels deep.")
            )
            return None
        if not isinstance(obj, dict):
            self.rows.problems.append(
                Problem(self.file, path, "", f"Expected an object, found {type(obj).__name__}.")
            )
            return None
        if spec.not_kept_name(table):
            self.rows.not_kept.append((spec.not_kept_name(table), self.file, path))
            return None
        values: dict[str, Any] = {}
        later: list[tuple[str, Any]] = []
        nests = {key: n for n in CHILDREN.get(table, ()) for key in n.keys}
        for key, value in obj.items():
            if key in nests or key in ("attributes", "metadata") or (table, key) in EMBEDDED:
                later.append((key, value))
            else:
                values[key] = value
        for name, parent_id in (implied or {}).items():
            given = values.get(name)
            if isinstance(given, str) and given.strip() and given.strip() != parent_id:
                self.rows.problems.append(
                    Problem(
                        self.file,
                        path,
                        name,
                        f"Differs from the id of the row it sits in ({parent_id}).",
                    )
                )
            elif parent_id:
                values[name] = parent_id
        record = self.rows.add(Record(table, self.file, path, values, textual=False))
        own_id = record.id_text
        ancestors = {**(ancestors or {}), table: own_id}
        for key, value in later:
            self._inner(table, key, value, f"{path}.{key}", own_id, record, ancestors, depth)
        return record

    def _inner(self, table, key, value, path, own_id, record, ancestors, depth) -> None:
        if value is None:
            return
        embed = EMBEDDED.get((table, key))
        if embed is not None and not isinstance(value, list):
            if not isinstance(value, dict):
                record.values[key] = value  # e.g. a term's `taxonomy` in words
                return
            inherited = {f: ancestors.get(t, "") for f, t in embed.inherit if ancestors.get(t)}
            for target, source in _INHERIT_FROM_HOLDER.get((table, key), {}).items():
                if isinstance(record.values.get(source), str):
                    inherited.setdefault(target, record.values[source])
            inner = self.walk(embed.table, value, path, None, ancestors, depth + 1)
            if inner is None:
                return
            for name, ancestor_id in inherited.items():
                if not inner.values.get(name):
                    inner.values[name] = ancestor_id
            given = record.values.get(embed.link)
            if isinstance(given, str) and given.strip() and given.strip() != inner.id_text:
                self.rows.problems.append(
                    Problem(self.file, path, embed.link, f"Differs from the {key}'s own id.")
                )
            elif inner.id_text:
                record.values[embed.link] = inner.id_text
            return
        nest = next((n for n in CHILDREN.get(table, ()) if key in n.keys), None)
        if not isinstance(value, list) or (nest is None and key not in ("attributes", "metadata")):
            expected = "an object" if embed is not None else "a list"
            self.rows.problems.append(
                Problem(self.file, path, "", f"Expected {expected}, found {type(value).__name__}.")
            )
            return
        if key == "metadata":
            for i, _ in enumerate(value):
                self.rows.not_kept.append(("metadata", self.file, f"{path}[{i}]"))
            return
        if key == "attributes":
            entity = spec.BY_NAME[table].resource if table in spec.BY_NAME else table
            for i, child in enumerate(value):
                if isinstance(child, dict):
                    child = {"_entity": entity, **child}
                self.walk(
                    "attributes", child, f"{path}[{i}]", {"link_id": own_id}, ancestors, depth + 1
                )
            return
        for i, child in enumerate(value):
            self.walk(nest.table, child, f"{path}[{i}]", {nest.link: own_id}, ancestors, depth + 1)


# Writing -----------------------------------------------------------------------------------

# Top-level arrays of an export, in this order; rows with no parent to sit in go here too.
TOP_LEVEL = ("taxonomies", "taxonomy_terms", "units", "organizations")


def nest(rows: dict[str, list[dict[str, Any]]], value) -> dict[str, Any]:
    """The HSDS document of flat rows (each table's rows in the order given): organisations
    with everything nested; `value` turns a kept value into JSON (None: left out)."""
    by_parent: dict[tuple[str, str, Any], list[dict[str, Any]]] = {}
    placed: set[tuple[str, Any]] = set()
    for nests in CHILDREN.values():
        for n in nests:
            for row in rows.get(n.table, []):
                if row.get(n.link) is not None:
                    by_parent.setdefault((n.table, n.link, row[n.link]), []).append(row)
                    placed.add((n.table, row["id"]))
    for row in rows.get("attributes", []):
        by_parent.setdefault(("attributes", "link_id", row["link_id"]), []).append(row)
        placed.add(("attributes", row["id"]))
    units = {row["id"]: row for row in rows.get("units", [])}

    def build(table: str, row: dict[str, Any], implied: str = "") -> dict[str, Any]:
        obj = {}
        for f in spec.BY_NAME[table].fields:
            converted = value(row.get(f.name))
            if f.name != implied and converted is not None:
                obj[f.name] = converted
        if table == "service_capacity" and row.get("unit_id") in units:
            obj["unit"] = build("units", units[row["unit_id"]])
        for n in CHILDREN.get(table, ()):
            children = by_parent.get((n.table, n.link, row["id"]), [])
            if children:
                obj[n.keys[0]] = [build(n.table, child, n.link) for child in children]
        if table == "services":
            attributes = by_parent.get(("attributes", "link_id", row["id"]), [])
            if attributes:
                obj["attributes"] = [build("attributes", a, "link_id") for a in attributes]
        return obj

    document = {name: [build(name, row) for row in rows.get(name, [])] for name in TOP_LEVEL}
    for table in spec.BY_NAME:
        if table in TOP_LEVEL or table in ("attributes",):
            continue
        alone = [row for row in rows.get(table, []) if (table, row["id"]) not in placed]
        if alone:
            document[table] = [build(table, row) for row in alone]
    return document
