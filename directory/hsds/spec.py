"""The HSDS 3.0 and 3.1 tables Casework keeps: each table's fields with the type HSDS gives
them, whether HSDS requires them, which table a link points at, and the model field that
keeps them. Names are the spec's (schema/*.json of openreferral/specification); the HSDS
tables Casework does not keep are `NOT_KEPT`, with the reason an import report gives.

Casework's own extension fields (docs/hsds.md): `active`, `assured_date` and `assurer_email`
on organisations, `accepting_referrals` on services. HSDS has no formal extension mechanism
and its schemas allow further properties, so an export with them still validates.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.db import models

from directory import models as directory

# Field kinds, as HSDS types them (with the format or code list that narrows a string):
TEXT, URI, EMAIL, UUID, REF = "text", "uri", "email", "uuid", "ref"
NUMBER, INTEGER, BOOL = "number", "integer", "bool"
DATE, TIME, DATETIME = "date", "time", "datetime"
ENUM, LANGUAGE, COUNTRY, CURRENCY = "enum", "language", "country", "currency"
BYDAY, NUMBERS, WEEKDAY = "byday", "numbers", "weekday"


@dataclass(frozen=True)
class Field:
    name: str
    kind: str = TEXT
    attr: str = ""  # the model field (for a link, the foreign key); "" means `name`
    ref: str = ""  # a link: the table whose id it holds
    required: bool = False  # HSDS JSON schema `required`
    tabular: bool = False  # HSDS `tabular_required`: required in the CSV and flat forms
    choices: tuple[str, ...] = ()
    extension: bool = False  # one of Casework's own fields
    # Not stored: every kept row has this value (an attribute's link_entity is "service").
    constant: str = ""
    since: str = "3.0"  # the HSDS version that added the field

    @property
    def field_name(self) -> str:
        return self.attr or self.name

    @property
    def is_link(self) -> bool:
        return bool(self.ref)


@dataclass(frozen=True)
class Table:
    name: str  # Casework's key, the plural of `resource`: "organizations"
    resource: str  # the HSDS schema's name: "organization"
    file: str  # the HSDS 3.0 CSV file
    model: type[models.Model]
    fields: tuple[Field, ...]
    # Other names the table goes by in published packages (file stems and JSON keys).
    aliases: tuple[str, ...] = ()
    # A row whose link here is gone cannot be kept by Casework (the model requires it).
    needs: tuple[str, ...] = ()

    @property
    def header(self) -> list[str]:
        return [f.name for f in self.fields]

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)

    @property
    def links(self) -> list[Field]:
        return [f for f in self.fields if f.is_link]


ID = Field("id", UUID, attr="hsds_id", required=True)


def _ref(name: str, table: str, attr: str = "", **kwargs) -> Field:
    return Field(name, REF, attr=attr or name.removesuffix("_id"), ref=table, **kwargs)


_ORGANIZATION = _ref("organization_id", "organizations")
_SERVICE = _ref("service_id", "services")
_LOCATION = _ref("location_id", "locations")
_SAL = _ref("service_at_location_id", "service_at_location")
_STATUSES = tuple(directory.ServiceStatus.values)
_PLACE_TYPES = tuple(directory.LocationType.values)
_VERIFIED = (
    Field("assured_date", DATE, attr="verified_on"),
    Field("assurer_email", EMAIL),
)

TABLES: tuple[Table, ...] = (
    Table(
        "taxonomies",
        "taxonomy",
        "taxonomies.csv",
        directory.Taxonomy,
        (
            ID,
            Field("name", required=True),
            Field("description", required=True),
            Field("uri", URI),
            Field("version"),
        ),
        aliases=("taxonomy",),
    ),
    Table(
        "taxonomy_terms",
        "taxonomy_term",
        "taxonomy_terms.csv",
        directory.TaxonomyTerm,
        (
            ID,
            Field("code"),
            Field("name", required=True),
            Field("description", required=True),
            _ref("parent_id", "taxonomy_terms"),
            Field("taxonomy", attr="taxonomy_name"),
            Field("language", LANGUAGE),
            _ref("taxonomy_id", "taxonomies"),
            Field("term_uri", URI),
        ),
        aliases=("taxonomy_term",),
    ),
    Table(
        "organizations",
        "organization",
        "organizations.csv",
        directory.Organization,
        (
            ID,
            Field("name", required=True),
            Field("alternate_name"),
            Field("description", required=True),
            Field("email", EMAIL),
            Field("website", URI),
            Field("tax_status"),
            Field("tax_id"),
            Field("year_incorporated", INTEGER),
            Field("legal_status"),
            Field("logo"),
            Field("uri", URI),
            _ref("parent_organization_id", "organizations"),
            Field("active", BOOL, attr="is_active", extension=True),
            *(Field(f.name, f.kind, attr=f.attr, extension=True) for f in _VERIFIED),
        ),
        aliases=("organization",),
    ),
    Table(
        "programs",
        "program",
        "programs.csv",
        directory.Program,
        (
            ID,
            replace(_ORGANIZATION, tabular=True),
            Field("name", required=True),
            Field("alternate_name"),
            Field("description", required=True),
        ),
        aliases=("program",),
        needs=("organization_id",),
    ),
    Table(
        "services",
        "service",
        "services.csv",
        directory.Service,
        (
            ID,
            replace(_ORGANIZATION, tabular=True),
            _ref("program_id", "programs"),
            Field("name", required=True),
            Field("alternate_name"),
            Field("description"),
            Field("url", URI),
            Field("email", EMAIL),
            Field("status", ENUM, required=True, choices=_STATUSES),
            Field("interpretation_services"),
            Field("application_process"),
            Field("fees_description"),
            Field("wait_time"),
            Field("fees"),
            Field("accreditations"),
            Field("eligibility_description"),
            Field("minimum_age", INTEGER),
            Field("maximum_age", INTEGER),
            *_VERIFIED,
            Field("licenses"),
            Field("alert"),
            Field("last_modified", DATETIME, since="3.1"),
            Field("accepting_referrals", BOOL, extension=True),
        ),
        aliases=("service",),
        needs=("organization_id",),
    ),
    Table(
        "locations",
        "location",
        "locations.csv",
        directory.Location,
        (
            ID,
            Field("location_type", ENUM, required=True, choices=_PLACE_TYPES),
            Field("url", URI),
            _ORGANIZATION,
            Field("name"),
            Field("alternate_name"),
            Field("description"),
            Field("transportation"),
            Field("latitude", NUMBER),
            Field("longitude", NUMBER),
            Field("external_identifier"),
            Field("external_identifier_type"),
        ),
        aliases=("location",),
        needs=("organization_id",),
    ),
    Table(
        "service_at_location",
        "service_at_location",
        "service_at_location.csv",
        directory.ServiceAtLocation,
        (
            ID,
            replace(_SERVICE, tabular=True),
            replace(_LOCATION, tabular=True),
            Field("description"),
        ),
        aliases=("service_at_locations", "services_at_location"),
        needs=("service_id", "location_id"),
    ),
    Table(
        "addresses",
        "address",
        "addresses.csv",
        directory.Address,
        (
            ID,
            replace(_LOCATION, tabular=True),
            Field("attention"),
            Field("address_1", required=True),
            Field("address_2"),
            Field("city", required=True),
            Field("region"),
            Field("state_province", required=True),
            Field("postal_code", required=True),
            Field("country", COUNTRY, required=True),
            Field("address_type", ENUM, required=True, choices=_PLACE_TYPES),
        ),
        aliases=("address", "addresss"),
        needs=("location_id",),
    ),
    Table(
        "service_areas",
        "service_area",
        "service_areas.csv",
        directory.ServiceArea,
        (
            ID,
            _SERVICE,
            Field("name"),
            Field("description"),
            Field("extent"),
            Field("extent_type"),
            Field("uri", URI),
        ),
        aliases=("service_area",),
        needs=("service_id",),
    ),
    Table(
        "contacts",
        "contact",
        "contacts.csv",
        directory.Contact,
        (
            ID,
            _ORGANIZATION,
            _SERVICE,
            _SAL,
            _LOCATION,
            Field("name"),
            Field("title"),
            Field("department"),
            Field("email", EMAIL),
        ),
        aliases=("contact",),
    ),
    # After contacts and service_at_location: a phone may name them.
    Table(
        "phones",
        "phone",
        "phones.csv",
        directory.Phone,
        (
            ID,
            _LOCATION,
            _SERVICE,
            _ORGANIZATION,
            _ref("contact_id", "contacts"),
            _SAL,
            Field("number", required=True),
            Field("extension", INTEGER),
            Field("type"),
            Field("description"),
        ),
        aliases=("phone",),
    ),
    Table(
        "schedules",
        "schedule",
        "schedules.csv",
        directory.Schedule,
        (
            ID,
            _SERVICE,
            _LOCATION,
            _SAL,
            Field("valid_from", DATE),
            Field("valid_to", DATE),
            Field("dtstart", DATE),
            Field("timezone", NUMBER),
            Field("until", DATE),
            Field("count", INTEGER),
            Field("wkst", WEEKDAY),
            Field("freq", ENUM, choices=tuple(directory.Frequency.values)),
            Field("interval", INTEGER),
            Field("byday", BYDAY),
            Field("byweekno", NUMBERS),
            Field("bymonthday", NUMBERS),
            Field("byyearday", NUMBERS),
            Field("description"),
            Field("opens_at", TIME),
            Field("closes_at", TIME),
            Field("schedule_link", URI),
            Field("attending_type"),
            Field("notes"),
        ),
        aliases=("schedule",),
    ),
    # After phones: a language may be spoken on a phone line.
    Table(
        "languages",
        "language",
        "languages.csv",
        directory.Language,
        (
            ID,
            _SERVICE,
            _LOCATION,
            _ref("phone_id", "phones"),
            Field("name"),
            Field("code", LANGUAGE),
            Field("note"),
        ),
        aliases=("language",),
    ),
    Table(
        "funding",
        "funding",
        "funding.csv",
        directory.Funding,
        (ID, _ORGANIZATION, _SERVICE, Field("source")),
        aliases=("fundings",),
    ),
    Table(
        "cost_options",
        "cost_option",
        "cost_options.csv",
        directory.CostOption,
        (
            ID,
            replace(_SERVICE, tabular=True),
            Field("valid_from", DATE),
            Field("valid_to", DATE),
            Field("option"),
            Field("currency", CURRENCY),
            Field("amount", NUMBER),
            Field("amount_description"),
        ),
        aliases=("cost_option",),
        needs=("service_id",),
    ),
    Table(
        "required_documents",
        "required_document",
        "required_documents.csv",
        directory.RequiredDocument,
        (
            ID,
            replace(_SERVICE, tabular=True),
            Field("document"),
            Field("uri", URI),
        ),
        aliases=("required_document",),
        needs=("service_id",),
    ),
    Table(
        "accessibility",
        "accessibility",
        "accessibility.csv",
        directory.Accessibility,
        (
            ID,
            replace(_LOCATION, tabular=True),
            Field("description"),
            Field("details"),
            Field("url", URI),
        ),
        aliases=("accessibilitys", "accessibility_for_disabilities"),
        needs=("location_id",),
    ),
    Table(
        "organization_identifiers",
        "organization_identifier",
        "organization_identifiers.csv",
        directory.OrganizationIdentifier,
        (
            ID,
            replace(_ORGANIZATION, tabular=True),
            Field("identifier_scheme"),
            Field("identifier_type", required=True),
            Field("identifier", required=True),
        ),
        aliases=("organization_identifier",),
        needs=("organization_id",),
    ),
    Table(
        "attributes",
        "attribute",
        "attributes.csv",
        directory.Category,
        (
            ID,
            _ref("link_id", "services", attr="service", tabular=True),
            _ref("taxonomy_term_id", "taxonomy_terms", attr="term", tabular=True),
            Field("link_type"),
            Field("link_entity", tabular=True, constant="service"),
            Field("value"),
            Field("label", since="3.1"),
        ),
        aliases=("attribute",),
        needs=("link_id", "taxonomy_term_id"),
    ),
    # HSDS 3.1.
    Table(
        "urls",
        "url",
        "url.csv",
        directory.Url,
        (ID, Field("label"), Field("url", URI, required=True), _ORGANIZATION, _SERVICE),
        aliases=("url",),
    ),
    Table(
        "units",
        "unit",
        "units.csv",
        directory.Unit,
        (
            ID,
            Field("name", required=True),
            Field("scheme"),
            Field("identifier"),
            Field("uri", URI),
        ),
        aliases=("unit",),
    ),
    Table(
        "service_capacity",
        "service_capacity",
        "service_capacity.csv",
        directory.ServiceCapacity,
        (
            ID,
            replace(_SERVICE, tabular=True),
            _ref("unit_id", "units", tabular=True),
            Field("available", NUMBER, required=True),
            Field("maximum", NUMBER),
            Field("description"),
            Field("updated", DATETIME, required=True),
        ),
        aliases=("service_capacities", "capacities"),
        needs=("service_id", "unit_id"),
    ),
)
BY_NAME = {t.name: t for t in TABLES}
# What an attribute's link_entity must say for Casework to keep it.
KEPT_ATTRIBUTE_ENTITY = "service"
HSDS_ENTITIES = {t.resource for t in TABLES} | {"metadata", "meta_table_description"}

# HSDS tables Casework does not keep, and why: each row is named in the import report.
NOT_KEPT = {
    "metadata": "the change history is Casework's own audit trail",
    "meta_table_description": "it describes the package, not the directory",
}
NOT_KEPT_ALIASES = {"meta_table_descriptions": "meta_table_description"}


def table_for(key: str) -> Table | None:
    """The table a JSON key or CSV file stem names: "organizations", "organization",
    "organizations.csv", "service_at_locations" ..."""
    stem = key.strip().lower().removesuffix(".csv")
    for table in TABLES:
        if stem in (table.name, table.resource, table.file.removesuffix(".csv"), *table.aliases):
            return table
    return None


def not_kept_name(key: str) -> str | None:
    """The HSDS table Casework does not keep that `key` names, if any."""
    stem = key.strip().lower().removesuffix(".csv")
    stem = NOT_KEPT_ALIASES.get(stem, stem)
    return stem if stem in NOT_KEPT else None
