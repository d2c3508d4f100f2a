from django.urls import path

from casework.routes import routes
from clients.urls.parts import record_part
from clients.views import careteam, week

urlpatterns = [
    *record_part(
        "care-team",
        careteam.care_team,
        careteam.care_team_panel,
        careteam.provider_create,
        edit=careteam.provider_edit,
        end=careteam.provider_end,
    ),
    *routes("<int:client_id>/appointments/", new=careteam.appointment_create),
    *routes(
        "<int:client_id>/appointments/<int:pk>/",
        edit=careteam.appointment_edit,
        outcome=careteam.appointment_outcome,
        rebook=careteam.appointment_rebook,
        followed_up=careteam.appointment_followed_up,
    ),
    *routes("week/", week.my_week, team=week.team_week),
    *routes("calendar-link/", week.feed_settings, off=week.feed_revoke),
    path("calendar/<str:token>.ics", week.calendar_feed, name="calendar_feed"),
]
