from django.urls import path

from clients.views import offline

urlpatterns = [
    path("offline/", offline.offline_page, name="offline"),
    path("offline/keys/", offline.offline_keys, name="offline_keys"),
    path("offline/take/", offline.offline_take, name="offline_take"),
    path("offline/wipe/", offline.offline_wipe, name="offline_wipe"),
]
