from django.urls import path

from casework.routes import routes
from clients.views import handoffs, offline

urlpatterns = [
    path("offline/", offline.offline_page, name="offline"),
    *routes(
        "offline/",
        keys=offline.offline_keys,
        take=offline.offline_take,
        wipe=offline.offline_wipe,
    ),
    *routes(
        "<int:client_id>/handoffs/<int:pk>/", handoffs.handoff_detail, read=handoffs.handoff_read
    ),
]
