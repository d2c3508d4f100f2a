"""Demo directory: a believable (fictional) set of Bayview community services, loaded through
the HSDS import so the seeder exercises the same path an agency's package takes.

Ids are derived from the agency and a stable key (uuid5), so a second run imports the same
package again and changes nothing. A few entries were last verified more than a year ago, so
the "not verified for 12 months" list and reminder have something to show. Some hours are not
weekly (a monthly ID clinic, a fortnightly legal clinic, a winter programme that has ended),
the shelters publish their free beds (HSDS 3.1 service_capacity), and a few organisations
list more websites (HSDS 3.1 url).
"""

from __future__ import annotations

import uuid
from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from casework.models import Agency
from directory.demo.entries import ORGANIZATIONS
from directory.demo.generated import district_organizations
from directory.hsds.exporter import write_json
from directory.hsds.importer import directory_import
from directory.services.directory import CATEGORY_TAXONOMY, DEFAULT_CATEGORIES

_LANGUAGE_NAMES = {
    "en": "English", "es": "Spanish", "zh": "Chinese", "vi": "Vietnamese", "tl": "Tagalog",
    "ko": "Korean", "ru": "Russian", "ar": "Arabic", "fa": "Persian", "so": "Somali",
    "ase": "American Sign Language",
}  # fmt: skip
_DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
_ACCESS = (
    "Step-free entrance; accessible restroom.",
    "Ramp at the side door; ask at reception for the lift.",
    "Step-free entrance; hearing loop at reception.",
    "Two steps at the entrance; staff meet clients outside on request.",
)
# What a client is asked to bring, by category.
_DOCUMENTS = {
    "housing": ("Photo ID", "Proof of income, or a letter saying there is none"),
    "benefits": ("Photo ID", "Social Security card", "Proof of income"),
    "id-documents": ("Anything with your name on it (a letter, a benefits card)",),
    "primary-care": ("Medi-Cal card, if you have one",),
    "psychiatry": ("Medi-Cal card, if you have one", "A list of current medication"),
    "employment": ("Photo ID", "Work permit, if you have one"),
    "legal-aid": ("Any letters or court papers about the case",),
}


# Hours that are not plain weekly ones, by service key: (freq, interval, byday, bymonthday,
# opens, closes, valid_to as days from today or None, description).
_SPECIAL_HOURS = {
    "dmv-outreach/mobile-id": ("MONTHLY", 1, "1TH", "", "09:00", "13:00", None,
                               "First Thursday of the month"),
    "benefits-law/clean-slate": ("WEEKLY", 2, "TU", "", "13:00", "17:00", None,
                                 "Every other Tuesday afternoon"),
    "county-ssa/ga": ("WEEKLY", 1, "MO,WE", "", "09:00", "12:00", -120,
                      "Winter walk-in hours (ended)"),
}  # fmt: skip
# Free beds, by service key: (available, maximum, unit).
_CAPACITY = {
    "bayview-shelter/beds": (6, 120, "Bed"),
    "bayview-shelter/respite": (0, 24, "Bed"),
    "crisis-center/residential": (3, 16, "Bed"),
}
# Further websites, by organisation key (HSDS 3.1 url).
_URLS = {
    "harbor-housing": [("Apply online", "https://harborhousing.example.org/apply")],
    "bayview-shelter": [("Bed availability", "https://shelters.example.org/beds"),
                        ("Volunteer", "https://shelters.example.org/volunteer")],
}  # fmt: skip


def seed_directory(agency: Agency) -> None:
    data = write_json(directory_package(agency))
    report = directory_import(agency=agency, data=data, imported_by=None)
    if not report.ok:
        raise RuntimeError("The demo directory does not import: " + str(report.problems[0]))
    if report.warnings:
        raise RuntimeError("The demo directory imports with warnings: " + str(report.warnings[0]))


def _hours(spec: str) -> list[tuple[str, str, str]]:
    """ "MO-FR 09:00-17:00; SA 10:00-14:00" -> [("MO,TU,WE,TH,FR", "09:00", "17:00"), ...]."""
    rows = []
    for part in filter(None, (p.strip() for p in spec.split(";"))):
        days, times = part.split(" ")
        first, _, last = days.partition("-")
        span = _DAYS[_DAYS.index(first) : _DAYS.index(last or first) + 1]
        opens, closes = times.split("-")
        rows.append((",".join(span), opens, closes))
    return rows


def directory_package(agency: Agency) -> dict[str, list[dict[str, Any]]]:
    namespace = uuid.uuid5(uuid.NAMESPACE_URL, f"casework:{agency.slug}:categories")

    def uid(*parts: str) -> str:
        return str(uuid.uuid5(namespace, "/".join(parts)))

    today = timezone.localdate()
    # The shelters' free beds as of the start of today: a fixed time of the day (never in the
    # future), not the seeding's instant, so that seeding again the same day changes no row.
    counted_at = timezone.make_aware(datetime.combine(today, time.min))
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in (
        "taxonomies", "taxonomy_terms", "organizations", "services", "locations",
        "service_at_location", "addresses", "phones", "schedules", "service_areas",
        "languages", "attributes", "contacts", "cost_options", "required_documents",
        "accessibility", "urls", "units", "service_capacity",
    )}  # fmt: skip
    units: dict[str, str] = {}
    rows["taxonomies"].append(
        {"id": str(namespace), "name": CATEGORY_TAXONOMY,
         "description": "Categories of community services", "uri": "", "version": ""}
    )  # fmt: skip
    for code, name in DEFAULT_CATEGORIES:
        rows["taxonomy_terms"].append(
            {"id": str(uuid.uuid5(namespace, code)), "code": code, "name": name,
             "description": name, "parent_id": None, "taxonomy_id": str(namespace)}
        )  # fmt: skip
    n = 0
    for org in [*ORGANIZATIONS, *district_organizations()]:
        n += 1
        org_id = uid("org", org["key"])
        stale = n % 9 == 0  # about one organisation in nine is overdue for verification
        verified = today - timedelta(days=400 + n if stale else 20 + (n * 7) % 200)
        rows["organizations"].append(
            {"id": org_id, "name": org["name"], "description": org["description"],
             "email": org.get("email", ""), "website": org.get("website", ""), "active": True,
             "assured_date": verified, "assurer_email": "admin@bayview.test"}
        )  # fmt: skip
        loc_id = uid("loc", org["key"])
        street, org_area, zip_code = org["address"]
        rows["locations"].append(
            {"id": loc_id, "location_type": "physical", "organization_id": org_id,
             "name": org.get("site", org["name"]), "description": "",
             "transportation": org.get("bus", ""), "latitude": None, "longitude": None}
        )  # fmt: skip
        rows["addresses"].append(
            {"id": uid("addr", org["key"]), "location_id": loc_id, "address_1": street,
             "address_2": "", "city": "Bayview", "state_province": "CA",
             "postal_code": zip_code, "country": "US", "address_type": "physical"}
        )  # fmt: skip
        rows["accessibility"].append(
            {"id": uid("access", org["key"]), "location_id": loc_id,
             "description": _ACCESS[n % len(_ACCESS)], "details": "", "url": ""}
        )  # fmt: skip
        # The site's own hours and languages (HSDS keeps them per location as well).
        for i, (byday, opens, closes) in enumerate(_hours(org["hours"])):
            rows["schedules"].append(
                {"id": uid("loc-hours", org["key"], str(i)), "service_id": None,
                 "location_id": loc_id, "freq": "WEEKLY", "byday": byday, "opens_at": opens,
                 "closes_at": closes, "description": "Front desk"}
            )  # fmt: skip
        for code in ["en", *org.get("languages", [])]:
            rows["languages"].append(
                {"id": uid("loc-lang", org["key"], code), "service_id": None,
                 "location_id": loc_id, "name": _LANGUAGE_NAMES[code], "code": code}
            )  # fmt: skip
        contact_id = uid("contact", org["key"])
        rows["contacts"].append(
            {"id": contact_id, "organization_id": org_id, "service_id": None,
             "location_id": None, "name": "", "title": "Intake coordinator",
             "department": "", "email": org.get("email", "")}
        )  # fmt: skip
        rows["phones"].append(
            {"id": uid("contact-phone", org["key"]), "organization_id": None, "service_id": None,
             "location_id": None, "contact_id": contact_id, "number": org["phone"],
             "extension": 2, "type": "voice", "description": "Intake"}
        )  # fmt: skip
        rows["phones"].append(
            {"id": uid("phone", org["key"]), "organization_id": org_id, "service_id": None,
             "location_id": None, "number": org["phone"], "extension": None, "type": "voice",
             "description": "Main line"}
        )  # fmt: skip
        for i, (label, url) in enumerate(_URLS.get(org["key"], [])):
            rows["urls"].append(
                {"id": uid("url", org["key"], str(i)), "organization_id": org_id,
                 "label": label, "url": url}
            )  # fmt: skip
        for s in org["services"]:
            key = f"{org['key']}/{s['key']}"
            service_id = uid("service", key)
            rows["services"].append(
                {"id": service_id, "organization_id": org_id, "name": s["name"],
                 "description": s["description"], "status": s.get("status", "active"),
                 "url": "", "email": "", "interpretation_services": s.get("interpretation", ""),
                 "application_process": s.get("apply", ""),
                 "fees_description": s.get("fees", "Free."),
                 "eligibility_description": s.get("eligibility", ""),
                 "minimum_age": s.get("min_age"), "maximum_age": s.get("max_age"), "alert": "",
                 "assured_date": verified if stale else verified + timedelta(days=3),
                 "assurer_email": "admin@bayview.test",
                 "accepting_referrals": s.get("accepting", True)}
            )  # fmt: skip
            rows["service_at_location"].append(
                {"id": uid("sal", key), "service_id": service_id, "location_id": loc_id,
                 "description": ""}
            )  # fmt: skip
            if s.get("phone"):
                rows["phones"].append(
                    {"id": uid("phone", key), "organization_id": None, "service_id": service_id,
                     "location_id": None, "number": s["phone"], "extension": None,
                     "type": "voice", "description": ""}
                )  # fmt: skip
            rows["schedules"] += _service_hours(key, service_id, s.get("hours", org["hours"]),
                                                uid, today)  # fmt: skip
            if key in _CAPACITY:
                available, maximum, unit = _CAPACITY[key]
                units.setdefault(unit, uid("unit", unit))
                rows["service_capacity"].append(
                    {"id": uid("capacity", key), "service_id": service_id,
                     "unit_id": units[unit], "available": Decimal(available),
                     "maximum": Decimal(maximum), "description": f"{unit}s free tonight",
                     "updated": counted_at}
                )  # fmt: skip
            for area in s.get("areas", [org_area]):
                rows["service_areas"].append(
                    {"id": uid("area", key, area), "service_id": service_id, "name": area,
                     "description": ""}
                )  # fmt: skip
            for code in ["en", *s.get("languages", org.get("languages", []))]:
                rows["languages"].append(
                    {"id": uid("lang", key, code), "service_id": service_id,
                     "name": _LANGUAGE_NAMES[code], "code": code}
                )  # fmt: skip
            fee = s.get("fees", "Free.")
            rows["cost_options"].append(
                {"id": uid("fee", key), "service_id": service_id, "valid_from": None,
                 "valid_to": None, "option": "Per visit" if fee != "Free." else "Each visit",
                 "currency": "USD", "amount": Decimal(0) if fee == "Free." else None,
                 "amount_description": fee}
            )  # fmt: skip
            documents = dict.fromkeys(d for c in s["categories"] for d in _DOCUMENTS.get(c, ()))
            for i, document in enumerate(documents):
                rows["required_documents"].append(
                    {"id": uid("doc", key, str(i)), "service_id": service_id,
                     "document": document, "uri": ""}
                )  # fmt: skip
            for code in s["categories"]:
                rows["attributes"].append(
                    {"id": uid("cat", key, code), "link_id": service_id, "link_entity": "service",
                     "taxonomy_term_id": str(uuid.uuid5(namespace, code))}
                )  # fmt: skip
    rows["units"] = [{"id": unit_id, "name": name} for name, unit_id in units.items()]
    return rows


def _service_hours(key: str, service_id: str, spec: str, uid, today) -> list[dict[str, Any]]:
    special = _SPECIAL_HOURS.get(key)
    if special is None:
        return [
            {"id": uid("hours", key, str(i)), "service_id": service_id, "freq": "WEEKLY",
             "byday": byday, "opens_at": opens, "closes_at": closes, "description": ""}
            for i, (byday, opens, closes) in enumerate(_hours(spec))
        ]  # fmt: skip
    freq, interval, byday, bymonthday, opens, closes, ends, description = special
    # A fixed first day (a Monday a few weeks back) so "every other week" is well defined.
    start = today - timedelta(days=today.weekday() + 28)
    return [
        {"id": uid("hours", key, "0"), "service_id": service_id, "freq": freq,
         "interval": interval, "byday": byday, "bymonthday": bymonthday, "opens_at": opens,
         "closes_at": closes, "dtstart": start - timedelta(days=365 if ends else 0),
         "valid_to": today + timedelta(days=ends) if ends else None,
         "description": description}
    ]  # fmt: skip
