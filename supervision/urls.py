from django.urls import path

from supervision.views import actions, cosign, dashboard, notes

app_name = "supervision"

urlpatterns = [
    path("team/", dashboard.home, name="home"),
    path("team/<int:team_id>/", dashboard.dashboard, name="dashboard"),
    path("team/<int:team_id>/list/<slug:metric>/", dashboard.metric_list, name="metric_list"),
    path("team/<int:team_id>/reassign/", actions.reassign, name="reassign"),
    path("team/<int:team_id>/notes/<int:visit_id>/cosign/", actions.cosign, name="cosign"),
    path("team/<int:team_id>/notes/<int:visit_id>/return/", actions.return_note, name="return"),
    path("team/<int:team_id>/cosign/", cosign.cosign_queue_page, name="cosign_queue"),
    path("team/<int:team_id>/cosign/<int:visit_id>/", cosign.cosign_review, name="cosign_review"),
    path(
        "team/<int:team_id>/cosign/<int:visit_id>/next/",
        cosign.cosign_and_next,
        name="cosign_next",
    ),
    path(
        "team/<int:team_id>/emergency/<int:grant_id>/review/",
        actions.emergency_review,
        name="emergency_review",
    ),
    path(
        "clients/<int:client_id>/visits/<int:visit_id>/review/",
        notes.visit_review,
        name="visit_review",
    ),
    path("returns/<int:pk>/answered/", notes.return_resolve, name="return_resolve"),
]
