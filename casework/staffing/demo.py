"""Demo staff profiles that make the matching visible: trainings (one lapsed, two about to
lapse), languages, areas and a few personal caseload limits (one low enough to be over it).
Get-or-create throughout, so seeding twice changes nothing."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from casework.models import Agency, CaseloadLimit, ServiceArea, StaffProfile, StaffTraining, User
from casework.staffing.models import Specialty as S

LAPSED, EXPIRING = "lapsed", "expiring"

# e-mail prefix: (trainings, lapsed or expiring trainings, languages, extra areas, limit)
PROFILES: dict[str, tuple] = {
    "cm1.fsp": ((S.YOUTH, S.JUSTICE, S.SUBSTANCE_USE), {}, ("English", "Spanish"), (), 16),
    "cm2.fsp": ((S.HOMELESSNESS,), {S.YOUTH: LAPSED}, ("English",), (), 6),
    "cm3.fsp": ((S.JUSTICE, S.SUBSTANCE_USE), {}, ("English", "Polish"), (), None),
    "cm4.fsp": (
        (S.OLDER_ADULTS, S.HOMELESSNESS),
        {S.YOUTH: EXPIRING},
        ("English", "Arabic"),
        ("Eastside",),
        None,
    ),
    "supervisor.fsp": ((S.JUSTICE,), {}, ("English", "Spanish"), (), 4),
    "cm1.aot": ((S.JUSTICE, S.SUBSTANCE_USE), {}, ("English", "Cantonese", "Mandarin"), (), None),
    "cm2.aot": ((S.JUSTICE,), {}, ("English", "Yoruba"), (), None),
    "cm3.aot": ((S.OLDER_ADULTS,), {S.JUSTICE: LAPSED}, ("English",), (), None),
    "cm4.aot": (
        (S.JUSTICE, S.YOUTH, S.SUBSTANCE_USE),
        {},
        ("English", "Spanish"),
        ("Harbor District",),
        None,
    ),
    "supervisor.aot": ((S.JUSTICE,), {}, ("English",), (), 4),
    "cm1.standard": ((S.YOUTH, S.JUSTICE), {}, ("English", "Spanish"), (), None),
    "cm2.standard": ((S.OLDER_ADULTS,), {}, ("English",), (), None),
    "cm3.standard": ((S.SUBSTANCE_USE, S.HOMELESSNESS), {}, ("English", "Twi"), (), None),
    "cm4.standard": ((), {S.YOUTH: EXPIRING}, ("English", "Vietnamese"), (), None),
    "supervisor.standard": ((), {}, ("English", "Tamil"), (), 5),
}


def seed_staff_profiles(agency: Agency) -> None:
    today = timezone.localdate()
    areas = {a.name: a for a in ServiceArea.objects.filter(agency=agency)}
    users = User.objects.filter(memberships__team__agency=agency).prefetch_related(
        "memberships__team"
    )
    for user in users.distinct():
        key = user.email.split("@")[0]
        if key not in PROFILES:
            continue
        trainings, timed, languages, extra_areas, limit = PROFILES[key]
        profile, created = StaffProfile.objects.get_or_create(
            user=user, defaults={"languages": list(languages)}
        )
        if created:
            teams = [m.team for m in user.memberships.all()]
            home = [t.service_area for t in teams if t.service_area_id]
            profile.service_areas.set(home + [areas[n] for n in extra_areas if n in areas])
        for n, specialty in enumerate(trainings):
            StaffTraining.objects.get_or_create(
                user=user,
                specialty=specialty,
                defaults={"certified_on": today - timedelta(days=300 + 90 * n)},
            )
        for specialty, state in timed.items():
            expires = today - timedelta(days=20) if state == LAPSED else today + timedelta(days=25)
            StaffTraining.objects.get_or_create(
                user=user,
                specialty=specialty,
                defaults={"certified_on": expires - timedelta(days=730), "expires_on": expires},
            )
        if limit is not None:
            for team in {m.team for m in user.memberships.all()}:
                CaseloadLimit.objects.get_or_create(
                    user=user, program_id=team.program_id, defaults={"limit": limit}
                )
