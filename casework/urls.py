from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from casework import views
from casework.forms import SignInForm

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("teams/", views.teams, name="teams"),
    path("healthz", views.healthz, name="healthz"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            authentication_form=SignInForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("clients/", include("clients.urls")),
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
