"""Assessments and scored instruments (care plans come with their issue)."""

from careplans.models.assessment import (
    DOMAIN_KEYS,
    DOMAINS,
    Assessment,
    AssessmentAddendum,
    AssessmentKind,
    NeedRating,
    ProgramAssessmentSettings,
)
from careplans.models.instrument import Administration, FlagAction, InstrumentWording, SafetyFlag

__all__ = [
    "DOMAINS",
    "DOMAIN_KEYS",
    "Administration",
    "Assessment",
    "AssessmentAddendum",
    "AssessmentKind",
    "FlagAction",
    "InstrumentWording",
    "NeedRating",
    "ProgramAssessmentSettings",
    "SafetyFlag",
]
