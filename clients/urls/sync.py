from django.urls import path

from clients.views import sync

urlpatterns = [
    path("sync/visits/", sync.visit_upload, name="sync_visit_upload"),
    path("sync/visits/discard/", sync.visit_discard, name="sync_visit_discard"),
]
