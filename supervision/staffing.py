"""The matching issue's staffing facts on a team's dashboard: who is over their caseload
limit, whose trainings lapsed or are about to, and room left beside each name in the
reassign form. The rules (acuity weights, limits, expiry) stay in casework.staffing and
clients.selectors.matching; this module only asks them for one team. One query each."""

from __future__ import annotations

from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from casework.access import WRITE_ROLES
from casework.models import Membership, Team, User
from casework.prepared import Prepared
from casework.staffing.selectors import EXPIRY_NOTICE_DAYS, trainings_needing_renewal
from clients.selectors.matching import members_with_capacity
from supervision.sections import Section, StaffHint


def _capacity(team: Team) -> QuerySet[Membership]:
    """The team's case managers and supervisors with `load` (acuity-weighted, over all their
    teams) and `limit` (their own for the team's program, else the program's ratio)."""
    return _capacity_of(team.pk)


def _capacity_of(team_id: int) -> QuerySet[Membership]:
    members = Membership.objects.filter(team_id=team_id, role__in=WRITE_ROLES, user__is_active=True)
    return members_with_capacity(members.select_related("user"))


def _over_capacity(_shape, *, team_id: int) -> QuerySet[Membership]:
    over = _capacity_of(team_id).filter(load__gt=F("limit"))
    return over.order_by((F("load") - F("limit")).desc(), "user__full_name", "pk")


# Built once per process (casework.prepared): every dashboard shows it.
_OVER_CAPACITY = Prepared(Membership, _over_capacity, team_id=-2_000_000_089)


def _places(load, limit) -> str:
    return _("%(load)s of %(limit)s places") % {"load": f"{load.normalize():f}", "limit": limit}


def _card(title: str, *, empty: str, people: list[tuple[int, str, str]], note: str) -> Section:
    """The ready-made titled card of lines (`supervision/_section.html`), one per (user id,
    label, fact), each linked to that person's staff profile; `empty` when there are none."""
    lines = [
        (label, fact, reverse("staffing:profile", args=[user_id]))
        for user_id, label, fact in people
    ]
    return Section(
        template="supervision/_section.html",
        title=title,
        context={"title": title, "empty": empty, "lines": lines, "note": note},
    )


def over_capacity_section(request, view, rows) -> Section:
    over = _OVER_CAPACITY.objects(team_id=view.team.pk)
    return _card(
        _("Over their caseload limit"),
        empty=_("Nobody: every caseload is within its limit."),
        people=[(m.user_id, m.user.full_name, _places(m.load, m.limit)) for m in over],
        note=_(
            "Weighted by acuity: a high-acuity client takes 1.5 places, a low-acuity one "
            "half a place."
        ),
    )


def trainings_section(request, view, rows) -> Section:
    today = timezone.localdate()
    trainings = trainings_needing_renewal(team_ids=[view.team.pk], today=today)
    people = [
        (
            t.user_id,
            f"{t.user.full_name}: {t.get_specialty_display().lower()}",
            (_("lapsed %s") if t.expires_on < today else _("expires %s"))
            % date_format(t.expires_on),
        )
        for t in trainings
    ]
    return _card(
        _("Trainings lapsed or expiring"),
        empty=_("None lapsed or expiring."),
        people=people,
        note=_(
            "Within the next %(days)s days; a lapsed training no longer counts when "
            "clients are matched."
        )
        % {"days": EXPIRY_NOTICE_DAYS},
    )


def room_hints(team: Team, staff: list[User]) -> dict[int, StaffHint]:
    """Most room first in the reassign form, with each person's weighted load beside them."""
    rows = _capacity(team).filter(user__in=[u.pk for u in staff])
    return {
        m.user_id: StaffHint(rank=float(m.load - m.limit), note=_places(m.load, m.limit))
        for m in rows
    }
