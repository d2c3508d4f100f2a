"""Fictional names and note text for the demo. Deliberately ordinary: what a case manager
would write after a visit, with no real people or places."""

from __future__ import annotations

from clients.models import NOTE_SECTIONS, EventKind, NoteFormat, RelationshipKind, Service

GIVEN = (
    "Alex Bianca Carlos Dana Elijah Fatima George Hana Ivan Jamal Keisha Liam Maya Nikhil "
    "Olivia Pedro Quinn Rosa Samuel Tara Umar Vera Wesley Ximena Yusuf Zoe"
).split()
FAMILY = (
    "Acosta Bailey Chowdhury Dubois Ellison Fontaine Garza Haddad Ibarra Jensen Kowalski "
    "Lindqvist Moreau Nguyen Osei Petrov Quintero Reyes Sato Tran Underwood Vasquez Whitaker "
    "Yilmaz"
).split()
PEOPLE = "Marta Joseph Irene Walter Nadia Victor Gloria Hector Ruth Tomas Lucia Omar".split()
STREETS = ("Harbor Way", "Pier Street", "Elm Court", "Mission Road", "Bayview Avenue", "Oak Lane")
HOSPITALS = ("Bayview General, psychiatric unit", "St. Anne Behavioral Health", "County PES")

# The people in a client's life: (kind, relationship).
RELATIONS = (
    (RelationshipKind.FAMILY, "mother"),
    (RelationshipKind.FAMILY, "brother"),
    (RelationshipKind.FAMILY, "sister"),
    (RelationshipKind.FAMILY, "grandmother"),
    (RelationshipKind.FAMILY, "adult son"),
    (RelationshipKind.GUARDIAN, "conservator (Public Guardian)"),
    (RelationshipKind.NOMINATED, "nominated person"),
    (RelationshipKind.ADVOCATE, "peer advocate"),
    (RelationshipKind.ADVOCATE, "legal aid attorney"),
    (RelationshipKind.FRIEND, "friend"),
    (RelationshipKind.OTHER, "landlord"),
)

# One theme a visit: service, the client's words, observed, what staff did, the client's
# response, assessment, plan. `note_for` cuts them into the chosen format's sections.
THEMES = (
    (
        Service.HOUSING,
        "The shelter is too loud at night, I want my own place.",
        "Calm and engaged, casually dressed, good eye contact.",
        "Reviewed the housing application together and called the housing navigator.",
        "Completed the form and asked about the waiting list.",
        "Motivated; housing is the main stressor. No safety concerns voiced.",
        "Bring ID and the income letter next visit; follow up with the navigator Friday.",
    ),
    (
        Service.MEDICATION,
        "I stopped the evening pill, it makes me groggy.",
        "Slightly tired, speech normal, oriented; blister pack half used.",
        "Reviewed the medication schedule and arranged a prescriber appointment.",
        "Agreed to keep taking the morning dose until the appointment.",
        "Partial adherence because of side effects; no signs of relapse today.",
        "Prescriber appointment Tuesday; check the blister pack next visit.",
    ),
    (
        Service.BENEFITS,
        "The SSI letter says they will cut my payment.",
        "Anxious at first, settled once the letter was read together.",
        "Read the benefit letter together and drafted the reply to the benefits office.",
        "Signed the reply and kept a copy.",
        "Financial worry is raising anxiety; coping with support.",
        "Mail the reply today; call the benefits office in two weeks.",
    ),
    (
        Service.EMPLOYMENT,
        "I'd like to work again, maybe at the warehouse.",
        "Bright affect, well groomed, talkative.",
        "Explored work goals and linked to the supported employment specialist.",
        "Keen; chose two job leads to look at.",
        "Goal-directed and hopeful; work supports the recovery goals.",
        "Meet the employment specialist next week; practise interview questions.",
    ),
    (
        Service.FOOD,
        "Money ran out, I skipped meals this week.",
        "Thin, tired, clothes unwashed; mood low but reactive.",
        "Went to the food bank together and applied for CalFresh by phone.",
        "Relieved; accepted a grocery card.",
        "Food insecurity; low mood linked to stressors, no suicidal ideation on screening.",
        "Check the CalFresh decision; food bank again next week if needed.",
    ),
    (
        Service.ADL,
        "The apartment is a mess, I can't keep up.",
        "Home cluttered, dishes piled; client cooperative.",
        "Worked out a cleaning routine and a laundry plan together.",
        "Cleaned the kitchen with support and chose a weekly laundry day.",
        "Daily living skills improving with prompting.",
        "Review the routine next visit; consider an in-home support referral.",
    ),
    (
        Service.TRANSPORT,
        "I keep missing the clinic because of the bus.",
        "On time today, pleasant, some worry about travel.",
        "Drove the client to the clinic and applied for a reduced-fare transit card.",
        "Attended the appointment and filled in the card application.",
        "Access to care limited by transport; engaged with the plan.",
        "Collect the transit card; practise the bus route together next week.",
    ),
    (
        Service.RECREATION,
        "I feel stuck at home all day.",
        "Quiet, flat affect, brightened during the walk.",
        "Walked to the community centre together and looked at the group schedule.",
        "Signed up for the Thursday art group.",
        "Isolation is a risk factor; small steps toward connection.",
        "Check attendance at the art group; call midweek.",
    ),
    (
        Service.CRISIS,
        "I haven't slept for days and the voices are loud.",
        "Agitated, pacing, pressured speech; denied intent to harm self or others.",
        "Crisis intervention: safety plan reviewed, mobile crisis consulted, same-day "
        "prescriber visit arranged.",
        "Accepted the plan and agreed to stay with family tonight.",
        "Acute symptoms; risk moderate and managed in the community.",
        "Call tomorrow morning; visit in two days; crisis line number given.",
    ),
)
ATTEMPTS = (
    "Knocked twice, no answer; left a card with the next visit time.",
    "Called twice, voicemail full. Will try again tomorrow.",
    "Client not at the agreed place in the park; checked the usual spots for 15 minutes.",
    "Not at the shelter; staff said the client left early this morning.",
)
COLLATERAL = (
    "Spoke with the client's sister about the week; she reports the client is eating again.",
    "Call with the housing navigator about the application; a unit may open next month.",
    "Coordinated with the prescriber's office about the missed appointment.",
)
ADDENDUM = "Client called back: the appointment is on Thursday, not Tuesday."
DISCHARGE_SUMMARY = (
    "Services: case management, housing and benefits support, medication support. Progress "
    "toward goals reviewed with the client; linked to primary care and a community clinic "
    "for follow-up."
)
# Each demo case manager tends to one format (cm1 DAP, cm2 SOAP, cm3 BIRP, cm4 narrative).
FORMATS = (NoteFormat.DAP, NoteFormat.SOAP, NoteFormat.BIRP, NoteFormat.NARRATIVE)


def note_for(note_format: str, theme: tuple) -> dict[str, str]:
    """The theme's text cut into the sections of `note_format`."""
    _service, said, seen, did, response, assessed, plan = theme
    sections = {
        "data": f"Client said: “{said}” {seen} {did}",
        "assessment": assessed,
        "plan": plan,
        "subjective": f"“{said}”",
        "objective": seen,
        "behaviour": seen,
        "intervention": did,
        "response": response,
        "goal": "Stable housing and daily routine (care plan goal 1).",
        "narrative": f"Client said: “{said}” {seen} {did} {response} {assessed} Plan: {plan}",
    }
    return {key: sections[key] for key, _label, _prompt in NOTE_SECTIONS[note_format]}


EVENTS = {
    EventKind.HOSPITAL: "Admitted after a crisis; the team visited during the stay.",
    EventKind.MEDICAL_HOSPITAL: "Admitted for pneumonia; medication reviewed on discharge.",
    EventKind.JAIL: "Held on a probation violation; the team kept in touch with the jail.",
    EventKind.HOUSING: "Moved from the shelter to a room in supported housing.",
    EventKind.EMPLOYMENT: "Started part-time work at the community garden.",
    EventKind.EDUCATION: "Enrolled in an evening class at the community college.",
    EventKind.CRISIS: "Emergency department visit; released the same night.",
}
