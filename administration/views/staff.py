"""Staff onboarding pages: the agency's staff, inviting one person or many, a person's page
(roles and their history, what they still hold), and the actions on it. Agency admins only;
a person outside the agency answers 404."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from administration import selectors
from administration.forms.staff import StaffFileForm, StaffInviteForm, StaffRolesForm
from administration.imports.columns import STAFF
from administration.imports.files import grouped
from administration.predicates import may_administer_agency
from administration.services import AdministrationError
from administration.services import staff as services
from administration.services.bulk_invite import staff_invite_bulk
from administration.views.agency import agency_for
from administration.views.downloads import template_download
from casework.errors import flash_outcome
from casework.models import Agency, Team
from casework.permissions import requires

_FORM_METHODS = ["GET", "HEAD", "POST"]


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _teams(agency: Agency) -> list[Team]:
    return list(Team.objects.filter(agency=agency, is_active=True).order_by("name"))


def _refuse(form, error: AdministrationError) -> None:
    field = error.field if error.field in form.fields else None
    if error.field == "teams":
        field = None
    form.add_error(field, error.message)


@require_safe
@requires(may_administer_agency)
def staff_list(request: HttpRequest) -> HttpResponse:
    """Queries: session, user, access, reminder count, agency, staff with their state, their
    team roles."""
    agency = agency_for(request)
    staff = selectors.staff_directory(agency=agency)
    return render(request, "administration/staff_list.html", {"agency": agency, "staff": staff})


@require_http_methods(_FORM_METHODS)
@requires(may_administer_agency)
def staff_invite(request: HttpRequest) -> HttpResponse:
    agency = agency_for(request)
    form = StaffInviteForm(request.POST or None, teams=_teams(agency), roles={})
    if request.method == "POST" and form.is_valid():
        try:
            user = services.staff_invite(
                agency=agency,
                email=form.cleaned_data["email"],
                details=form.details(),
                is_admin=form.cleaned_data["is_admin"],
                team_roles=form.team_roles(),
                invited_by=request.user,
                base_url=_base_url(request),
            )
        except AdministrationError as error:
            _refuse(form, error)
        else:
            messages.success(
                request, f"{user.full_name} was invited: the link went to {user.email}."
            )
            return redirect("administration:staff_detail", user_id=user.pk)
    return render(request, "administration/staff_invite.html", {"form": form})


@require_http_methods(_FORM_METHODS)
@requires(may_administer_agency)
def staff_invite_many(request: HttpRequest) -> HttpResponse:
    agency = agency_for(request)
    form = StaffFileForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        report = staff_invite_bulk(
            agency=agency,
            data=upload.read(),
            filename=upload.name,
            invited_by=request.user,
            base_url=_base_url(request),
            dry_run=form.cleaned_data["dry_run"],
        )
        if report.invited:
            messages.success(request, f"{len(report.invited)} people were invited.")
            return redirect("administration:staff")
    context = {
        "form": form,
        "report": report,
        "problem_groups": grouped(report.problems) if report else [],
        "columns": STAFF,
    }
    return render(request, "administration/staff_invite_many.html", context)


@require_safe
@requires(may_administer_agency)
def staff_template(request: HttpRequest, fmt: str) -> HttpResponse:
    agency_for(request)
    return template_download("staff", fmt)


@require_safe
@requires(may_administer_agency)
def staff_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    """Queries: session, user, access, reminder count, agency, the person with their state,
    their team roles, their open clients by team, those teams' supervisors, role history."""
    agency = agency_for(request)
    person = selectors.staff_member(agency=agency, user_id=user_id)
    context = {
        "agency": agency,
        "person": person,
        "open_work": selectors.open_work(user=person),
        "history": selectors.role_history(agency=agency, user=person)[:50],
        "expires_at": selectors.invitation_expires_at(person.invited_at),
    }
    return render(request, "administration/staff_detail.html", context)


@require_http_methods(_FORM_METHODS)
@requires(may_administer_agency)
def staff_roles(request: HttpRequest, user_id: int) -> HttpResponse:
    agency = agency_for(request)
    person = selectors.staff_member(agency=agency, user_id=user_id)
    roles = {m.team_id: m.role for m in person.roles}
    form = StaffRolesForm(
        request.POST or None,
        teams=_teams(agency),
        roles=roles,
        initial={
            "version": person.place_version,
            "is_admin": bool(person.place_admin) or "admin" in roles.values(),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.staff_roles_change(
                agency=agency,
                user=person,
                version=form.cleaned_data["version"],
                is_admin=form.cleaned_data["is_admin"],
                team_roles=form.team_roles(),
                changed_by=request.user,
                request=request,
            )
        except AdministrationError as error:
            _refuse(form, error)
        else:
            messages.success(request, f"{person.full_name}'s roles were saved.")
            return redirect("administration:staff_detail", user_id=person.pk)
    return render(request, "administration/staff_roles.html", {"form": form, "person": person})


def _action(request: HttpRequest, user_id: int, service, done: str, /, **by) -> HttpResponse:
    """A button on a staff member's page: `service(agency=, user=, **by)`, its refusal or
    `done` (which may name them, `{name}`) as the next page's message."""
    agency = agency_for(request)
    person = selectors.staff_member(agency=agency, user_id=user_id)
    done = done.format(name=person.full_name)
    act = partial(service, agency=agency, user=person, **by)
    flash_outcome(request, act, done, refused=AdministrationError)
    return redirect("administration:staff_detail", user_id=person.pk)


@requires(may_administer_agency, methods=["POST"])
def staff_resend(request: HttpRequest, user_id: int) -> HttpResponse:
    done = "A new invitation went to {name}; earlier links no longer work."
    base_url = _base_url(request)
    resend = services.staff_invitation_resend
    return _action(request, user_id, resend, done, sent_by=request.user, base_url=base_url)


@requires(may_administer_agency, methods=["POST"])
def staff_unlock(request: HttpRequest, user_id: int) -> HttpResponse:
    done = "{name} may sign in again."
    by = {"unlocked_by": request.user, "request": request}
    return _action(request, user_id, services.staff_unlock, done, **by)


@requires(may_administer_agency, methods=["POST"])
def staff_reactivate(request: HttpRequest, user_id: int) -> HttpResponse:
    done = "{name} may sign in again, with the roles they had."
    by = {"reactivated_by": request.user, "request": request}
    return _action(request, user_id, services.staff_reactivate, done, **by)


@require_http_methods(_FORM_METHODS)
@requires(may_administer_agency)
def staff_deactivate(request: HttpRequest, user_id: int) -> HttpResponse:
    """GET: the confirmation, listing what the person still holds; POST: deactivate."""
    agency = agency_for(request)
    person = selectors.staff_member(agency=agency, user_id=user_id)
    if request.method == "POST":
        done = "{name} was deactivated: their sessions ended and their calendar link is off."
        by = {"deactivated_by": request.user, "request": request}
        return _action(request, user_id, services.staff_deactivate, done, **by)
    context = {
        "person": person,
        "open_work": selectors.open_work(user=person),
        "hand_over": selectors.appointments_to_hand_over(user=person),
    }
    return render(request, "administration/staff_deactivate.html", context)
