from django.urls import path

from clients.views import handoffs, offline

urlpatterns = [
    path("offline/", offline.offline_page, name="offline"),
    path("offline/keys/", offline.offline_keys, name="offline_keys"),
    path("offline/take/", offline.offline_take, name="offline_take"),
    path("offline/wipe/", offline.offline_wipe, name="offline_wipe"),
    path("<int:client_id>/handoffs/<int:pk>/", handoffs.handoff_detail, name="handoff_detail"),
    path("<int:client_id>/handoffs/<int:pk>/read/", handoffs.handoff_read, name="handoff_read"),
]
