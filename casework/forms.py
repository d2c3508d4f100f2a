from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class SignInForm(AuthenticationForm):
    """Django's sign-in form, labelled for e-mail addresses (the user model's username)."""

    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("That e-mail address and password do not match an active account."),
    }


def lockout_username(request, credentials: dict | None) -> str | None:
    """The key django-axes counts failures under: the e-mail address, lower-cased."""
    value = (credentials or {}).get("username") or request.POST.get("username")
    return value.strip().lower() if value else None
