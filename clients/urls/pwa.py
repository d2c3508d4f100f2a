"""What makes Casework installable, at the site's root (a service worker controls only the
paths under its own): included without a namespace by casework/urls.py."""

from django.urls import path

from clients.views import offline

urlpatterns = [
    path("sw.js", offline.service_worker, name="pwa_service_worker"),
    path("manifest.webmanifest", offline.manifest, name="pwa_manifest"),
]
