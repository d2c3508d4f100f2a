"""Small HSDS packages written for the tests, one for each shape HSDS publishes and each edge
case (tests/directory/test_hsds_*.py). Ids are fixed so expectations can name them."""

from __future__ import annotations

import copy
import io
import json
import zipfile
from pathlib import Path

SPEC = Path(__file__).parent / "hsds_spec"

ORG = "a1f0b7a4-0000-4000-8000-000000000001"
SERVICE = "a1f0b7a4-0000-4000-8000-000000000002"
LOCATION = "a1f0b7a4-0000-4000-8000-000000000003"
SAL = "a1f0b7a4-0000-4000-8000-000000000004"
CONTACT = "a1f0b7a4-0000-4000-8000-000000000005"
PHONE = "a1f0b7a4-0000-4000-8000-000000000006"
TERM = "a1f0b7a4-0000-4000-8000-000000000007"
MONTHLY = "a1f0b7a4-0000-4000-8000-000000000008"
FORTNIGHTLY = "a1f0b7a4-0000-4000-8000-000000000009"
ELSEWHERE = "a1f0b7a4-0000-4000-8000-0000000000ff"  # in no package

PHONE_OBJECT = {"id": PHONE, "number": "(415) 555-0101", "extension": 12, "type": "voice"}
LOCATION_OBJECT = {
    "id": LOCATION,
    "location_type": "physical",
    "name": "Harbor Office",
    "latitude": 37.7749,
    "longitude": -122.4193,
    "addresses": [
        {"id": "a1f0b7a4-0000-4000-8000-000000000010", "attention": "Intake desk",
         "address_1": "410 Wharf St", "city": "Bayview", "region": "Bay Area",
         "state_province": "CA", "postal_code": "94901", "country": "us",
         "address_type": "physical"}
    ],
    "phones": [PHONE_OBJECT],
}  # fmt: skip
SERVICE_OBJECT = {
    "id": SERVICE,
    "name": "Housing Navigation",
    "status": "active",
    "phones": [PHONE_OBJECT],
    "schedules": [
        # The first Monday of each month, until the end of 2030.
        {"id": MONTHLY, "freq": "MONTHLY", "byday": "1MO", "opens_at": "09:00:00",
         "closes_at": "12:00:00", "dtstart": "2024-01-01", "valid_to": "2030-12-31"},
        # Every other Wednesday, counted from 3 January 2024; ended in 2020 would be
        # 'valid_to'; this one runs on.
        {"id": FORTNIGHTLY, "freq": "WEEKLY", "interval": 2, "byday": "WE",
         "opens_at": "13:00:00", "closes_at": "17:00:00", "dtstart": "2024-01-03"},
    ],
    "cost_options": [
        {"id": "a1f0b7a4-0000-4000-8000-000000000011", "option": "Deposit", "currency": "usd",
         "amount": 25.5}
    ],
    "attributes": [
        {"id": "a1f0b7a4-0000-4000-8000-000000000012", "taxonomy_term_id": TERM,
         "taxonomy_term": {"id": TERM, "name": "Housing", "description": "Housing help",
                           "code": "housing"}}
    ],
    "service_at_locations": [
        {"id": SAL, "location_id": LOCATION, "contacts": [
            {"id": CONTACT, "name": "Ana Ruiz", "phones": [PHONE_OBJECT]}
        ]}
    ],
}  # fmt: skip
ORGANIZATION_OBJECT = {
    "id": ORG,
    "name": "Harbor Housing",
    "description": "Housing help",
    "alternate_name": "HH",
    "year_incorporated": 1998,
    "phones": [PHONE_OBJECT],
    "locations": [LOCATION_OBJECT],
    "services": [SERVICE_OBJECT],
    "organization_identifiers": [
        {"id": "a1f0b7a4-0000-4000-8000-000000000013", "identifier_scheme": "US-EIN",
         "identifier_type": "Employer Identification Number", "identifier": "94-1234567"}
    ],
}  # fmt: skip


def organization() -> dict:
    """One organisation as HSDS nests it: the phone sits in four places (one row)."""
    return copy.deepcopy(ORGANIZATION_OBJECT)


def as_bytes(document) -> bytes:
    return json.dumps(document).encode()


def zip_of(files: dict[str, str | bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def flat_tables(key_style: str) -> dict:
    """The same small directory as flat tables, keyed by file name ("organizations.csv"),
    by table name ("organization") or by plural ("organizations")."""
    tables = {
        "organization": [{"id": ORG, "name": "Harbor Housing", "description": "Housing help"}],
        "service": [{"id": SERVICE, "organization_id": ORG, "name": "Housing Navigation",
                     "status": "active"}],
        "location": [{"id": LOCATION, "organization_id": ORG, "location_type": "physical",
                      "name": "Harbor Office"}],
        "service_at_location": [{"id": SAL, "service_id": SERVICE, "location_id": LOCATION}],
        # One phone of the organisation, the service and the location at once.
        "phone": [{"id": PHONE, "organization_id": ORG, "service_id": SERVICE,
                   "location_id": LOCATION, "number": "(415) 555-0101"}],
    }  # fmt: skip
    keys = {
        "file": {"organization": "organizations.csv", "service": "services.csv",
                 "location": "locations.csv", "service_at_location": "service_at_location.csv",
                 "phone": "phones.csv"},
        "resource": {k: k for k in tables},
        "plural": {"organization": "organizations", "service": "services",
                   "location": "locations", "service_at_location": "service_at_locations",
                   "phone": "phones"},
    }[key_style]  # fmt: skip
    return {keys[name]: rows for name, rows in tables.items()}


def csv_package(*, datapackage: bool = True) -> bytes:
    """The same small directory as a CSV package; the phone row names three parents."""
    files = {
        "organizations.csv": f"id,name,description\n{ORG},Harbor Housing,Housing help\n",
        "services.csv": f"id,organization_id,name,status\n{SERVICE},{ORG},Housing Navigation,"
        "active\n",
        "locations.csv": f"id,organization_id,location_type,name\n{LOCATION},{ORG},physical,"
        "Harbor Office\n",
        "service_at_location.csv": f"id,service_id,location_id\n{SAL},{SERVICE},{LOCATION}\n",
        "phones.csv": "id,organization_id,service_id,location_id,number,extension\n"
        f"{PHONE},{ORG},{SERVICE},{LOCATION},(415) 555-0101,12\n",
    }
    if datapackage:
        files["datapackage.json"] = json.dumps(
            {"profile": "tabular-data-package", "resources": [
                {"name": "organization", "path": "organizations.csv"},
                {"name": "service", "path": "services.csv"},
                {"name": "location", "path": "locations.csv"},
                {"name": "service_at_location", "path": "service_at_location.csv"},
                {"name": "phone", "path": "phones.csv"},
            ]}
        )  # fmt: skip
    return zip_of(files)
