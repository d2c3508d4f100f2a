"""More of the demo directory, generated: the neighbourhood providers of Bayview's three
districts (clinics, pantries, legal clinics, job centres ...), so the demo agency has about
200 services across every category, as a real county directory would. Same shape as
`entries.ORGANIZATIONS`; keys start with "district-" so they never meet a hand-written one.
Deterministic: the same list every run, so seeding twice imports nothing new."""

# ruff: noqa: E501 - one entry per line reads better than wrapped prose
from __future__ import annotations

# fmt: off
DISTRICTS = [
    # (name, short, zip, area code, street names)
    ("Harbor District", "Harbor", "94901", "415", ["Wharf Street", "Pier Road", "Anchor Way", "Dock Avenue", "Seawall Lane"]),
    ("Central District", "Central", "94903", "628", ["Mission Row", "Civic Plaza", "Market Street", "Union Avenue", "Court Street"]),
    ("Eastside", "Eastside", "94905", "510", ["Orchard Road", "Hill Street", "Cedar Avenue", "Foundry Lane", "Rail Street"]),
]

# (key, organisation name pattern, description, hours, languages per district, services)
# service: (key, name pattern, categories, description, extras)
KINDS = [
    ("health", "{short} Family Health Center",
     "Federally qualified health center offering medical, behavioral health and dental care on a sliding scale.",
     "MO-FR 08:00-18:00; SA 09:00-13:00", [["es", "zh"], ["es", "vi"], ["es", "tl"]], [
        ("primary", "{short} Primary Care Clinic", ["primary-care"], "Check-ups, chronic disease care, vaccinations and same-day sick visits for adults and children.", {"fees": "Sliding scale; Medi-Cal and Medicare accepted."}),
        ("psychiatry", "{short} Psychiatric Medication Clinic", ["psychiatry"], "Psychiatric evaluation and medication management with a psychiatrist or nurse practitioner.", {"min_age": 18, "apply": "Referral from a primary care provider or case manager."}),
        ("counseling", "{short} Integrated Behavioral Health", ["therapy"], "Short-term counseling for depression, anxiety and stress alongside primary care.", {}),
        ("dental", "{short} Dental Clinic", ["primary-care"], "Cleanings, fillings, extractions and emergency dental care.", {"accepting": False}),
    ]),
    ("pantry", "{short} Neighborhood Food Pantry",
     "Volunteer-run pantry distributing groceries, fresh produce and hygiene items.",
     "TU 10:00-14:00; TH 15:00-19:00; SA 09:00-12:00", [["es"], ["zh", "es"], ["vi", "es"]], [
        ("groceries", "{short} Weekly Grocery Distribution", ["food"], "A week of groceries including fresh produce, dairy and bread. Bring a bag.", {}),
        ("meals", "{short} Community Hot Meals", ["food"], "Free hot lunch served in the hall; no questions asked.", {"hours": "MO-FR 11:30-13:30"}),
        ("closet", "{short} Clothing Closet", ["clothing"], "Free clothing, shoes and coats, with interview outfits on request.", {}),
        ("delivery", "{short} Home-Delivered Groceries", ["food", "transport"], "Groceries delivered every two weeks to people who cannot get to a pantry.", {}),
    ]),
    ("legal", "{short} Legal Aid Clinic",
     "Free civil legal help for low-income residents from staff attorneys and volunteer lawyers.",
     "MO-TH 09:00-17:00", [["es"], ["es", "zh"], ["es", "vi"]], [
        ("eviction", "{short} Eviction Defense", ["legal-aid", "housing"], "Representation for tenants facing eviction, help answering an unlawful detainer within five days.", {"eligibility": "Tenants with income under 200% of the poverty line."}),
        ("benefits-law", "{short} Public Benefits Advocacy", ["legal-aid", "benefits"], "Appeals of SSI, SSDI, CalFresh and Medi-Cal denials and overpayments.", {}),
        ("records", "{short} Record Clearance Clinic", ["legal-aid", "employment"], "Expungement and record clearance to remove barriers to work and housing.", {}),
        ("immigration", "{short} Immigration Legal Services", ["legal-aid", "id-documents"], "Consultations, DACA renewals, naturalization and help with immigration documents.", {}),
    ]),
    ("jobs", "{short} WorkSource Center",
     "Public employment center with job search help, training funds and employer connections.",
     "MO-FR 08:30-17:00", [["es"], ["zh"], ["vi"]], [
        ("job-search", "{short} Job Search Assistance", ["employment"], "Resume help, computer lab, job listings and interview practice with an employment specialist.", {}),
        ("supported", "{short} Supported Employment (IPS)", ["employment", "peer-support"], "Individual placement and support for people living with a mental illness who want to work.", {"min_age": 18}),
        ("training", "{short} Vocational Training Vouchers", ["employment", "education"], "Funding for short certificate courses in trades, health care and logistics.", {"accepting": False}),
        ("youth-jobs", "{short} Youth Employment Program", ["employment", "education"], "Paid internships and job coaching for young people aged 16 to 24.", {"min_age": 16, "max_age": 24}),
    ]),
    ("adult-school", "{short} Adult School",
     "Public adult education: English classes, high school diploma and GED, and computer skills.",
     "MO-TH 08:00-20:00", [["es", "zh"], ["es", "ko"], ["es", "vi"]], [
        ("esl", "{short} English as a Second Language", ["education"], "Free English classes from beginner to advanced, mornings and evenings.", {}),
        ("ged", "{short} GED and High School Diploma", ["education"], "Classes and testing support toward a GED or high school diploma.", {"min_age": 18}),
        ("digital", "{short} Digital Skills Lab", ["education", "employment"], "Basic computer, e-mail and smartphone skills in small groups.", {}),
    ]),
    ("recovery", "{short} Recovery Center",
     "Outpatient treatment for alcohol and drug use, including medication for addiction treatment.",
     "MO-FR 07:00-19:00; SA 09:00-13:00", [["es"], ["es", "ru"], ["es"]], [
        ("outpatient", "{short} Outpatient Substance Use Treatment", ["substance-use"], "Group and individual counseling several days a week for alcohol and drug use.", {"min_age": 18}),
        ("mat", "{short} Medication for Addiction Treatment", ["substance-use", "primary-care"], "Buprenorphine and naltrexone starts, same day where possible.", {"min_age": 18}),
        ("recovery-peers", "{short} Recovery Peer Coaching", ["substance-use", "peer-support"], "Peer recovery coaches with lived experience help plan and keep up recovery.", {}),
    ]),
    ("wellness", "{short} Wellness and Recovery Center",
     "Peer-run drop-in center for adults living with mental health conditions.",
     "MO-FR 10:00-16:00", [["es"], ["zh"], ["tl"]], [
        ("dropin", "{short} Peer Drop-in", ["peer-support", "clubhouse"], "A welcoming place to spend the day, with coffee, computers and peer staff.", {"min_age": 18}),
        ("groups", "{short} Wellness Groups", ["peer-support", "therapy"], "WRAP, hearing voices and mutual support groups led by peers.", {}),
        ("art", "{short} Creative Arts Studio", ["recreation"], "Open studio with art supplies, music and writing workshops.", {}),
    ]),
    ("parks", "{short} Parks and Recreation",
     "City recreation center with a gym, pool and classes for all ages.",
     "MO-SA 09:00-21:00", [["es"], ["zh"], ["vi"]], [
        ("adaptive", "{short} Adaptive Recreation", ["recreation"], "Sports, outings and social clubs adapted for people with disabilities.", {}),
        ("fitness", "{short} Low-Cost Fitness Pass", ["recreation", "primary-care"], "Gym and pool access for a dollar a visit with a Medi-Cal card.", {}),
        ("garden", "{short} Community Garden Plots", ["recreation", "food"], "Free garden plots, tools and seeds, with a weekly gardening group.", {}),
    ]),
    ("benefits", "{short} Benefits Enrollment Office",
     "County office for CalFresh, Medi-Cal, General Assistance and CalWORKs applications.",
     "MO-FR 08:00-17:00", [["es", "zh"], ["es", "ar"], ["es", "vi"]], [
        ("calfresh", "{short} CalFresh Enrollment", ["benefits", "food"], "Apply for CalFresh food benefits with same-day interviews for urgent cases.", {}),
        ("medical", "{short} Medi-Cal Enrollment", ["benefits", "primary-care"], "Apply for or renew Medi-Cal, with help choosing a health plan.", {}),
        ("ga", "{short} General Assistance", ["benefits"], "Monthly cash aid for adults without children who have little or no income.", {"min_age": 18}),
    ]),
    ("transit", "{short} Mobility Center",
     "Travel training and transit passes for older adults and people with disabilities.",
     "MO-FR 09:00-16:00", [["es"], ["zh"], ["es"]], [
        ("passes", "{short} Reduced Fare Transit Passes", ["transport"], "Reduced-fare Clipper cards and monthly passes for eligible riders.", {}),
        ("rides", "{short} Medical Rides", ["transport", "primary-care"], "Door-to-door rides to medical and behavioral health appointments, booked two days ahead.", {"accepting": False}),
        ("bikes", "{short} Bike Loan Program", ["transport"], "Refurbished bikes, locks and helmets on long-term loan, with a repair clinic.", {}),
    ]),
    ("ids", "{short} Resource Hub",
     "One-stop help for people who are homeless: IDs, mail, showers and referrals.",
     "MO-FR 08:00-16:00", [["es"], ["es"], ["es", "so"]], [
        ("id", "{short} ID and Birth Certificate Help", ["id-documents"], "Fee waivers and help getting a state ID, birth certificate or Social Security card.", {}),
        ("mail", "{short} Mail and Address Service", ["id-documents", "housing"], "A mailing address to use on applications, with mail pick-up on weekdays.", {}),
        ("showers", "{short} Hygiene Center", ["clothing", "housing"], "Showers, laundry and toiletries by appointment or walk-in.", {}),
    ]),
    ("crisis", "{short} Crisis Response Team",
     "Mobile behavioral health crisis team and walk-in crisis stabilization.",
     "MO-SU 00:00-23:59", [["es"], ["es", "zh"], ["es", "vi"]], [
        ("mobile", "{short} Mobile Crisis Team", ["crisis"], "Clinicians and peers come to the person in a mental health crisis, day or night.", {}),
        ("stabilization", "{short} Crisis Stabilization Unit", ["crisis", "psychiatry"], "Up to 23 hours of crisis care as an alternative to the emergency room.", {"min_age": 18}),
        ("warmline", "{short} Peer Warmline", ["crisis", "peer-support"], "Talk to a peer by phone or text when things are hard but not an emergency.", {"hours": "MO-SU 12:00-23:00"}),
    ]),
    ("family", "{short} Family Counseling Services",
     "Nonprofit counseling agency for individuals, couples and families.",
     "MO-TH 09:00-20:00; FR 09:00-17:00", [["es"], ["zh", "ko"], ["vi", "tl"]], [
        ("individual", "{short} Individual Therapy", ["therapy"], "Weekly therapy with a licensed clinician, sliding scale fees.", {"fees": "Sliding scale from $10."}),
        ("trauma", "{short} Trauma Therapy", ["therapy"], "Trauma-focused therapy including EMDR and cognitive processing therapy.", {}),
        ("youth", "{short} Youth and Family Therapy", ["therapy"], "Family therapy and counseling for young people aged 12 to 24.", {"min_age": 12, "max_age": 24}),
    ]),
    ("tenants", "{short} Tenant Resource Center",
     "Housing counseling and tenant rights education.",
     "MO-FR 10:00-18:00", [["es"], ["zh"], ["es"]], [
        ("counseling", "{short} Housing Counseling", ["housing"], "Help with housing searches, affordable housing lotteries and applications.", {}),
        ("rights", "{short} Tenant Rights Workshops", ["housing", "legal-aid"], "Workshops and counseling on repairs, deposits and rent increases.", {}),
        ("subsidy", "{short} Shallow Rent Subsidy", ["housing", "benefits"], "A monthly rent subsidy for people paying more than half their income in rent.", {"accepting": False}),
    ]),
]
# fmt: on


def district_organizations() -> list[dict]:
    organizations = []
    for d, (area, short, zip_code, area_code, streets) in enumerate(DISTRICTS):
        for k, (key, name, description, hours, languages, services) in enumerate(KINDS):
            number = 100 + (k * 7 + d * 3) % 100
            organizations.append(
                {
                    "key": f"district-{short.lower()}-{key}",
                    "name": name.format(short=short),
                    "description": description,
                    "address": (
                        f"{100 + 37 * k + 11 * d} {streets[k % len(streets)]}",
                        area,
                        zip_code,
                    ),
                    "phone": f"({area_code}) 555-{number:04d}",
                    "hours": hours,
                    "languages": languages[d],
                    "services": [
                        {
                            "key": s_key,
                            "name": s_name.format(short=short),
                            "categories": categories,
                            "description": s_description,
                            **extras,
                        }
                        for s_key, s_name, categories, s_description, extras in services
                    ],
                }
            )
    return organizations
