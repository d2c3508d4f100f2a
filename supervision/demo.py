"""Demo rows for supervision (registered in apps.py, after the visits, plans and referrals):
so each demo team's dashboard has something in every queue and column.

- Notes of programs that need a co-signature: those signed over CATCH_UP_DAYS ago were
  co-signed by the team's supervisor (two days after signing); the recent ones wait.
- One note per such team is back with its author, with the supervisor's comment.
- One client's first care plan waits for approval; one client of the FSP team was opened by
  another team's case manager through emergency access yesterday, not yet reviewed.
- Two draft referrals of the FSP team were drafted six weeks ago and never sent.

Idempotent: every step looks for its rows first, so a second run adds nothing.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import F
from django.utils import timezone

from careplans.models import AgreementStatus, CarePlan, PlanStatus
from careplans.services import plans as plan_services
from careplans.services.errors import PlanError
from casework.models import Agency, EmergencyAccess, Membership, Role, Team
from clients.models import Client, Status, Visit
from directory.models import Service
from referrals.models import Referral, ReferralStatus
from supervision.models import NoteReturn
from supervision.selectors.queues import needs_cosign
from supervision.services.notes import note_return

CATCH_UP_DAYS = 10
RETURN_COMMENT = (
    "The plan section does not say when you will see her next or what you agreed about the "
    "housing application. Please add an addendum with the next step and the date."
)


def _supervisor(team: Team):
    m = (
        Membership.objects.filter(team=team, role=Role.SUPERVISOR)
        .select_related("user")
        .order_by("user__email")
        .first()
    )
    return m.user if m else None


def seed_supervision(agency: Agency) -> None:
    now = timezone.now()
    for team in Team.objects.filter(agency=agency, is_active=True).order_by("name"):
        sup = _supervisor(team)
        if sup is None:
            continue
        waiting = Visit.objects.filter(
            client__team=team,
            signed_at__isnull=False,
            cosigned_at__isnull=True,
            retracted_at__isnull=True,
        ).filter(needs_cosign())
        # The signed-note trigger lets exactly these two columns be filled in, once.
        waiting.filter(signed_at__lt=now - timedelta(days=CATCH_UP_DAYS)).update(
            cosigned_at=F("signed_at") + timedelta(days=2), cosigned_by=sup
        )
        _return_one(team, sup, waiting)
        _plan_waiting(team)
    _emergency(agency, now)
    _old_drafts(agency, now)


def _return_one(team: Team, sup, waiting) -> None:
    if NoteReturn.objects.filter(team=team).exists():
        return
    visit = waiting.exclude(author=sup).order_by("signed_at", "pk").first()
    if visit is not None:
        note_return(visit_id=visit.pk, team=team, returned_by=sup, comment=RETURN_COMMENT)


def _plan_waiting(team: Team) -> None:
    """A first care plan, made with a client who had none, sent for approval."""
    if CarePlan.objects.filter(team=team, status=PlanStatus.SUBMITTED).exists():
        return
    client = (
        Client.objects.filter(team=team, status=Status.ACTIVE, care_plans__isnull=True)
        .order_by("record_number")
        .first()
    )
    primary = client and client.assignments.filter(ended_on__isnull=True, role="primary").first()
    if primary is None:
        return
    author = primary.staff
    today = timezone.localdate()
    plan = plan_services.plan_start(client=client, author=author)
    plan_services.goal_save(
        plan=plan,
        editor=author,
        data=plan_services.GoalInput(
            client_words="I want to keep my flat.",
            needs=("income_housing",),
            objectives=(
                plan_services.ObjectiveInput(
                    text="Pay the rent on time for three months",
                    target_date=today + timedelta(days=90),
                ),
            ),
            interventions=(
                plan_services.InterventionInput(
                    what="Budgeting help on pay day", responsible="staff", frequency="monthly"
                ),
            ),
        ),
        version=plan.version,
    )
    plan.refresh_from_db()
    plan = plan_services.plan_save(
        plan=plan,
        editor=author,
        data=plan_services.PlanInput(
            texts={"summary": "To keep my flat and start the cooking course in spring."},
            agreement=AgreementStatus.SIGNED,
            agreement_method="electronic",
            agreement_on=today,
        ),
        version=plan.version,
    )
    try:
        plan_services.plan_submit(plan=plan, submitted_by=author, version=plan.version)
    except PlanError:
        pass  # the rules changed under the demo: the draft stays a draft


def _emergency(agency: Agency, now) -> None:
    team = Team.objects.filter(agency=agency, program__kind="fsp").order_by("pk").first()
    other = (
        Membership.objects.filter(team__agency=agency, role=Role.CASE_MANAGER)
        .exclude(team=team)
        .select_related("user")
        .order_by("user__email")
        .first()
    )
    client = Client.objects.filter(team=team, status=Status.ACTIVE).order_by("record_number").last()
    if team is None or other is None or client is None:
        return
    if EmergencyAccess.objects.filter(team=team).exists():
        return
    granted = now - timedelta(days=1)
    EmergencyAccess.objects.create(
        user=other.user,
        client_id=client.pk,
        team=team,
        agency=agency,
        reason="Called by the night shelter: client in crisis, needed the safety plan and "
        "the psychiatrist's number while the team was off.",
        granted_at=granted,
        expires_at=granted + timedelta(hours=4),
    )


def _old_drafts(agency: Agency, now) -> None:
    team = Team.objects.filter(agency=agency, program__kind="fsp").order_by("pk").first()
    if team is None:
        return
    since = now - timedelta(days=35)
    if Referral.objects.filter(
        client__team=team, status=ReferralStatus.DRAFT, created_at__lt=since
    ).exists():
        return
    service = Service.objects.filter(agency=agency).order_by("pk").first()
    clients = Client.objects.filter(team=team, status=Status.ACTIVE).order_by("record_number")[:2]
    for i, client in enumerate(clients):
        staff = client.assignments.filter(ended_on__isnull=True).order_by("role").first()
        if service is None or staff is None:
            return
        referral = Referral.objects.create(
            client=client,
            service=service,
            organization=service.organization,
            reason="Help with a benefits appeal.",
            categories=["general"],
            referred_by=staff.staff,
        )
        Referral.objects.filter(pk=referral.pk).update(created_at=now - timedelta(days=40 + 3 * i))
