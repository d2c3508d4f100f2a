from django.urls import path

from clients.views import careteam, week

urlpatterns = [
    path("<int:client_id>/care-team/", careteam.care_team, name="care_team"),
    path("<int:client_id>/panels/care-team/", careteam.care_team_panel, name="care_team_panel"),
    path("<int:client_id>/care-team/new/", careteam.provider_create, name="provider_create"),
    path("<int:client_id>/care-team/<int:pk>/edit/", careteam.provider_edit, name="provider_edit"),
    path("<int:client_id>/care-team/<int:pk>/end/", careteam.provider_end, name="provider_end"),
    path(
        "<int:client_id>/appointments/new/",
        careteam.appointment_create,
        name="appointment_create",
    ),
    path(
        "<int:client_id>/appointments/<int:pk>/edit/",
        careteam.appointment_edit,
        name="appointment_edit",
    ),
    path(
        "<int:client_id>/appointments/<int:pk>/outcome/",
        careteam.appointment_outcome,
        name="appointment_outcome",
    ),
    path(
        "<int:client_id>/appointments/<int:pk>/rebook/",
        careteam.appointment_rebook,
        name="appointment_rebook",
    ),
    path(
        "<int:client_id>/appointments/<int:pk>/followed-up/",
        careteam.appointment_followed_up,
        name="appointment_followed_up",
    ),
    path("week/", week.my_week, name="my_week"),
    path("week/team/", week.team_week, name="team_week"),
    path("calendar-link/", week.feed_settings, name="feed_settings"),
    path("calendar-link/off/", week.feed_revoke, name="feed_revoke"),
    path("calendar/<str:token>.ics", week.calendar_feed, name="calendar_feed"),
]
