"""The HSDS tables Casework keeps, their columns, and how each maps to a model field.

Column names and file names are HSDS 3.0's (shared/domain/hsds.md). Three columns are
Casework extensions an HSDS reader ignores: `active` and the verification pair on
organisations (HSDS verifies services only), and `accepting_referrals` on services. Service
categories travel as HSDS `attribute` rows linking a service to a taxonomy term. The HSDS
tables the directory has no place for are listed in `IGNORED` with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from directory import models as directory


@dataclass(frozen=True)
class Column:
    name: str
    attr: str = ""  # the model field; "" means the same as `name`
    required: bool = False
    ref: str = ""  # another table's name: the value is one of its ids
    kind: str = ""  # "bool" for true/false cells; else the model field decides

    @property
    def field_name(self) -> str:
        return self.attr or self.name


@dataclass(frozen=True)
class Table:
    name: str
    model: type[models.Model]
    columns: tuple[Column, ...]
    # Columns of which exactly one is filled (checked by the importer): the row's parent.
    one_parent: tuple[str, ...] = ()

    @property
    def file(self) -> str:
        return f"{self.name}.csv"

    @property
    def header(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


ID = Column("id", "hsds_id", required=True)
_VERIFIED = (Column("assured_date", "verified_on"), Column("assurer_email"))
_SERVICE = Column("service_id", "service", ref="services")
_LOCATION = Column("location_id", "location", ref="locations")
# Contacts (and phones, which may also be a contact's): exactly one of these is filled.
_ONE_PARENT = (Column("organization_id", "organization", ref="organizations"), _SERVICE, _LOCATION)
_CONTACT = Column("contact_id", "contact", ref="contacts")

TABLES: tuple[Table, ...] = (
    Table(
        "taxonomies",
        directory.Taxonomy,
        (
            ID,
            Column("name", required=True),
            Column("description"),
            Column("uri"),
            Column("version"),
        ),
    ),
    Table(
        "taxonomy_terms",
        directory.TaxonomyTerm,
        (
            ID,
            Column("code"),
            Column("name", required=True),
            Column("description"),
            Column("parent_id", "parent", ref="taxonomy_terms"),
            Column("taxonomy_id", "taxonomy", ref="taxonomies"),
        ),
    ),
    Table(
        "organizations",
        directory.Organization,
        (
            ID,
            Column("name", required=True),
            Column("description", required=True),
            Column("email"),
            Column("website"),
            Column("active", "is_active", kind="bool"),
            *_VERIFIED,
        ),
    ),
    Table(
        "services",
        directory.Service,
        (
            ID,
            Column("organization_id", "organization", required=True, ref="organizations"),
            Column("name", required=True),
            Column("description"),
            Column("status", required=True),
            Column("url"),
            Column("email"),
            Column("interpretation_services"),
            Column("application_process"),
            Column("fees_description"),
            Column("eligibility_description"),
            Column("minimum_age"),
            Column("maximum_age"),
            Column("alert"),
            *_VERIFIED,
            Column("accepting_referrals", kind="bool"),
        ),
    ),
    Table(
        "locations",
        directory.Location,
        (
            ID,
            Column("location_type", required=True),
            Column("organization_id", "organization", required=True, ref="organizations"),
            Column("name"),
            Column("description"),
            Column("transportation"),
            Column("latitude"),
            Column("longitude"),
        ),
    ),
    Table(
        "service_at_location",
        directory.ServiceAtLocation,
        (
            ID,
            Column("service_id", "service", required=True, ref="services"),
            Column("location_id", "location", required=True, ref="locations"),
            Column("description"),
        ),
    ),
    Table(
        "addresses",
        directory.Address,
        (
            ID,
            Column("location_id", "location", required=True, ref="locations"),
            Column("address_1", required=True),
            Column("address_2"),
            Column("city", required=True),
            Column("state_province", required=True),
            Column("postal_code", required=True),
            Column("country", required=True),
            Column("address_type", required=True),
        ),
    ),
    Table(
        "schedules",
        directory.Schedule,
        (
            ID,
            _SERVICE,
            _LOCATION,
            Column("freq", required=True),
            Column("byday", required=True),
            Column("opens_at", required=True),
            Column("closes_at", required=True),
            Column("description"),
        ),
        one_parent=("service_id", "location_id"),
    ),
    Table(
        "service_areas",
        directory.ServiceArea,
        (
            ID,
            Column("service_id", "service", required=True, ref="services"),
            Column("name", required=True),
            Column("description"),
        ),
    ),
    Table(
        "languages",
        directory.Language,
        (
            ID,
            _SERVICE,
            _LOCATION,
            Column("name", required=True),
            Column("code", required=True),
        ),
        one_parent=("service_id", "location_id"),
    ),
    Table(
        "contacts",
        directory.Contact,
        (
            ID,
            *_ONE_PARENT,
            Column("name"),
            Column("title"),
            Column("department"),
            Column("email"),
        ),
        one_parent=tuple(c.name for c in _ONE_PARENT),
    ),
    # After contacts: a phone may name one.
    Table(
        "phones",
        directory.Phone,
        (
            ID,
            *_ONE_PARENT,
            _CONTACT,
            Column("number", required=True),
            Column("extension"),
            Column("type"),
            Column("description"),
        ),
        one_parent=(*(c.name for c in _ONE_PARENT), _CONTACT.name),
    ),
    Table(
        "cost_options",
        directory.CostOption,
        (
            ID,
            Column("service_id", "service", required=True, ref="services"),
            Column("valid_from"),
            Column("valid_to"),
            Column("option"),
            Column("currency"),
            Column("amount"),
            Column("amount_description"),
        ),
    ),
    Table(
        "required_documents",
        directory.RequiredDocument,
        (
            ID,
            Column("service_id", "service", required=True, ref="services"),
            Column("document", required=True),
            Column("uri"),
        ),
    ),
    Table(
        "accessibility",
        directory.Accessibility,
        (
            ID,
            Column("location_id", "location", required=True, ref="locations"),
            Column("description"),
            Column("details"),
            Column("url"),
        ),
    ),
    Table(
        "attributes",
        directory.Category,
        (
            ID,
            Column("link_id", "service", required=True, ref="services"),
            Column("link_entity", required=True),
            Column("taxonomy_term_id", "term", required=True, ref="taxonomy_terms"),
        ),
    ),
)
BY_NAME = {t.name: t for t in TABLES}
BY_FILE = {t.file: t for t in TABLES}
# Columns that exist in the file but not on the model (checked, not stored).
UNSTORED = {("attributes", "link_entity")}
# HSDS tables the directory has no place for, and why: an import names them as skipped.
IGNORED = {
    "programs": "services are not grouped into programs",
    "funding": "funders are not recorded",
    "organization_identifiers": "registration and tax numbers are not recorded",
    "metadata": "the change history is Casework's own audit trail",
    "meta_table_descriptions": "describes the package, not the directory",
    "service_capacity": "live capacity is not tracked",
    "units": "used only by service_capacity",
    "urls": "one website per organisation and service is kept",
}


# Rows HSDS attaches to a parent the directory does not keep them under, when that is their
# only parent: (table, column) -> why. They are skipped and counted, not refused.
ELSEWHERE = {
    ("schedules", "service_at_location_id"): "opening hours are kept per service or location",
    ("languages", "phone_id"): "languages are kept per service or location",
    ("phones", "service_at_location_id"): (
        "phones are kept per organisation, service, location or contact"
    ),
    ("contacts", "service_at_location_id"): (
        "contacts are kept per organisation, service or location"
    ),
}


def elsewhere_name(table: str, column: str, count: int) -> str:
    return f"{table}: {count} row{'s' if count != 1 else ''} by {column}"


def skipped_reason(name: str) -> str:
    """ "funding.csv", "services.funding" or "schedules: 2 rows by location_id" -> why it is
    not imported."""
    if ": " in name and " by " in name:
        table, column = name.split(": ", 1)[0], name.rsplit(" by ", 1)[-1]
        return ELSEWHERE.get((table, column), "")
    table = name.rsplit(".", 1)[-1] if not name.endswith(".csv") else name[:-4]
    if table in {"additional_websites", "url"}:
        table = "urls"
    if table in {"program", "organization_identifier", "unit"}:
        table += "s"
    return IGNORED.get(table, "not an HSDS table Casework knows")
