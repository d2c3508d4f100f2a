"""factory_boy factories for the whole suite."""

from __future__ import annotations

from datetime import date, timedelta

import factory
from django.utils import timezone

from careplans.models import AgreementStatus, CarePlan, Goal
from careplans.services import plans as plan_services
from casework.models import (
    Agency,
    CaseloadLimit,
    Membership,
    Program,
    Role,
    ServiceArea,
    StaffProfile,
    StaffTraining,
    Team,
    User,
)
from clients.models import (
    Appointment,
    AppointmentKind,
    Assignment,
    AssignmentRole,
    CareProvider,
    Client,
    Episode,
    EventKind,
    KeyEvent,
    Mode,
    NoteFormat,
    Outcome,
    Place,
    ProviderKind,
    RelatedPerson,
    RelationshipKind,
    Status,
    Visit,
)

PASSWORD = "correct horse battery staple"


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Agency {n}")
    slug = factory.Sequence(lambda n: f"agency-{n}")


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program

    agency = factory.SubFactory(AgencyFactory)
    kind = Program.Kind.FSP
    name = factory.Sequence(lambda n: f"Program {n}")
    contact_standard_days = 7


class ServiceAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceArea

    agency = factory.SubFactory(AgencyFactory)
    name = factory.Sequence(lambda n: f"Area {n}")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    agency = factory.SubFactory(AgencyFactory)
    name = factory.Sequence(lambda n: f"Team {n}")
    program = factory.SubFactory(ProgramFactory, agency=factory.SelfAttribute("..agency"))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"staff{n}@example.test")
    full_name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save(update_fields=["password"])


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    team = factory.SubFactory(TeamFactory)
    role = Role.CASE_MANAGER


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client

    team = factory.SubFactory(TeamFactory)
    agency = factory.SelfAttribute("team.agency")
    record_number = factory.Sequence(lambda n: f"R-{n:06d}")
    given_name = factory.Faker("first_name")
    family_name = factory.Faker("last_name")
    program = factory.SelfAttribute("team.program")
    status = Status.ACTIVE
    date_of_birth = factory.Faker("date_of_birth", minimum_age=19, maximum_age=80)


def minor_on_probation(team, **kwargs) -> Client:
    """A 16-year-old, justice-involved, who speaks Spanish and needs an interpreter: a client
    for whom the matching rules ask for youth and justice training and the language."""
    return ClientFactory(
        team=team,
        date_of_birth=timezone.localdate() - timedelta(days=16 * 366),
        justice_involved=True,
        primary_language="Spanish",
        needs_interpreter=True,
        **kwargs,
    )


def transfer(client, *, to_team, by, reason: str = "Moved"):
    """Moves a client to another team today, with no new primary named: the move the offline
    and hand-off tests make while a visit waits on a device."""
    from clients.services.assignment import client_transfer

    return client_transfer(
        client_id=client.pk,
        to_team=to_team,
        to_service_area=None,
        effective_on=timezone.localdate(),
        reason=reason,
        new_primary=None,
        transferred_by=by,
    )


class EpisodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Episode

    client = factory.SubFactory(ClientFactory)
    number = factory.Sequence(lambda n: n + 1)
    opened_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=90))


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    client = factory.SubFactory(ClientFactory)
    staff = factory.SubFactory(UserFactory)
    role = AssignmentRole.PRIMARY
    started_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=90))


class VisitFactory(factory.django.DjangoModelFactory):
    """A completed face-to-face visit yesterday with a DAP draft note."""

    class Meta:
        model = Visit

    client = factory.SubFactory(ClientFactory)
    team = factory.SelfAttribute("client.team")
    author = factory.SubFactory(UserFactory)
    contact_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    duration_minutes = 45
    mode = Mode.FACE_TO_FACE
    place = Place.HOME
    services = factory.LazyFunction(lambda: ["housing"])
    note_format = NoteFormat.DAP
    note = factory.LazyFunction(
        lambda: {"data": "Met at home.", "assessment": "Stable.", "plan": "Call Friday."}
    )
    sign_due_at = factory.LazyAttribute(lambda v: v.contact_at + timedelta(days=3))


class RelatedPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RelatedPerson

    client = factory.SubFactory(ClientFactory)
    kind = RelationshipKind.FAMILY
    full_name = factory.Faker("name")
    relationship = "sister"
    phone = "555-0100"


class KeyEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KeyEvent

    client = factory.SubFactory(ClientFactory)
    kind = EventKind.HOSPITAL
    started_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=20))
    ended_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=10))
    place = "County Hospital"
    recorded_by = factory.SubFactory(UserFactory)


class ClientDocumentFactory(factory.django.DjangoModelFactory):
    """A document row; pass `file=` a name already in storage (the services write files)."""

    class Meta:
        model = "clients.ClientDocument"

    client = factory.SubFactory(ClientFactory)
    kind = "id"
    title = "State ID"
    file = "client-documents/missing.pdf"
    original_name = "id.pdf"
    content_type = "application/pdf"
    size = 15
    sha256 = "0" * 64
    uploaded_by = factory.SubFactory(UserFactory)


class ReminderFactory(factory.django.DjangoModelFactory):
    """An open check-in reminder due today, for the notification centre's tests."""

    class Meta:
        model = "casework.Reminder"

    recipient = factory.SubFactory(UserFactory)
    kind = "clients.checkin"
    object_type = "clients.client"
    object_id = factory.Sequence(lambda n: n + 1)
    due_on = factory.LazyFunction(timezone.localdate)
    # A client that exists (Reminder.client is a foreign key), made only when the test names
    # none.
    client_id = factory.LazyAttribute(lambda _o: ClientFactory().pk)
    subject = factory.Sequence(lambda n: f"Client{n} (R-{n})")
    title = "Completed contact due"
    url = "/clients/"


class ConsentReleaseFactory(factory.django.DjangoModelFactory):
    """An active release to one of the client's related persons: general and mental-health
    information, signed 30 days ago, for a year."""

    class Meta:
        model = "clients.ConsentRelease"

    client = factory.SubFactory(ClientFactory)
    discloser = "Test Agency"
    recipient_kind = "related_person"
    related_person = factory.SubFactory(
        RelatedPersonFactory, client=factory.SelfAttribute("..client")
    )
    categories = factory.LazyFunction(lambda: ["general", "mental_health"])
    purpose = "At the client's request"
    effective_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    expires_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=335))
    signature_method = "wet"
    signed_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    told_right_to_revoke = True
    told_not_conditioned = True
    told_redisclosure = True
    created_by = factory.SubFactory(UserFactory)


class AssessmentFactory(factory.django.DjangoModelFactory):
    """A draft comprehensive assessment (pass `signed_at=` for a signed one)."""

    class Meta:
        model = "careplans.Assessment"

    client = factory.SubFactory(ClientFactory)
    team = factory.SelfAttribute("client.team")
    author = factory.SubFactory(UserFactory)
    kind = "initial"
    assessed_on = factory.LazyFunction(timezone.localdate)
    domains = factory.LazyFunction(dict)


class AdministrationFactory(factory.django.DjangoModelFactory):
    """A PHQ-9 result of 12 (moderate) given today; the row is stored as scored."""

    class Meta:
        model = "careplans.Administration"

    client = factory.SubFactory(ClientFactory)
    team = factory.SelfAttribute("client.team")
    author = factory.SubFactory(UserFactory)
    instrument = "phq9"
    administered_on = factory.LazyFunction(timezone.localdate)
    answers = factory.LazyFunction(
        lambda: {f"phq9_{n}": v for n, v in enumerate([2, 2, 2, 2, 2, 1, 1, 0, 0], start=1)}
    )
    score = 12
    band = "moderate"
    band_level = 2


class SafetyFlagFactory(factory.django.DjangoModelFactory):
    """An open flag from a PHQ-9 with item 9 above zero."""

    class Meta:
        model = "careplans.SafetyFlag"

    administration = factory.SubFactory(AdministrationFactory)
    client = factory.SelfAttribute("administration.client")
    reasons = factory.LazyFunction(lambda: ["phq9_item9"])


# The care team and appointments -------------------------------------------------------


class CareProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CareProvider

    client = factory.SubFactory(ClientFactory)
    kind = ProviderKind.PSYCHIATRIST
    name = "Dr. Rosa Prescott"
    organization_name = "Harbor Community Clinic"
    phone = "555-0142"


class AppointmentFactory(factory.django.DjangoModelFactory):
    """A scheduled appointment tomorrow at 10:00 with the client's psychiatrist's clinic."""

    class Meta:
        model = Appointment

    client = factory.SubFactory(ClientFactory)
    team = factory.SelfAttribute("client.team")
    staff = factory.SubFactory(UserFactory)
    kind = AppointmentKind.APPOINTMENT
    starts_at = factory.LazyFunction(
        lambda: (
            timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)
            + timedelta(days=1)
        )
    )
    duration_minutes = 60
    place = "Harbor Community Clinic, 300 Pier St"
    with_name = "Dr. Rosa Prescott"
    purpose = "Medication review"
    outcome = Outcome.SCHEDULED


class MissedAppointmentFactory(AppointmentFactory):
    starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=3))
    outcome = Outcome.MISSED
    outcome_on = factory.LazyFunction(timezone.now)


# The service directory (directory) -----------------------------------------------------


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "directory.Organization"

    agency = factory.SubFactory(AgencyFactory)
    name = factory.Sequence(lambda n: f"Organisation {n}")
    description = "A community organisation."
    verified_on = factory.LazyFunction(timezone.localdate)


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "directory.Service"

    organization = factory.SubFactory(OrganizationFactory)
    agency = factory.SelfAttribute("organization.agency")
    name = factory.Sequence(lambda n: f"Service {n}")
    description = "Help for people who need it."
    verified_on = factory.LazyFunction(timezone.localdate)


class TaxonomyTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "directory.TaxonomyTerm"

    agency = factory.SubFactory(AgencyFactory)
    code = factory.Sequence(lambda n: f"term-{n}")
    name = factory.Sequence(lambda n: f"Category {n}")


class ReferralFactory(factory.django.DjangoModelFactory):
    """A draft referral to a directory service, sending general information (send it with
    referrals.services.referral.referral_send, which needs a covering release)."""

    class Meta:
        model = "referrals.Referral"

    client = factory.SubFactory(ClientFactory)
    service = factory.SubFactory(
        ServiceFactory, organization__agency=factory.SelfAttribute("...client.agency")
    )
    organization = factory.SelfAttribute("service.organization")
    reason = "Needs stable housing."
    categories = factory.LazyFunction(lambda: ["general"])
    referred_by = factory.SubFactory(UserFactory)


# --- Care plans -------------------------------------------------------------------------------
# Built through the services, so every rule of a plan's versions holds.


def goal_input(words: str = "I want my own place", needs=("income_housing",)):
    return plan_services.GoalInput(
        client_words=words,
        needs=tuple(needs),
        objectives=(
            plan_services.ObjectiveInput(
                text="Apply for two housing programs",
                target_date=timezone.localdate() + timedelta(days=60),
            ),
        ),
        interventions=(
            plan_services.InterventionInput(
                what="Help with the applications", responsible="staff", frequency="weekly"
            ),
        ),
    )


def signed_plan_input() -> plan_services.PlanInput:
    return plan_services.PlanInput(
        texts={"summary": "Somewhere safe to live", "warning_signs": "Not sleeping"},
        agreement=AgreementStatus.SIGNED,
        agreement_method="wet",
        agreement_on=timezone.localdate(),
    )


def draft_plan(*, client, author, goals=("I want my own place",)) -> CarePlan:
    plan = plan_services.plan_start(client=client, author=author)
    for words in goals:
        plan_services.goal_save(
            plan=plan, editor=author, data=goal_input(words), version=_plan_version(plan)
        )
    plan_services.plan_save(
        plan=plan, editor=author, data=signed_plan_input(), version=_plan_version(plan)
    )
    plan.refresh_from_db()
    return plan


def submitted_plan(*, client, author, **kwargs) -> CarePlan:
    plan = draft_plan(client=client, author=author, **kwargs)
    return plan_services.plan_submit(plan=plan, submitted_by=author, version=plan.version)


def active_plan(*, client, author, supervisor, **kwargs) -> CarePlan:
    plan = submitted_plan(client=client, author=author, **kwargs)
    return plan_services.plan_approve(plan=plan, approved_by=supervisor, version=plan.version)


def first_goal(plan: CarePlan) -> Goal:
    return plan.goals.order_by("position").first()


def _plan_version(plan: CarePlan) -> int:
    return CarePlan.objects.values_list("version", flat=True).get(pk=plan.pk)


# Staff profiles, trainings and limits (casework.staffing), for the matching tests.


def staff_member(
    team,
    name,
    *,
    role=Role.CASE_MANAGER,
    trainings=(),
    languages=("English",),
    areas=(),
    lapsed=(),
    limit=None,
):
    """A member of `team` with a profile: `trainings` current, `lapsed` expired yesterday."""
    user = MembershipFactory(team=team, role=role, user__full_name=name).user
    profile = StaffProfile.objects.create(user=user, languages=list(languages))
    profile.service_areas.set(areas)
    today = timezone.localdate()
    for specialty in trainings:
        StaffTraining.objects.create(
            user=user, specialty=specialty, certified_on=today - timedelta(days=200)
        )
    for specialty in lapsed:
        StaffTraining.objects.create(
            user=user,
            specialty=specialty,
            certified_on=date(2020, 1, 1),
            expires_on=today - timedelta(days=1),
        )
    if limit is not None:
        CaseloadLimit.objects.create(user=user, program=team.program, limit=limit)
    return user


def join(user, team, role=Role.CASE_MANAGER):
    return Membership.objects.create(user=user, team=team, role=role)
