"""Staff profiles: the list for supervisors and agency admins, one person's profile (their
own, or one they keep), and its edit page. Thin: find through the selectors, call the
service, redirect."""

from __future__ import annotations

from datetime import timedelta

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from casework.errors import form_write
from casework.permissions import requires, signed_in
from casework.predicates import may_edit_profile, may_see_staff
from casework.staffing import selectors
from casework.staffing.forms import StaffProfileForm
from casework.staffing.services import StaffProfileError, staff_profile_save


def _dates() -> dict:
    """Today and the end of the expiry notice, to mark trainings lapsed or expiring."""
    today = timezone.localdate()
    return {"today": today, "notice_until": today + timedelta(days=selectors.EXPIRY_NOTICE_DAYS)}


@require_safe
@requires(may_see_staff)
def staff_list(request: HttpRequest) -> HttpResponse:
    """Queries: session, user, memberships (access), staff, their trainings, their areas,
    open reminders (navigation)."""
    staff = selectors.staff_with_profiles(viewer=request.user)
    return render(
        request,
        "casework/staffing/staff_list.html",
        {"staff": staff, **_dates()},
    )


@require_safe
@requires(signed_in)
def profile(request: HttpRequest, user_id: int) -> HttpResponse:
    user, editable = selectors.profile_user_for(viewer=request.user, user_id=user_id)
    return render(
        request,
        "casework/staffing/profile.html",
        {
            "view": selectors.profile_view(user=user),
            "editable": editable,
            **_dates(),
        },
    )


def _profile(request: HttpRequest, user_id: int) -> selectors.ProfileTarget:
    return selectors.profile_user_for(viewer=request.user, user_id=user_id)


@require_http_methods(["GET", "HEAD", "POST"])
@requires(signed_in)
@requires(may_edit_profile, on=_profile)
def profile_edit(
    request: HttpRequest, target: selectors.ProfileTarget, user_id: int
) -> HttpResponse:
    user = target.user
    view = selectors.profile_view(user=user)
    form = StaffProfileForm(
        request.POST or None,
        agency_ids=[m.team.agency_id for m in view.teams],
        programs=[p for p, _limit, _own in view.limits],
        trainings=view.trainings,
        initial_areas=[a.pk for a in view.areas],
        languages=view.profile.languages if view.profile else [],
        limits={p.pk: limit for p, limit, own in view.limits if own},
        version=view.profile.version if view.profile else None,
    )

    def save(data: dict) -> None:
        staff_profile_save(
            user=user,
            version=data["version"],
            languages=form.languages_list(),
            service_areas=list(data["service_areas"]),
            trainings=form.trainings(),
            limits=form.limits(),
            changed_by=request.user,
        )

    done = f"{user.full_name}'s profile was saved."
    if form_write(request, form, save, done, refused=StaffProfileError) is not None:
        return redirect("staffing:profile", user_id=user.pk)
    return render(request, "casework/staffing/profile_form.html", {"view": view, "form": form})
