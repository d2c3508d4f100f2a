"""The clients app's models, one module per part of the record."""

from clients.models.assignment import Assignment, AssignmentRole, Transfer
from clients.models.careteam import (
    Appointment,
    AppointmentKind,
    CalendarFeed,
    CareProvider,
    Outcome,
    ProviderKind,
)
from clients.models.client import Client, ClientQuerySet, RiskLevel, Status
from clients.models.consent import (
    CATEGORY_SHORT,
    ConsentCategory,
    ConsentRelease,
    ConsentStatus,
    RecipientKind,
    RevocationMethod,
    SignatureMethod,
    SignerKind,
)
from clients.models.disclosure import (
    ACCOUNTED_BASES,
    REFERENCED_BASES,
    Disclosure,
    DisclosureMethod,
    LegalBasis,
)
from clients.models.document import ClientDocument, DocumentKind
from clients.models.event import STAY_KINDS, EventKind, KeyEvent
from clients.models.handoff import VisitHandoff
from clients.models.lifecycle import DischargeReason, Enrolment, Episode, StatusChange
from clients.models.people import RelatedPerson, RelationshipKind
from clients.models.visit import (
    NOTE_SECTIONS,
    AddendumKind,
    Mode,
    NoteAddendum,
    NoteFormat,
    Place,
    Service,
    Visit,
)

__all__ = [
    "ACCOUNTED_BASES",
    "CATEGORY_SHORT",
    "REFERENCED_BASES",
    "NOTE_SECTIONS",
    "STAY_KINDS",
    "AddendumKind",
    "Appointment",
    "AppointmentKind",
    "Assignment",
    "AssignmentRole",
    "CalendarFeed",
    "CareProvider",
    "Client",
    "ClientDocument",
    "ClientQuerySet",
    "ConsentCategory",
    "ConsentRelease",
    "ConsentStatus",
    "Disclosure",
    "DisclosureMethod",
    "DischargeReason",
    "DocumentKind",
    "Enrolment",
    "Episode",
    "EventKind",
    "KeyEvent",
    "LegalBasis",
    "Mode",
    "NoteAddendum",
    "NoteFormat",
    "Outcome",
    "Place",
    "ProviderKind",
    "RecipientKind",
    "RelatedPerson",
    "RelationshipKind",
    "RevocationMethod",
    "RiskLevel",
    "Service",
    "SignatureMethod",
    "SignerKind",
    "Status",
    "StatusChange",
    "Transfer",
    "Visit",
    "VisitHandoff",
]
