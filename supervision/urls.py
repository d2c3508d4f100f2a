from django.urls import path

from casework.routes import routes
from supervision.views import actions, cosign, dashboard, notes

app_name = "supervision"

_TEAM = "team/<int:team_id>/"

urlpatterns = [
    path("team/", dashboard.home, name="home"),
    *routes(_TEAM, dashboard.dashboard, reassign=actions.reassign),
    path(f"{_TEAM}list/<slug:metric>/", dashboard.metric_list, name="metric_list"),
    *routes(f"{_TEAM}notes/<int:visit_id>/", cosign=actions.cosign),
    path(f"{_TEAM}notes/<int:visit_id>/return/", actions.return_note, name="return"),
    path(f"{_TEAM}cosign/", cosign.cosign_queue_page, name="cosign_queue"),
    *routes(f"{_TEAM}cosign/<int:visit_id>/", cosign.cosign_review),
    path(f"{_TEAM}cosign/<int:visit_id>/next/", cosign.cosign_and_next, name="cosign_next"),
    *routes(f"{_TEAM}emergency/<int:grant_id>/", review=actions.emergency_review),
    *routes("clients/<int:client_id>/visits/<int:visit_id>/", review=notes.visit_review),
    *routes("returns/<int:pk>/", answered=notes.return_resolve),
]
