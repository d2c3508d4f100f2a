"""The whole demo (`manage.py seed_demo`, `make run`): the agency and its staff
(casework.demo), then every app's seeder in the order below, each building on the rows the
earlier ones wrote."""

from __future__ import annotations

from careplans import demo as assessments_demo
from careplans import demo_plans
from casework import demo
from casework.models import Agency
from casework.staffing import demo as staffing_demo
from clients import demo as clients_demo
from clients.demo import appointments as appointments_demo
from clients.demo import consent as consent_demo
from clients.demo import matching as matching_demo
from directory import demo as directory_demo
from referrals.demo import referrals as referrals_demo
from reports import demo as reports_demo
from supervision import demo as supervision_demo

SEEDERS: tuple[demo.Seeder, ...] = (
    staffing_demo.seed_staff_profiles,  # languages, areas, trainings, limits of the staff
    clients_demo.seed_clients,  # clients, their visits and notes
    consent_demo.seed_consents,
    directory_demo.seed_directory,
    appointments_demo.seed_appointments,
    assessments_demo.seed_assessments,
    demo_plans.seed_care_plans,  # after the assessments: plans answer the needs they rated
    appointments_demo.link_demo_providers,  # after the directory: links the providers it lists
    matching_demo.seed_moved_clients,
    referrals_demo.seed_referrals,
    reports_demo.seed_report_examples,
    supervision_demo.seed_supervision,  # after the visits and the care plans
    demo.seed_reminders,  # last: the history above swept into reminders
)


def seed_demo() -> Agency:
    return demo.seed_demo(SEEDERS)
