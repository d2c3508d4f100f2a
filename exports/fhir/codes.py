"""Code systems and the maps from Casework's values to FHIR R4 codes (shared/domain/fhir.md).

LOINC codes were checked against LOINC's own panels (PHQ-9 44249-1, PHQ-2 55757-9, GAD-7
69737-5, AUDIT-C 72109-2): totals and items below. Where LOINC has no code we know to be
right (K10, the C-SSRS screener, DAST-10, our own unscored items), the code comes from a local
code system under the agency's base URL (`local_system`)."""

from __future__ import annotations

from django.conf import settings

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
SNOMED = "http://snomed.info/sct"
V3_ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
V3_ROLE_CODE = "http://terminology.hl7.org/CodeSystem/v3-RoleCode"
V3_PARTICIPATION = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType"
V2_CONTACT_ROLE = "http://terminology.hl7.org/CodeSystem/v2-0131"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
CONSENT_SCOPE = "http://terminology.hl7.org/CodeSystem/consentscope"
CONSENT_ACTION = "http://terminology.hl7.org/CodeSystem/consentaction"
FLAG_CATEGORY = "http://terminology.hl7.org/CodeSystem/flag-category"
GOAL_ACHIEVEMENT = "http://terminology.hl7.org/CodeSystem/goal-achievement"
PROVENANCE_PARTICIPANT = "http://terminology.hl7.org/CodeSystem/provenance-participant-type"
SIGNATURE_TYPE = "urn:iso-astm:E1762-95:2013"
RESOURCE_TYPES = "http://hl7.org/fhir/resource-types"
PRONOUNS_EXTENSION = "http://hl7.org/fhir/StructureDefinition/individual-pronouns"
HIPAA_AUTHORIZATION = "https://www.ecfr.gov/current/title-45/section-164.508"
PART2_CONSENT = "https://www.ecfr.gov/current/title-42/part-2"

# ASTM E1762 signature types: the author's, and a supervisor's co-signature (verification).
AUTHOR_SIGNATURE = "1.2.840.10065.1.12.1.1"
VERIFICATION_SIGNATURE = "1.2.840.10065.1.12.1.5"


def base_url() -> str:
    return settings.FHIR_BASE_URL.rstrip("/")


def local_system(agency_slug: str, name: str) -> str:
    """A code system or identifier namespace of the agency's own: <base>/<agency>/<name>."""
    return f"{base_url()}/{agency_slug}/{name}"


# --- Instruments: (code, display) of the total, and of each item ---------------------------
INSTRUMENT_TOTALS: dict[str, tuple[str, str]] = {
    "phq9": ("44261-6", "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]"),
    "phq2": ("55758-7", "Patient Health Questionnaire 2 item (PHQ-2) total score [Reported]"),
    "gad7": ("70274-6", "Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]"),
    "auditc": ("75626-2", "Total score [AUDIT-C]"),
}
_PHQ_ITEMS = (
    "44250-9",
    "44255-8",
    "44259-0",
    "44254-1",
    "44251-7",
    "44258-2",
    "44252-5",
    "44253-3",
    "44260-8",
)
INSTRUMENT_ITEMS: dict[str, str] = {
    **{f"phq9_{n}": code for n, code in enumerate(_PHQ_ITEMS, start=1)},
    "phq9_difficulty": "69722-7",
    **{
        f"gad7_{n}": code
        for n, code in enumerate(
            ("69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8", "69736-7"),
            start=1,
        )
    },
    "auditc_1": "68518-0",
    "auditc_2": "68519-8",
    "auditc_3": "68520-6",
}
# Instruments about substance use: their results carry the Part 2 security labels.
SUBSTANCE_USE_INSTRUMENTS = frozenset({"auditc", "dast10"})

# --- Consent categories -> FHIR security labels and the resource types they cover ----------
CATEGORY_LABELS: dict[str, tuple[tuple[str, str], ...]] = {
    "general": (),
    "mental_health": (("PSY", "psychiatry disorder information sensitivity"),),
    "substance_use": (
        ("ETH", "substance abuse information sensitivity"),
        ("42CFRPart2", "42 CFR Part2"),
    ),
    "hiv": (("HIV", "HIV/AIDS information sensitivity"),),
    "psychotherapy_notes": (("PSYTHPN", "psychotherapy note information sensitivity"),),
}
CATEGORY_CLASSES: dict[str, tuple[str, ...]] = {
    "general": ("Patient", "RelatedPerson", "CareTeam", "Appointment"),
    "mental_health": (
        "Encounter",
        "DocumentReference",
        "CarePlan",
        "Goal",
        "Observation",
        "Flag",
    ),
    "substance_use": ("Observation", "DocumentReference"),
    "hiv": ("Observation", "DocumentReference"),
    "psychotherapy_notes": ("DocumentReference",),
}
PART2_LABEL = {"system": V3_ACT_CODE, "code": "42CFRPart2", "display": "42 CFR Part2"}

# --- Statuses -------------------------------------------------------------------------------
EPISODE_STATUS = {
    "referred": "planned",
    "active": "active",
    "on_hold": "onhold",
    "discharged": "finished",
}
SERVICE_REQUEST_STATUS = {
    "draft": "draft",
    "sent": "active",
    "accepted": "active",
    "scheduled": "active",
    "completed": "completed",
}  # every other (closed) status: revoked
TASK_STATUS = {
    "draft": "draft",
    "sent": "requested",
    "accepted": "accepted",
    "scheduled": "in-progress",
    "completed": "completed",
    "declined": "rejected",
    "client_declined": "cancelled",
    "no_show": "failed",
    "no_response": "failed",
    "cancelled": "cancelled",
}
APPOINTMENT_STATUS = {
    "scheduled": "booked",
    "attended": "fulfilled",
    "missed": "noshow",
    "cancelled": "cancelled",
    "rescheduled": "cancelled",
}
# Encounter.class (v3 ActCode): phone and video are virtual, home is home health, the
# office is ambulatory, everywhere else the case manager meets the client in the field.
ENCOUNTER_CLASS = {
    "phone": ("VR", "virtual"),
    "video": ("VR", "virtual"),
}
PLACE_CLASS = {
    "home": ("HH", "home health"),
    "office": ("AMB", "ambulatory"),
    "remote": ("VR", "virtual"),
}
FIELD_CLASS = ("FLD", "field")
RELATED_PERSON_ROLE = {
    "family": ("FAMMEMB", "family member"),
    "guardian": ("GUARD", "guardian"),
    "friend": ("FRND", "unrelated friend"),
}
