from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from casework import views
from casework.forms import SignInForm
from casework.permissions import public, requires, signed_in

# Django's own account pages (django.contrib.auth.urls), each with its declaration: changing
# one's password needs a session (Django's view checks it as well); signing out and resetting
# a forgotten password are open.
accounts = [
    path("logout/", public(auth_views.LogoutView.as_view()), name="logout"),
    path(
        "password_change/",
        requires(signed_in)(auth_views.PasswordChangeView.as_view()),
        name="password_change",
    ),
    path(
        "password_change/done/",
        requires(signed_in)(auth_views.PasswordChangeDoneView.as_view()),
        name="password_change_done",
    ),
    path("password_reset/", public(auth_views.PasswordResetView.as_view()), name="password_reset"),
    path(
        "password_reset/done/",
        public(auth_views.PasswordResetDoneView.as_view()),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        public(auth_views.PasswordResetConfirmView.as_view()),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        public(auth_views.PasswordResetCompleteView.as_view()),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    # The home dashboard is composed above every app (pages).
    path("", include("pages.urls")),
    path("teams/", views.teams, name="teams"),
    path("healthz", views.healthz, name="healthz"),
    path(
        "accounts/login/",
        public(
            auth_views.LoginView.as_view(
                authentication_form=SignInForm, redirect_authenticated_user=True
            )
        ),
        name="login",
    ),
    path("accounts/", include(accounts)),
    # The clients app's routes, with the record and visit pages composed above it (pages).
    path("clients/", include("pages.clients_urls")),
    path("", include("clients.urls.pwa")),
    path("clients/<int:client_id>/", include("careplans.urls")),
    path("notifications/", include("casework.notifications.urls")),
    path("", include("casework.security.urls")),
    path("", include("casework.staffing.urls")),
    path("", include("directory.urls")),
    path("", include("referrals.urls")),
    path("supervision/", include("supervision.urls")),
    path("reports/", include("reports.urls")),
    path("", include("exports.urls")),
    path("", include("administration.urls")),
    path("django-admin/", admin.site.urls),
]
