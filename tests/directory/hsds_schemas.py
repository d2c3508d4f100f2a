"""The spec's own JSON Schemas (tests/directory/hsds_spec/schema, vendored unchanged) as a
jsonschema validator per table, with their relative `$ref`s resolved among themselves and
formats (uuid, email, uri, date, time, date-time) checked, not only noted."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from tests.directory.hsds_fixtures import SPEC

SCHEMAS = SPEC / "schema"
# Files read from the 3.2 line carry an $id there; their relative $refs resolve against it.
_BASES = (
    "https://hsds.test/schema/",
    "https://raw.githubusercontent.com/openreferral/specification/refs/heads/3.2/schema/",
)


def schema(name: str) -> dict[str, Any]:
    return json.loads((SCHEMAS / f"{name}.json").read_text(encoding="utf-8"))


@cache
def _registry() -> Registry:
    resources = []
    for path in sorted(SCHEMAS.glob("*.json")):
        resource = Resource.from_contents(
            json.loads(path.read_text(encoding="utf-8")), default_specification=DRAFT202012
        )
        resources += [(base + path.name, resource) for base in _BASES]
    return Registry().with_resources(resources)


@cache
def validator(name: str) -> Draft202012Validator:
    contents = {"$ref": _BASES[0] + f"{name}.json"}
    return Draft202012Validator(contents, registry=_registry(), format_checker=FormatChecker())


def errors(name: str, record: dict[str, Any], where: str = "") -> list[str]:
    """Every way `record` breaks the spec's schema `name`, as readable lines."""
    return [
        f"{where}{'/'.join(str(p) for p in e.absolute_path)}: {e.message}"
        for e in validator(name).iter_errors(record)
    ]


# The arrays an export nests that the 3.0 schemas do not describe (HSDS 3.1's), and the
# schema each item answers to.
_NESTED_3_1 = {
    "additional_websites": "url",
    "additional_urls": "url",
    "capacities": "service_capacity",
}


def export_errors(document: dict[str, Any]) -> list[str]:
    """Validate an HSDS JSON export record by record: organisations (and, since the 3.0
    organization schema lists no services, each of their services), taxonomies, terms,
    units, rows that sit at the top, and the 3.1 arrays against 3.1's schemas."""
    found: list[str] = []
    top = {"organizations": "organization", "taxonomies": "taxonomy",
           "taxonomy_terms": "taxonomy_term", "units": "unit", "phones": "phone",
           "contacts": "contact", "schedules": "schedule", "languages": "language",
           "funding": "funding", "urls": "url"}  # fmt: skip
    for key, name in top.items():
        for i, record in enumerate(document.get(key, [])):
            found += errors(name, record, f"{key}[{i}]/")
            if key == "organizations":
                for j, service in enumerate(record.get("services", [])):
                    found += errors("service", service, f"{key}[{i}]/services[{j}]/")
                    found += _nested_3_1(service, f"{key}[{i}]/services[{j}]/")
                found += _nested_3_1(record, f"{key}[{i}]/")
    return found


def _nested_3_1(record: dict[str, Any], where: str) -> list[str]:
    found = []
    for key, name in _NESTED_3_1.items():
        for k, item in enumerate(record.get(key, [])):
            found += errors(name, item, f"{where}{key}[{k}]/")
    return found
