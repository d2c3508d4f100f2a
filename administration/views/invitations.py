"""The invited person's page: choose a password with the one-time link. Open to anyone holding
a valid link; signs nobody in (the sign-in that follows asks for the second factor)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.forms import SetPasswordForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from administration.services.invitations import INVITATION_HOURS, invitation_accept, invitation_user
from casework.models import AgencyStaff
from casework.permissions import public


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@public
def welcome(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    user = invitation_user(uidb64=uidb64, token=token)
    if user is None:
        return render(
            request, "administration/welcome_invalid.html", {"hours": INVITATION_HOURS}, status=404
        )
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        invitation_accept(user=user, password=form.cleaned_data["new_password1"])
        messages.success(
            request,
            "Your password is set. Sign in with it now; Casework then asks you to set up "
            "two-factor sign-in with an authenticator app.",
        )
        return redirect("login")
    place = AgencyStaff.objects.filter(user=user).select_related("agency").first()
    context = {"form": form, "invitee": user, "agency": place.agency if place else None}
    return render(request, "administration/welcome.html", context)
